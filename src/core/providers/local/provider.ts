import type { Detail } from '../../../shared/result.ts';
import { UserError, userError } from '../../../shared/errors.ts';
import { message } from '../../../shared/messages/catalogue.ts';
import type { Message } from '../../../shared/messages/message.ts';
import type { ExtractionRequest, ProviderOutput, VisionProvider } from '../types.ts';
import type { OcrEngine } from './ocr.ts';
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
    let page;
    try {
      page = await this.engine.recognize(request.image.data, { signal: request.signal });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw userError('local.unreadable', {}, { cause: error });
    }
    const { fields, fieldMeta } = matchFields(page, request.profile.fields);
    return { answer: fields, fieldMeta, model: page.engine };
  }

  async check(): Promise<Message> {
    return message('local.check', { engine: this.engine.name });
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
