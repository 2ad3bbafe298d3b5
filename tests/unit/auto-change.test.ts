import { describe, expect, it } from 'vitest';
import { changed, compareSignatures, frameSignature } from '../../src/core/auto/change.ts';
import { screen } from '../helpers/auto-frames.ts';

describe('change detection', () => {
  it('sees no change between identical frames, a blinking cursor, a clock or a dimmed screen', async () => {
    const base = await frameSignature(await screen({ seed: 1 }));
    for (const other of [
      { seed: 1 },
      { seed: 1, cursor: true },
      { seed: 1, clock: '10:42' },
      { seed: 1, dim: 0.7 },
    ]) {
      const next = await frameSignature(await screen(other));
      expect(changed(base, next), JSON.stringify(other)).toBe(false);
    }
  });

  it('sees a scroll and a new document', async () => {
    const base = await frameSignature(await screen({ seed: 1 }));
    const scrolled = await frameSignature(await screen({ seed: 1, scroll: 200 }));
    const other = await frameSignature(await screen({ seed: 2 }));
    expect(changed(base, scrolled)).toBe(true);
    expect(changed(base, other)).toBe(true);
    expect(compareSignatures(base, other).cells).toBeGreaterThan(0.05);
  });

  it('lets the threshold decide how much is enough', async () => {
    const base = await frameSignature(await screen({ seed: 1 }));
    const small = await frameSignature(await screen({ seed: 1, scroll: 8 }));
    const d = compareSignatures(base, small);
    expect(changed(base, small, d.cells / 2)).toBe(true);
    expect(changed(base, small, Math.min(0.99, d.cells * 2))).toBe(false);
  });

  it('costs little per frame', async () => {
    const png = await screen({ seed: 1 });
    await frameSignature(png);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await frameSignature(png);
    const perFrame = (performance.now() - started) / 10;
    // A 1920x1080 PNG decoded and reduced; printed for the report, bounded loosely for slow CI.
    console.log(`frameSignature: ${perFrame.toFixed(1)} ms per 1920x1080 PNG`);
    expect(perFrame).toBeLessThan(250);
  });
});
