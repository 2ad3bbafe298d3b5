import type { Profile } from '../../shared/field.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { DocumentPages, FieldMeta, ProviderId, Usage } from '../../shared/result.ts';
import type { ImageRequest, PreparedImage } from '../imaging/types.ts';
import type { OcrLine } from './local/ocr.ts';

export interface ExtractionRequest {
  image: PreparedImage;
  profile: Profile;
  model: string;
  signal?: AbortSignal;
  /**
   * The longest wait for this extraction's answer from a model server, retries included
   * (--timeout, settings provider.timeoutSeconds); the provider's `timeoutMs` when absent.
   */
  timeoutMs?: number;
  /**
   * When that wait ends (a Date.now() time). Set once per extraction by extractFields, so a repair
   * attempt shares the wait rather than starting a new one.
   */
  deadline?: number;
  /** Set on the one repair attempt after an answer failed validation. */
  repair?: { previousAnswer: string; problems: string[] };
}

/** A page of a document as its file gives it: the words of its text layer where usable, and its pixels on request. */
export interface DocumentPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  /** The text layer in page pixels; absent when the page has no usable text (a scan). */
  lines?: OcrLine[];
  /** The page drawn as PNG, width x height pixels. */
  render(): Promise<Buffer>;
}

/** The pages of a document, for a provider that reads a document itself (extractDocument). */
export type DocumentRequest = Omit<ExtractionRequest, 'image'> & { pages: DocumentPage[] };

export interface ProviderOutput {
  /**
   * The answer as a value (the local engine, or an SDK that already parsed it). When absent, `raw`
   * is parsed as JSON. Either way extraction validates and coerces it to the field types.
   */
  answer?: unknown;
  /** The model's text answer, kept on the result when it fails validation. */
  raw?: string;
  fieldMeta?: Record<string, FieldMeta>;
  usage?: Usage;
  model: string;
  /** For a document: how each page was read (text layer or OCR). */
  pages?: DocumentPages['pages'];
}

/** Every way of reading fields off an image: cloud models and the offline engine alike. */
export interface VisionProvider {
  readonly id: ProviderId;
  readonly defaultModel: string;
  /** A model reached over HTTP: its answers get a repair attempt, and each result a `sent` record. */
  readonly remote: boolean;
  /**
   * The image leaves this machine: local-only refuses such a provider, and redaction and the
   * preview stand before it. False for the offline engine and for a server on this machine.
   */
  readonly leavesMachine: boolean;
  /**
   * A model server's default wait for an answer, retries included (ms); absent for the offline
   * engine, which reads the page on this machine and is not limited.
   */
  readonly timeoutMs?: number;
  /** The image this provider wants for a model and detail; imaging prepares exactly that. */
  imageRequest(model: string, detail: ImageRequest['detail']): ImageRequest;
  extract(request: ExtractionRequest): Promise<ProviderOutput>;
  /**
   * Reads a document's pages itself, from their text layer where they have one (the offline
   * engine: exact and without OCR). A provider without it is sent the pages drawn as one image.
   */
  extractDocument?(request: DocumentRequest): Promise<ProviderOutput>;
  /** A short check of key, model and base URL; resolves to what it found, throws a UserError. */
  check(model: string): Promise<Message>;
  close(): Promise<void>;
}
