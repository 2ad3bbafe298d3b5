import { createHash } from 'node:crypto';
import type { OcrEngine, OcrPage } from '../providers/local/ocr.ts';

/**
 * An OCR engine that remembers the last page it read: redaction reads the capture before it is
 * sent, and grounding reads the same bytes while the model answers; when redaction changed nothing,
 * the second read is the first one's page. One entry: captures come one after another.
 */
export function rememberLastPage(engine: () => Promise<OcrEngine>): {
  engine: () => Promise<OcrEngine>;
  readPage: (image: Buffer, signal?: AbortSignal) => Promise<OcrPage>;
} {
  let last: { sha: string; page: Promise<OcrPage> } | undefined;
  const readPage = (image: Buffer, signal?: AbortSignal): Promise<OcrPage> => {
    const sha = createHash('sha256').update(image).digest('hex');
    if (last?.sha === sha) return last.page;
    const page = engine().then((e) => e.recognize(image, { signal }));
    // A failed read is not remembered: the next caller tries again.
    page.catch(() => {
      if (last?.page === page) last = undefined;
    });
    last = { sha, page };
    return page;
  };
  const remembering = async (): Promise<OcrEngine> => {
    const real = await engine();
    return {
      name: real.name,
      recognize: (image, options) => readPage(image, options?.signal),
      close: () => real.close(),
    };
  };
  return { engine: remembering, readPage };
}
