import sharp from 'sharp';
import type { Field } from '../../src/shared/field.ts';
import type { FieldValue } from '../../src/shared/result.ts';

/**
 * A full-screen capture, as Ctrl+Space takes one on a 1920x1080 display: a desktop with a mail
 * client's sidebar and an invoice open in a window, drawn as SVG text and rendered with sharp.
 * Each value is drawn where `values` says, so a test can tell where its box must be.
 */
export interface DrawnValue {
  key: string;
  text: string;
  /** The text's anchor point and baseline, in the capture's pixels. */
  x: number;
  y: number;
  size: number;
  anchor: 'start' | 'end';
}

export interface ScreenCapture {
  png: Buffer;
  width: number;
  height: number;
  values: DrawnValue[];
  truth: Record<string, FieldValue>;
  fields: Field[];
}

const WIDTH = 1920;
const HEIGHT = 1080;

/** The values of the invoice, spread over the window: the total far from the top left. */
const VALUES: DrawnValue[] = [
  { key: 'company', text: 'NORTHWIND SUPPLIES LTD', x: 660, y: 170, size: 28, anchor: 'start' },
  { key: 'invoice_number', text: 'INV-48213', x: 900, y: 270, size: 20, anchor: 'start' },
  { key: 'date', text: '2026-11-28', x: 900, y: 310, size: 20, anchor: 'start' },
  { key: 'total', text: '1234.50', x: 1440, y: 930, size: 22, anchor: 'end' },
];

const text = (x: number, y: number, size: number, s: string, extra = '') =>
  `<text x="${x}" y="${y}" font-size="${size}"${extra}>${s}</text>`;

export async function renderScreenCapture(): Promise<ScreenCapture> {
  const lines = [
    // The mail client around the document: a title bar and a sidebar, as on a real screen.
    `<rect width="${WIDTH}" height="40" fill="#2b2f36"/>`,
    text(20, 27, 16, 'Mail — Inbox (3)', ' fill="#fff"'),
    `<rect y="40" width="280" height="${HEIGHT - 40}" fill="#f1f3f5"/>`,
    ...['Inbox', 'Sent', 'Drafts', 'Archive', 'Invoices'].map((s, i) => text(24, 90 + i * 36, 16, s)),
    `<rect x="600" y="90" width="900" height="950" fill="#fff" stroke="#c8ccd2"/>`,
    ...VALUES.map((v) =>
      text(v.x, v.y, v.size, v.text, `${v.anchor === 'end' ? ' text-anchor="end"' : ''} font-weight="bold"`),
    ),
    text(660, 270, 20, 'Invoice No:'),
    text(660, 310, 20, 'Date:'),
    ...['PAPER A4', 'BLUE PEN', 'STAPLER'].flatMap((item, i) => [
      text(660, 420 + i * 40, 20, item),
      text(1440, 420 + i * 40, 20, ['12.40', '3.10', '1219.00'][i]!, ' text-anchor="end"'),
    ]),
    text(660, 930, 22, 'TOTAL', ' font-weight="bold"'),
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="100%" height="100%" fill="#e9ecef"/><g font-family="DejaVu Sans" fill="#111">${lines.join('')}</g></svg>`;
  return {
    png: await sharp(Buffer.from(svg)).png().toBuffer(),
    width: WIDTH,
    height: HEIGHT,
    values: VALUES,
    truth: {
      company: 'NORTHWIND SUPPLIES LTD',
      invoice_number: 'INV-48213',
      date: '2026-11-28',
      total: 1234.5,
    },
    fields: [
      { key: 'company', label: 'Company', type: 'text' },
      { key: 'invoice_number', label: 'Invoice number', type: 'text' },
      { key: 'date', label: 'Date', type: 'date' },
      { key: 'total', label: 'Total', type: 'number' },
    ],
  };
}

/**
 * Where a drawn value's text lies, in the capture's pixels: generous (DejaVu Sans' letters are
 * 0.55-0.75 of the size wide), for telling whether a box is on it, not where its edges are.
 */
export function textArea(v: DrawnValue): { left: number; top: number; right: number; bottom: number } {
  const long = v.text.length * v.size * 0.75;
  const [left, right] = v.anchor === 'start' ? [v.x, v.x + long] : [v.x - long, v.x];
  return {
    left: left - v.size / 2,
    top: v.y - v.size * 1.2,
    right: right + v.size / 2,
    bottom: v.y + v.size / 2,
  };
}
