import type { OcrEngine, OcrPage } from './ocr.ts';

/**
 * An OCR engine that lets its models go when unused for a while. Loaded, the offline engine holds
 * ~400 MB and a few threads; a tray app or a `watch` on a quiet screen would keep them for hours.
 * After `idleMs` without a page the engine is closed, and the next page loads it again (a second
 * or two, once). The timer never keeps a process alive.
 */
export class IdleReleasingEngine implements OcrEngine {
  readonly name: string;
  private readonly create: () => OcrEngine;
  private readonly idleMs: number;
  private engine: OcrEngine | null = null;
  private busy = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(name: string, create: () => OcrEngine, idleMs: number) {
    this.name = name;
    this.create = create;
    this.idleMs = idleMs;
  }

  async recognize(image: Buffer, options?: { signal?: AbortSignal }): Promise<OcrPage> {
    clearTimeout(this.timer);
    this.busy++;
    const engine = (this.engine ??= this.create());
    try {
      return await engine.recognize(image, options);
    } finally {
      this.busy--;
      if (this.busy === 0) {
        this.timer = setTimeout(() => void this.release(), this.idleMs);
        this.timer.unref();
      }
    }
  }

  /** Closes the loaded engine (if idle); the next page loads a fresh one. */
  async release(): Promise<void> {
    if (this.busy > 0 || !this.engine) return;
    const engine = this.engine;
    this.engine = null;
    await engine.close();
  }

  /** Whether models are loaded now (for tests and diagnostics). */
  get loaded(): boolean {
    return this.engine !== null;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    const engine = this.engine;
    this.engine = null;
    await engine?.close();
  }
}
