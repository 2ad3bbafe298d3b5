import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageInput } from '../../src/core/imaging/types.ts';
import { REPO } from './cli.ts';

/**
 * Real receipts on a real-looking screen: each SROIE receipt photo (tests/fixtures/sroie, CC-BY-4.0)
 * open in an image viewer on a 1920x1080 desktop, with a file manager behind it, as Ctrl+Space
 * captures the whole screen. The photo is the scan as distributed, scaled to the viewer the way a
 * viewer fits a picture, so what the offline engine reads off the capture is what a person would
 * get from that screen.
 */

const SROIE = path.join(REPO, 'tests', 'fixtures', 'sroie');

export const RECEIPT_IDS = ['X00016469670', 'X51005568895', 'X51007846392'] as const;

/** A receipt's fields as its ground truth says, in the stored forms Extracto keeps. */
export interface ReceiptTruth {
  company: string;
  /** ISO 8601. */
  date: string;
  total: number;
}

export interface Receipt {
  id: string;
  truth: ReceiptTruth;
}

export interface ReceiptScreen {
  receipt: Receipt;
  /** The screen as desktopCapturer hands it to the app: raw pixels (RGBA here, BGRA there). */
  frame: Extract<ImageInput, { kind: 'raw' }>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** SROIE's dates as printed: "15/01/2019" (day first, Malaysia) or "19 JUN 2018". */
function isoDate(printed: string): string {
  const numeric = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(printed);
  const named = /^(\d{1,2}) ([A-Z]{3}) (\d{4})$/.exec(printed);
  const [day, month, year] = numeric
    ? [numeric[1]!, numeric[2]!, numeric[3]!]
    : named
      ? [named[1]!, String(MONTHS.indexOf(named[2]!) + 1), named[3]!]
      : ['', '', ''];
  if (!year) throw new Error(`A date SROIE's key was not expected to hold: ${printed}`);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

export async function readReceipt(id: string): Promise<Receipt> {
  const key = JSON.parse(await readFile(path.join(SROIE, 'key', `${id}.json`), 'utf8')) as Record<
    'company' | 'date' | 'total',
    string
  >;
  return {
    id,
    truth: {
      company: key.company,
      date: isoDate(key.date),
      // The key keeps the total as printed, currency included ("RM8.45").
      total: Number(key.total.replace(/^RM/, '')),
    },
  };
}

const WIDTH = 1920;
const HEIGHT = 1080;
const FONT = 'DejaVu Sans';
/** The image viewer's window, its header bar and the picture area below it. */
const VIEWER = { left: 560, top: 60, width: 1040, height: 1000, header: 48 };
const PICTURE = {
  left: VIEWER.left,
  top: VIEWER.top + VIEWER.header,
  width: VIEWER.width,
  height: VIEWER.height - VIEWER.header,
};
const FILES = { left: 96, top: 120, width: 760, height: 620 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x: number, y: number, size: number, s: string, extra = '') =>
  `<text x="${x}" y="${y}" font-size="${size}"${extra}>${esc(s)}</text>`;

/** The desktop: wallpaper, top bar, dock, a file manager showing the receipts' folder, the viewer's frame. */
function desktop(id: string, zoom: number): string {
  const files = RECEIPT_IDS.map((name, i) => {
    const y = FILES.top + 130 + i * 40;
    const selected = name === id;
    return [
      selected
        ? `<rect x="${FILES.left + 201}" y="${y - 26}" width="${FILES.width - 202}" height="38" fill="#dbe7fb"/>`
        : '',
      `<rect x="${FILES.left + 220}" y="${y - 20}" width="20" height="24" rx="2" fill="#7aa6e0"/>`,
      text(FILES.left + 252, y, 15, `${name}.jpg`, ' fill="#222"'),
      text(FILES.left + 470, y, 15, ['118 kB', '305 kB', '2.9 MB'][i]!, ' fill="#555"'),
    ].join('');
  });
  return [
    `<defs><linearGradient id="wall" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3a4f7a"/><stop offset="1" stop-color="#a45d6e"/></linearGradient></defs>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#wall)"/>`,
    // The top bar (a clock with no date on it: a date on the desktop is not the receipt's).
    `<rect width="${WIDTH}" height="32" fill="#1d1d1d"/>`,
    text(18, 22, 15, 'Activities', ' fill="#eee"'),
    text(WIDTH / 2, 22, 15, '10:41', ' fill="#eee" text-anchor="middle"'),
    // The dock.
    `<rect y="32" width="72" height="${HEIGHT - 32}" fill="#262626" fill-opacity="0.85"/>`,
    ...['#e66100', '#3584e4', '#2ec27e', '#f6d32d', '#9141ac'].map(
      (c, i) => `<rect x="12" y="${56 + i * 64}" width="48" height="48" rx="10" fill="${c}"/>`,
    ),
    // The file manager, partly behind the viewer.
    `<rect x="${FILES.left}" y="${FILES.top}" width="${FILES.width}" height="${FILES.height}" rx="8" fill="#fafafa" stroke="#bbb"/>`,
    `<rect x="${FILES.left}" y="${FILES.top}" width="${FILES.width}" height="46" rx="8" fill="#ebebeb"/>`,
    text(FILES.left + 230, FILES.top + 29, 15, 'Documents / Receipts', ' fill="#222" font-weight="bold"'),
    `<rect x="${FILES.left}" y="${FILES.top + 46}" width="200" height="${FILES.height - 46}" fill="#f0f0f0"/>`,
    ...['Recent', 'Home', 'Documents', 'Downloads', 'Pictures'].map((s, i) =>
      text(FILES.left + 24, FILES.top + 84 + i * 34, 15, s, ' fill="#333"'),
    ),
    text(FILES.left + 252, FILES.top + 82, 13, 'Name', ' fill="#777"'),
    text(FILES.left + 470, FILES.top + 82, 13, 'Size', ' fill="#777"'),
    ...files,
    // The viewer's window: a shadow, its header bar (file name, zoom, close) and a dark picture area.
    `<rect x="${VIEWER.left + 4}" y="${VIEWER.top + 6}" width="${VIEWER.width}" height="${VIEWER.height}" rx="10" fill="#000" fill-opacity="0.3"/>`,
    `<rect x="${VIEWER.left}" y="${VIEWER.top}" width="${VIEWER.width}" height="${VIEWER.height}" rx="10" fill="#303030"/>`,
    `<rect x="${VIEWER.left}" y="${VIEWER.top}" width="${VIEWER.width}" height="${VIEWER.header}" rx="10" fill="#3c3c3c"/>`,
    text(
      VIEWER.left + VIEWER.width / 2,
      VIEWER.top + 30,
      15,
      `${id}.jpg`,
      ' fill="#eee" font-weight="bold" text-anchor="middle"',
    ),
    text(
      VIEWER.left + VIEWER.width - 90,
      VIEWER.top + 30,
      14,
      `${Math.round(zoom * 100)}%`,
      ' fill="#ccc" text-anchor="end"',
    ),
    `<circle cx="${VIEWER.left + VIEWER.width - 28}" cy="${VIEWER.top + 24}" r="11" fill="#555"/>`,
    text(VIEWER.left + VIEWER.width - 28, VIEWER.top + 29, 14, '×', ' fill="#eee" text-anchor="middle"'),
  ].join('');
}

/**
 * How the viewer shows a photo when fitting it whole would make it unreadable: the 600-dpi scan
 * (4961 px wide, the print in its middle third) at 13% is text a few pixels high, so a person
 * zooms in on the print before capturing it.
 */
const ZOOMED: Partial<Record<string, { zoom: number; centre: { x: number; y: number } }>> = {
  X51007846392: { zoom: 0.3, centre: { x: 2220, y: 3000 } },
};

/** Zoomed in, the part of the scaled photo around the print that fills the picture area. */
function visiblePart(
  view: { zoom: number; centre: { x: number; y: number } },
  scaled: { width: number; height: number },
) {
  const width = Math.min(PICTURE.width, Math.round(scaled.width));
  const height = Math.min(PICTURE.height, Math.round(scaled.height));
  const clamp = (at: number, size: number, whole: number) =>
    Math.max(0, Math.min(Math.round(whole) - size, Math.round(at * view.zoom - size / 2)));
  const left = clamp(view.centre.x, width, scaled.width);
  const top = clamp(view.centre.y, height, scaled.height);
  return { left, top, width, height };
}

/** The receipt's photo open in the viewer (fitted, or zoomed in), on the desktop: a full-screen capture. */
export async function receiptScreen(receipt: Receipt): Promise<ReceiptScreen> {
  const photo = sharp(path.join(SROIE, 'img', `${receipt.id}.jpg`));
  const { width = 0, height = 0 } = await photo.metadata();
  const view = ZOOMED[receipt.id];
  // Fitted inside the picture area with a margin, as a viewer opens a picture (never above 100%).
  const zoom = view?.zoom ?? Math.min(1, (PICTURE.width - 40) / width, (PICTURE.height - 24) / height);
  const scaled = photo.resize(Math.round(width * zoom), Math.round(height * zoom));
  const part = view && visiblePart(view, { width: width * zoom, height: height * zoom });
  const shown = await (part ? scaled.extract(part) : scaled).png().toBuffer({ resolveWithObject: true });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><g font-family="${FONT}">${desktop(receipt.id, zoom)}</g></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .composite([
      {
        input: shown.data,
        left: PICTURE.left + Math.round((PICTURE.width - shown.info.width) / 2),
        top: PICTURE.top + Math.round((PICTURE.height - shown.info.height) / 2),
      },
    ])
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    receipt,
    frame: {
      kind: 'raw',
      data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer,
      width: info.width,
      height: info.height,
      channels: 4,
      order: 'rgba',
    },
  };
}
