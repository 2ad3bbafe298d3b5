/**
 * Draws the app and tray icons from one SVG, so they stay alike: a viewfinder's four corners
 * around two lines of "text". Run after changing the drawing: npx node scripts/make-icons.ts
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const ASSETS = path.resolve(import.meta.dirname, '..', 'assets');

/** The glyph on a 32-unit grid: corners and text lines in `ink`, optionally on a rounded tile. */
function svg(options: { ink: string; tile?: string; busy?: boolean }): string {
  const corners = [
    'M4 11V6a2 2 0 0 1 2-2h5',
    'M21 4h5a2 2 0 0 1 2 2v5',
    'M28 21v5a2 2 0 0 1-2 2h-5',
    'M11 28H6a2 2 0 0 1-2-2v-5',
  ]
    .map(
      (d) => `<path d="${d}" fill="none" stroke="${options.ink}" stroke-width="3" stroke-linecap="round"/>`,
    )
    .join('');
  const lines =
    `<rect x="9" y="12" width="14" height="3" rx="1.5" fill="${options.ink}"/>` +
    `<rect x="9" y="18" width="9" height="3" rx="1.5" fill="${options.ink}"/>`;
  // Busy: a dot where the second line ends, as if the reading were under way.
  const dot = options.busy ? `<circle cx="23" cy="19.5" r="3.2" fill="${options.ink}"/>` : '';
  const tile = options.tile ? `<rect width="32" height="32" rx="7" fill="${options.tile}"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${tile}${corners}${lines}${dot}</svg>`;
}

async function draw(file: string, size: number, drawing: string): Promise<void> {
  await sharp(Buffer.from(drawing), { density: (72 * size) / 32 })
    .resize(size, size)
    .png()
    .toFile(path.join(ASSETS, file));
}

mkdirSync(path.join(ASSETS, 'tray'), { recursive: true });
const BLUE = '#2f6fed';
const ORANGE = '#e8711a';
await Promise.all([
  draw('icon.png', 512, svg({ ink: '#ffffff', tile: BLUE })),
  // Windows and Linux: a coloured tile reads on light and dark panels alike; @2x for HiDPI.
  draw('tray/idle.png', 16, svg({ ink: '#ffffff', tile: BLUE })),
  draw('tray/idle@2x.png', 32, svg({ ink: '#ffffff', tile: BLUE })),
  draw('tray/busy.png', 16, svg({ ink: '#ffffff', tile: ORANGE, busy: true })),
  draw('tray/busy@2x.png', 32, svg({ ink: '#ffffff', tile: ORANGE, busy: true })),
  // macOS: black on transparent; the menu bar tints template images itself.
  draw('tray/idleTemplate.png', 16, svg({ ink: '#000000' })),
  draw('tray/idleTemplate@2x.png', 32, svg({ ink: '#000000' })),
  draw('tray/busyTemplate.png', 16, svg({ ink: '#000000', busy: true })),
  draw('tray/busyTemplate@2x.png', 32, svg({ ink: '#000000', busy: true })),
]);
