import { CombinedEngine } from './combined.ts';
import type { OcrEngine, OcrEngineKind } from './ocr.ts';
import { PaddleEngine } from './paddle.ts';
import { TesseractEngine } from './tesseract.ts';

/** Builds an OCR engine; models and workers load lazily, on the first page. */
export function createOcrEngine(kind: OcrEngineKind): OcrEngine {
  switch (kind) {
    case 'tesseract':
      return new TesseractEngine();
    case 'paddle':
      return new PaddleEngine();
    case 'combined':
      return new CombinedEngine();
  }
}
