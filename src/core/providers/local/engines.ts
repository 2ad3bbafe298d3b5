import type { OcrEngine } from './ocr.ts';
import { PaddleEngine } from './paddle.ts';
import { TesseractEngine } from './tesseract.ts';

export type OcrEngineKind = 'tesseract' | 'paddle';

/** Builds an OCR engine; models and workers load lazily, on the first page. */
export function createOcrEngine(kind: OcrEngineKind): OcrEngine {
  switch (kind) {
    case 'tesseract':
      return new TesseractEngine();
    case 'paddle':
      return new PaddleEngine();
  }
}
