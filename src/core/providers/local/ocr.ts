import type { Box } from '../../../shared/result.ts';

/** The OCR port: what the field matcher needs from any OCR engine. Boxes are in image pixels. */
export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

export interface OcrPage {
  width: number;
  height: number;
  lines: OcrLine[];
  /**
   * For a document's pages read one under the other: where each page after the first begins. A
   * table may run on over these (see match-table.ts).
   */
  pageBreaks?: number[];
  /** Which engine(s) produced it, for logs and benchmarks. */
  engine: string;
}

export interface OcrEngine {
  readonly name: string;
  /** An encoded image (PNG or JPEG). The engine decides how far to shrink it. */
  recognize(image: Buffer, options?: { signal?: AbortSignal | undefined }): Promise<OcrPage>;
  /** Frees workers and sessions; the engine must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * The engines the offline provider can use. `combined` (the default) reads the page with
 * PaddleOCR and the header again with tesseract.js for its word spacing: see combined.ts.
 */
export const OCR_ENGINE_KINDS = ['combined', 'paddle', 'tesseract'] as const;
export type OcrEngineKind = (typeof OCR_ENGINE_KINDS)[number];
