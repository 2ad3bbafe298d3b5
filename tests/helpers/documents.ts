import sharp from 'sharp';
import type { Field } from '../../src/shared/field.ts';
import type { FieldValue } from '../../src/shared/result.ts';

/**
 * Synthetic documents with known values, for the local engine's integration tests: invoices,
 * receipts and forms drawn as SVG text and rendered to PNG with sharp. Deterministic: the same
 * seed gives the same document, pixel for pixel.
 */
export type DocumentKind = 'invoice' | 'receipt' | 'form';

export interface DocumentOptions {
  kind: DocumentKind;
  seed: number;
  /** Font size in pixels at scale 1 (default 18). */
  fontSize?: number;
  /** Multiplies every size: 0.75 for a small screenshot, 2 for a HiDPI one (default 1). */
  scale?: number;
  font?: 'DejaVu Sans' | 'Liberation Sans';
}

export interface SyntheticDocument {
  png: Buffer;
  width: number;
  height: number;
  truth: Record<string, FieldValue>;
  fields: Field[];
}

/** mulberry32: small, fast and the same everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = [
  'ACME TRADING SDN BHD',
  'NORTHWIND SUPPLIES LTD',
  'PAPELERIA GARCIA S.L.',
  'BLUE RIVER INC',
  'KEDAI MAJU ENTERPRISE',
];
const STREETS = ['JALAN BAYU', 'HIGH STREET', 'CALLE MAYOR', 'MAIN ROAD', 'AVENIDA SOL'];
const CITIES = [
  '81750 MASAI, JOHOR',
  '28013 MADRID',
  'LONDON SW1A 1AA',
  '47000 SUNGAI BULOH',
  'SPRINGFIELD 12345',
];
const ITEMS = ['PAPER A4', 'BLUE PEN', 'STAPLER', 'COFFEE BEANS', 'USB CABLE', 'NOTEBOOK', 'TAPE', 'MARKER'];
const NAMES = ['Ana López', 'John Smith', 'Siti Aminah', 'Marta Ruiz', 'Peter Brown'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface Row {
  text: string;
  /** Columns in units of the page width, 0..1. */
  x: number;
  anchor?: 'start' | 'end' | 'middle';
  bold?: boolean;
  size?: number;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export async function renderDocument(options: DocumentOptions): Promise<SyntheticDocument> {
  const rnd = random(options.seed);
  const scale = options.scale ?? 1;
  const size = (options.fontSize ?? 18) * scale;
  const font = options.font ?? 'DejaVu Sans';
  const year = 2018 + Math.floor(rnd() * 8);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const printedDate = pick(rnd, [
    `${pad(day)}/${pad(month)}/${year}`,
    `${pad(day)} ${MONTHS[month - 1]} ${year}`,
    iso,
  ]);
  const company = pick(rnd, COMPANIES);
  const address = `NO ${1 + Math.floor(rnd() * 120)}, ${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 9)}, ${pick(rnd, CITIES)}`;
  const items = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => ({
    name: pick(rnd, ITEMS),
    price: Math.round((1 + rnd() * 90) * 100) / 100,
  }));
  const subtotal = round2(items.reduce((s, i) => s + i.price, 0));
  const tax = round2(subtotal * 0.06);
  const total = round2(subtotal + tax);
  const invoiceNo = `INV-${10000 + Math.floor(rnd() * 89999)}`;
  const money = (n: number) => n.toFixed(2);

  const rows: Row[][] = [];
  let truth: Record<string, FieldValue>;
  let fields: Field[];
  if (options.kind === 'form') {
    const name = pick(rnd, NAMES);
    const email = `${name
      .split(' ')[0]!
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z]/g, '')}@example.com`;
    const phone = `+34 6${Math.floor(rnd() * 10)}${Math.floor(rnd() * 10)} ${100 + Math.floor(rnd() * 899)} ${100 + Math.floor(rnd() * 899)}`;
    rows.push([{ text: 'APPLICATION FORM', x: 0.5, anchor: 'middle', bold: true, size: 1.3 }], []);
    rows.push([
      { text: 'Full name:', x: 0.08 },
      { text: name, x: 0.4 },
    ]);
    rows.push([
      { text: 'E-mail:', x: 0.08 },
      { text: email, x: 0.4 },
    ]);
    rows.push([
      { text: 'Phone:', x: 0.08 },
      { text: phone, x: 0.4 },
    ]);
    rows.push([{ text: 'Date of birth', x: 0.08 }], [{ text: printedDate, x: 0.08 }]);
    truth = { name, email, phone, date: iso };
    fields = [
      { key: 'name', label: 'Name', type: 'text' },
      { key: 'email', label: 'E-mail', type: 'email' },
      { key: 'phone', label: 'Phone', type: 'phone' },
      { key: 'date', label: 'Date of birth', type: 'date', hints: { labels: ['Date of birth'] } },
    ];
  } else {
    rows.push([{ text: company, x: 0.5, anchor: 'middle', bold: true, size: 1.2 }]);
    rows.push([{ text: address.split(', ').slice(0, 2).join(', ') + ',', x: 0.5, anchor: 'middle' }]);
    rows.push([{ text: address.split(', ').slice(2).join(', '), x: 0.5, anchor: 'middle' }]);
    rows.push(
      [
        {
          text: `Tel: 03-${1000 + Math.floor(rnd() * 8999)} ${1000 + Math.floor(rnd() * 8999)}`,
          x: 0.5,
          anchor: 'middle',
        },
      ],
      [],
    );
    rows.push([
      { text: options.kind === 'invoice' ? 'TAX INVOICE' : 'RECEIPT', x: 0.5, anchor: 'middle', bold: true },
    ]);
    if (options.kind === 'invoice')
      rows.push([
        { text: 'Invoice No:', x: 0.06 },
        { text: invoiceNo, x: 0.35 },
      ]);
    rows.push(
      [
        { text: 'Date:', x: 0.06 },
        { text: printedDate, x: 0.35 },
      ],
      [],
    );
    for (const item of items)
      rows.push([
        { text: item.name, x: 0.06 },
        { text: money(item.price), x: 0.94, anchor: 'end' },
      ]);
    rows.push([]);
    rows.push([
      { text: 'Subtotal', x: 0.06 },
      { text: money(subtotal), x: 0.94, anchor: 'end' },
    ]);
    rows.push([
      { text: 'Total GST 6%', x: 0.06 },
      { text: money(tax), x: 0.94, anchor: 'end' },
    ]);
    rows.push([
      { text: 'TOTAL', x: 0.06, bold: true },
      { text: money(total), x: 0.94, anchor: 'end', bold: true },
    ]);
    const cash = Math.ceil(total / 10) * 10 + 10;
    rows.push([
      { text: 'Cash', x: 0.06 },
      { text: money(cash), x: 0.94, anchor: 'end' },
    ]);
    rows.push([
      { text: 'Change', x: 0.06 },
      { text: money(round2(cash - total)), x: 0.94, anchor: 'end' },
    ]);
    truth = { company, address, date: iso, total };
    fields = [
      { key: 'company', label: 'Company', type: 'text' },
      { key: 'address', label: 'Address', type: 'text' },
      { key: 'date', label: 'Date', type: 'date' },
      { key: 'total', label: 'Total', type: 'number' },
    ];
    if (options.kind === 'invoice') {
      truth.invoice_number = invoiceNo;
      fields.push({ key: 'invoice_number', label: 'Invoice number', type: 'text' });
    }
  }

  const width = Math.round(
    (options.kind === 'receipt' ? 520 : 760) * scale * ((options.fontSize ?? 18) / 18),
  );
  const lineHeight = size * 1.6;
  const margin = size * 2;
  const height = Math.round(margin * 2 + rows.length * lineHeight);
  const texts = rows.flatMap((row, i) =>
    row.map((cell) => {
      const y = margin + (i + 0.8) * lineHeight;
      const attrs = `x="${(cell.x * width).toFixed(1)}" y="${y.toFixed(1)}" font-size="${(size * (cell.size ?? 1)).toFixed(1)}" text-anchor="${cell.anchor ?? 'start'}"${cell.bold ? ' font-weight="bold"' : ''}`;
      return `<text ${attrs}>${escapeXml(cell.text)}</text>`;
    }),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><g font-family="${font}" fill="#111">${texts.join('')}</g></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, width, height, truth, fields };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
