import type { Detail, ProviderId } from '../../shared/result.ts';

/** Pixels straight from a capture (no PNG to decode again), or an encoded file's bytes. */
export type ImageInput =
  | { kind: 'encoded'; data: Buffer }
  | {
      kind: 'raw';
      /** Transferred, not copied, to the imaging worker: the caller must not use it afterwards. */
      data: ArrayBuffer;
      width: number;
      height: number;
      channels: 3 | 4;
      /** Electron's NativeImage.toBitmap() is BGRA on every platform. */
      order: 'rgba' | 'bgra';
    };

export interface ImageRequest {
  provider: ProviderId;
  model: string;
  detail: Detail;
}

/** The image as it will be sent (or, for the local engine, read), with what it will cost. */
export interface PreparedImage {
  data: Buffer;
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
  sha256: string;
  /** `auto` resolved to what was actually used. */
  detail: Detail;
  /** Input tokens the model will bill for this image; 0 for the local engine. */
  estimatedTokens: number;
}
