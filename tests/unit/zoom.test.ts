import { describe, expect, it } from 'vitest';
import { fitScale, maxScale, percentOf, settle, step } from '../../src/renderer/src/history/zoom.ts';

const capture = { width: 1920, height: 1080 };

describe("the picture pane's zoom", () => {
  it('fits the whole page: the width decides for a capture, the height for a tall page', () => {
    expect(fitScale([capture], { width: 480, height: 600 })).toBe(0.25);
    expect(fitScale([{ width: 600, height: 1200 }], { width: 480, height: 300 })).toBe(0.25);
    // The pages of a document alike: the one that needs the smallest scale decides.
    expect(
      fitScale(
        [
          { width: 1000, height: 1000 },
          { width: 2000, height: 1000 },
        ],
        { width: 500, height: 500 },
      ),
    ).toBe(0.25);
    // Nothing measured yet, or no size known: drawn at its own size.
    expect(fitScale([capture], { width: 0, height: 400 })).toBe(1);
    expect(fitScale([{ width: 0, height: 0 }], { width: 400, height: 400 })).toBe(1);
  });

  it('steps through round percentages, from the fit up to 400%', () => {
    const fit = 0.215;
    expect(step(fit, fit, 1)).toBe(0.25);
    expect(step(0.25, fit, 1)).toBe(0.33);
    expect(step(1, fit, -1)).toBe(0.75);
    // Down to the fit, which is "fit" (null): it follows the pane.
    expect(step(0.25, fit, -1)).toBeNull();
    expect(step(fit, fit, -1)).toBeNull();
    expect(step(3, fit, 1)).toBe(4);
    expect(step(4, fit, 1)).toBe(4);
    // A scale measured a hair off a step is on it.
    expect(step(0.49999, fit, 1)).toBe(0.67);
  });

  it('keeps a chosen scale within the fit and the largest', () => {
    expect(settle(0.1, 0.2)).toBeNull();
    expect(settle(0.5, 0.2)).toBe(0.5);
    expect(settle(9, 0.2)).toBe(4);
    // A picture smaller than the pane: its fit is more than 400%, and is the largest too.
    expect(maxScale(6)).toBe(6);
    expect(step(6, 6, 1)).toBeNull();
  });

  it('says the scale in whole percents', () => {
    expect(percentOf(0.2149)).toBe(21);
    expect(percentOf(4)).toBe(400);
  });
});
