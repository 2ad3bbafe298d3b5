/**
 * The picture pane's zoom, as plain numbers: a scale is the picture's drawn pixels per natural
 * pixel (1 = 100%). "Fit" is the scale at which the whole page shows in the pane; zooming goes
 * from there up to 400% (or the fit, for a picture smaller than the pane).
 */

export interface Size {
  width: number;
  height: number;
}

export const MAX_SCALE = 4;

/** The steps of + and −: round percentages a person recognises, dense where text gets readable. */
const STEPS = [0.1, 0.15, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4];

/** Within this of a step counts as on it: a scale measured from pixels is never exact. */
const NEAR = 0.001;

/**
 * The scale at which every page shows whole in the room a page has (the pane less its border and
 * caption): the pages of a document alike, so the largest decides.
 */
export function fitScale(pages: readonly Size[], room: Size): number {
  const known = pages.filter((p) => p.width > 0 && p.height > 0);
  if (known.length === 0 || room.width <= 0 || room.height <= 0) return 1;
  return Math.min(...known.map((p) => Math.min(room.width / p.width, room.height / p.height)));
}

/** The largest scale allowed: 400%, or the fit when a small picture fits larger than that. */
export function maxScale(fit: number): number {
  return Math.max(MAX_SCALE, fit);
}

/**
 * The scale chosen after a change, or null for "fit" (which follows the pane as it is resized):
 * anything at or below the fit is the fit, anything above the largest is the largest.
 */
export function settle(scale: number, fit: number): number | null {
  if (scale <= fit * (1 + NEAR)) return null;
  return Math.min(scale, maxScale(fit));
}

/** One step of + (up) or − (down) from a scale: the next round percentage, bounded as settle. */
export function step(scale: number, fit: number, direction: 1 | -1): number | null {
  const next =
    direction === 1
      ? (STEPS.find((s) => s > scale * (1 + NEAR)) ?? MAX_SCALE)
      : (STEPS.findLast((s) => s < scale * (1 - NEAR)) ?? 0);
  return settle(next, fit);
}

/** How a scale is said on the percent button: whole percents. */
export function percentOf(scale: number): number {
  return Math.round(scale * 100);
}
