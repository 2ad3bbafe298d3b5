import { describe, expect, it } from 'vitest';
import { IdleReleasingEngine } from '../../src/core/providers/local/idle.ts';
import type { OcrEngine, OcrPage } from '../../src/core/providers/local/ocr.ts';

/** An engine that counts its loads and closes, and takes `ms` per page. */
function counting(ms = 5) {
  const counts = { created: 0, closed: 0 };
  const create = (): OcrEngine => {
    counts.created++;
    let open = true;
    return {
      name: 'test',
      recognize: async (): Promise<OcrPage> => {
        if (!open) throw new Error('used after close');
        await new Promise((r) => setTimeout(r, ms));
        return { width: 1, height: 1, lines: [], engine: 'test' };
      },
      close: async () => {
        open = false;
        counts.closed++;
      },
    };
  };
  return { counts, create };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdleReleasingEngine', () => {
  it('keeps one engine through a burst, lets it go when idle, and loads it again on demand', async () => {
    const { counts, create } = counting();
    const engine = new IdleReleasingEngine('test', create, 60);
    await Promise.all([engine.recognize(Buffer.alloc(1)), engine.recognize(Buffer.alloc(1))]);
    await engine.recognize(Buffer.alloc(1));
    expect(counts).toEqual({ created: 1, closed: 0 });
    expect(engine.loaded).toBe(true);
    await wait(120);
    expect(counts).toEqual({ created: 1, closed: 1 });
    expect(engine.loaded).toBe(false);
    await engine.recognize(Buffer.alloc(1));
    expect(counts.created).toBe(2);
    await engine.close();
    expect(counts.closed).toBe(2);
  });

  it('never closes an engine while a page is being read', async () => {
    const { counts, create } = counting(150);
    const engine = new IdleReleasingEngine('test', create, 20);
    await engine.recognize(Buffer.alloc(1));
    const slow = engine.recognize(Buffer.alloc(1));
    await wait(60);
    await engine.release();
    expect(counts.closed).toBe(0);
    await slow;
    await engine.close();
  });
});
