import type { Detail } from '../../../shared/result.ts';
import { UserError, userError } from '../../../shared/errors.ts';
import { message } from '../../../shared/messages/catalogue.ts';
import type { Message } from '../../../shared/messages/message.ts';
import type { DocumentRequest, ExtractionRequest, ProviderOutput, VisionProvider } from '../types.ts';
import { stackPages, unstackMeta } from '../../document/stack-pages.ts';
import type { OcrEngine, OcrLine, OcrPage } from './ocr.ts';
import { fieldPattern, matchFields } from './matcher.ts';

/**
 * The offline engine: OCR on this machine, then the field matcher. Nothing leaves the machine, so
 * the image is read at its own size and no tokens are counted. One OCR engine is kept for the
 * provider's lifetime, because loading models and workers costs far more than one page.
 */
export class LocalProvider implements VisionProvider {
  readonly id = 'local' as const;
  readonly remote = false;
  readonly leavesMachine = false;
  readonly defaultModel: string;
  private readonly engine: OcrEngine;

  constructor(engine: OcrEngine) {
    this.engine = engine;
    this.defaultModel = engine.name;
  }

  imageRequest(_model: string, detail: Detail) {
    return { provider: this.id, model: this.engine.name, detail };
  }

  async extract(request: ExtractionRequest): Promise<ProviderOutput> {
    // A pattern the engine cannot run is said before the page is read, not after.
    for (const field of request.profile.fields) fieldPattern(field);
    const page = await this.read(request.image.data, request.signal);
    const { fields, fieldMeta } = matchFields(page, request.profile.fields);
    return { answer: fields, fieldMeta, model: page.engine };
  }

  /**
   * A document: pages with a text layer are read from it (exact, no OCR), the others drawn and
   * read by OCR; then the matcher reads all of them as one page.
   */
  async extractDocument(request: DocumentRequest): Promise<ProviderOutput> {
    for (const field of request.profile.fields) fieldPattern(field);
    const read: Array<{ number: number; width: number; height: number; lines: OcrLine[] }> = [];
    const pages: NonNullable<ProviderOutput['pages']> = [];
    let engine = 'pdf-text';
    for (const p of request.pages) {
      request.signal?.throwIfAborted();
      let lines = p.lines;
      if (!lines) {
        const ocr = await this.read(await p.render(), request.signal);
        lines = ocr.lines;
        engine = ocr.engine;
      }
      read.push({ number: p.number, width: p.width, height: p.height, lines });
      pages.push({ page: p.number, from: p.lines ? 'text' : 'ocr', width: p.width, height: p.height });
    }
    const stacked = stackPages(read, engine);
    const { fields, fieldMeta } = matchFields(stacked.page, request.profile.fields);
    return { answer: fields, fieldMeta: unstackMeta(fieldMeta, stacked.offsets), model: engine, pages };
  }

  private async read(image: Buffer, signal: AbortSignal | undefined): Promise<OcrPage> {
    try {
      return await this.engine.recognize(image, { signal });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw userError('local.unreadable', {}, { cause: error });
    }
  }

  async check(): Promise<Message> {
    return message('local.check', { engine: this.engine.name });
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
