import type { Profile } from '../../shared/field.ts';
import type { FieldMeta, FieldValue, ProviderId, Usage } from '../../shared/result.ts';
import type { ImageRequest, PreparedImage } from '../imaging/types.ts';

export interface ExtractionRequest {
  image: PreparedImage;
  profile: Profile;
  model: string;
  signal?: AbortSignal;
}

export interface ProviderOutput {
  /** Values as the provider gave them; extraction validates and coerces them to the field types. */
  fields: Record<string, unknown>;
  fieldMeta?: Record<string, FieldMeta>;
  /** The model's text answer, kept on the result when it fails validation. */
  raw?: string;
  usage?: Usage;
  model: string;
}

/** Every way of reading fields off an image: cloud models and the offline engine alike. */
export interface VisionProvider {
  readonly id: ProviderId;
  readonly defaultModel: string;
  /** True when an image leaves this machine (privacy guards and the `sent` record use it). */
  readonly remote: boolean;
  /** The image this provider wants for a model and detail; imaging prepares exactly that. */
  imageRequest(model: string, detail: ImageRequest['detail']): ImageRequest;
  extract(request: ExtractionRequest): Promise<ProviderOutput>;
  /** A short check of key, model and base URL; resolves to a sentence, throws a UserError. */
  check(model: string): Promise<string>;
  close(): Promise<void>;
}

export type { FieldValue };
