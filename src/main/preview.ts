import type { PreparedImage } from '../core/imaging/types.ts';
import type { PreviewInfo } from '../shared/ipc.ts';
import type { SendRequest } from '../core/pipeline.ts';

interface Question {
  info: PreviewInfo;
  resolve: (send: boolean) => void;
}

/**
 * Preview before send: one question at a time (auto-capture may ask while one is open, and waits
 * its turn). The window is opened when a question is asked and closed when it is answered;
 * closing it without an answer means "don't send".
 */
export class PreviewQueue {
  private current: Question | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly window: { open(): void; close(): void };

  constructor(window: { open(): void; close(): void }) {
    this.window = window;
  }

  ask(image: PreparedImage, about: SendRequest & { profile: string }): Promise<boolean> {
    const asked = this.turn.then(
      () =>
        new Promise<boolean>((resolve) => {
          this.current = {
            info: {
              image: `data:${image.mediaType};base64,${image.data.toString('base64')}`,
              width: image.width,
              height: image.height,
              bytes: image.data.byteLength,
              ...about,
              estimatedTokens: image.estimatedTokens,
            },
            resolve,
          };
          this.window.open();
        }),
    );
    this.turn = asked.catch(() => undefined);
    return asked;
  }

  /** What the preview window shows; null when nothing waits (the window was opened by hand). */
  info(): PreviewInfo | null {
    return this.current?.info ?? null;
  }

  answer(send: boolean): void {
    const question = this.current;
    if (!question) return;
    this.current = null;
    question.resolve(send);
    this.window.close();
  }

  /** The window went away unanswered: nothing is sent. */
  closed(): void {
    this.answer(false);
  }
}
