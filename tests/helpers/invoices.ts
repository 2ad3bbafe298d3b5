import sharp from 'sharp';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './renderer.ts';

/**
 * Generated invoices and receipts with known line items, for the offline engine's table reader
 * (tests and bench/tables.ts). Each layout differs for real: column order, header words (English
 * and Spanish), with or without a unit price column, extra columns nobody asked for, currency
 * symbols, both thousands conventions, left or right aligned numbers, ruled, unruled and zebra
 * tables, wrapped descriptions, fonts, HTML in Chromium at 100% and 150% or SVG through sharp.
 * Deterministic: the same layout and seed give the same document and truth.
 *
 * Layouts are split in two: `tuning` ones were looked at while the reader's rules were written,
 * `heldOut` ones only measured, so the benchmark says how the rules do on layouts they never saw.
 */

/** The columns an invoice can print; the reader is asked for description, quantity, unit price, amount. */
type ColumnKind = 'index' | 'code' | 'description' | 'quantity' | 'unit_price' | 'tax_rate' | 'amount';

export interface InvoiceLayout {
  name: string;
  split: 'tuning' | 'heldOut';
  render: 'html' | 'svg';
  /** Device scale: 1 or 1.5 (HTML through Chromium); SVG draws everything this much larger. */
  scale: number;
  lang: 'en' | 'es';
  font: 'DejaVu Sans' | 'Liberation Sans' | 'Liberation Serif';
  /** CSS pixels. */
  fontSize: number;
  /** Printed columns, in order, with their header text. */
  columns: ReadonlyArray<readonly [ColumnKind, string]>;
  /** Thousands convention of every number printed: 1,234.56 or 1.234,56. */
  numbers: 'en' | 'es';
  /** A currency sign in the price and amount cells, before or after the number. */
  currency?: { sign: string; after: boolean };
  numberAlign: 'left' | 'right';
  ruled: 'grid' | 'rows' | 'none';
  zebra: boolean;
  /** Where the other cells sit beside a description that wraps onto two lines. */
  valign: 'top' | 'middle';
  /** Labels of the lines under the table. */
  summary: { subtotal: string; tax: string; total: string };
  taxRate: number;
  /** Width of the description column, CSS pixels: long descriptions wrap at it. */
  descriptionWidth: number;
  /** Page width, CSS pixels. */
  width: number;
}

export interface InvoiceRow {
  description: string;
  quantity: number;
  /** Null where the layout prints no unit price. */
  unit_price: number | null;
  amount: number;
}

export interface InvoiceTruth {
  invoice_number: string;
  /** ISO date. */
  date: string;
  /** The rows visible in the image, in order. */
  rows: InvoiceRow[];
  /** As printed (the sum of every row's amount, unless the invoice was made with a wrong sum). */
  subtotal: number;
  tax: number;
  total: number;
}

export interface GeneratedInvoice {
  png: Buffer;
  width: number;
  height: number;
  layout: InvoiceLayout;
  seed: number;
  truth: InvoiceTruth;
  /** True when the image stops inside the table (a screen that shows its first rows only). */
  cut: boolean;
}

export interface InvoiceOptions {
  layout: InvoiceLayout;
  seed: number;
  /** Rows in the document (default: 1 to 40, from the seed). */
  rows?: number;
  /** Prints a subtotal that is not the sum of the line amounts (total = that subtotal + tax). */
  wrongSum?: boolean;
  /**
   * Shows only the top of the document, this share of its height, cut through the table:
   * a screen that shows the first rows of a long table. The truth keeps the rows fully visible.
   */
  visibleShare?: number;
}

const EN_HEADERS = { subtotal: 'Subtotal', tax: 'Tax', total: 'Total' };

export const LAYOUTS: readonly InvoiceLayout[] = [
  {
    name: 'classic',
    split: 'tuning',
    render: 'html',
    scale: 1,
    lang: 'en',
    font: 'DejaVu Sans',
    fontSize: 14,
    columns: [
      ['description', 'Description'],
      ['quantity', 'Qty'],
      ['unit_price', 'Unit price'],
      ['amount', 'Amount'],
    ],
    numbers: 'en',
    currency: { sign: '$', after: false },
    numberAlign: 'right',
    ruled: 'grid',
    zebra: false,
    valign: 'top',
    summary: { ...EN_HEADERS, tax: 'Tax (8%)' },
    taxRate: 0.08,
    descriptionWidth: 300,
    width: 820,
  },
  {
    name: 'factura',
    split: 'tuning',
    render: 'html',
    scale: 1.5,
    lang: 'es',
    font: 'Liberation Sans',
    fontSize: 13,
    columns: [
      ['description', 'Concepto'],
      ['quantity', 'Cant.'],
      ['unit_price', 'Precio'],
      ['amount', 'Importe'],
    ],
    numbers: 'es',
    currency: { sign: '€', after: true },
    numberAlign: 'right',
    ruled: 'none',
    zebra: true,
    valign: 'middle',
    summary: { subtotal: 'Base imponible', tax: 'IVA 21%', total: 'Total' },
    taxRate: 0.21,
    descriptionWidth: 280,
    width: 760,
  },
  {
    name: 'rate-first',
    split: 'tuning',
    render: 'svg',
    scale: 1,
    lang: 'en',
    font: 'Liberation Serif',
    fontSize: 16,
    columns: [
      ['description', 'Item'],
      ['unit_price', 'Rate'],
      ['quantity', 'Qty'],
      ['amount', 'Line total'],
    ],
    numbers: 'en',
    numberAlign: 'left',
    ruled: 'rows',
    zebra: false,
    valign: 'top',
    summary: { subtotal: 'Sub-total', tax: 'Sales tax', total: 'Amount due' },
    taxRate: 0.0725,
    descriptionWidth: 330,
    width: 860,
  },
  {
    name: 'receipt',
    split: 'tuning',
    render: 'svg',
    scale: 1.5,
    lang: 'en',
    font: 'DejaVu Sans',
    fontSize: 13,
    columns: [
      ['quantity', 'Qty'],
      ['description', 'Item'],
      ['amount', 'Total'],
    ],
    numbers: 'en',
    numberAlign: 'right',
    ruled: 'none',
    zebra: false,
    valign: 'top',
    summary: { subtotal: 'Subtotal', tax: 'GST 6%', total: 'TOTAL' },
    taxRate: 0.06,
    descriptionWidth: 230,
    width: 440,
  },
  {
    name: 'numbered',
    split: 'heldOut',
    render: 'html',
    scale: 1,
    lang: 'en',
    font: 'Liberation Sans',
    fontSize: 13,
    columns: [
      ['index', '#'],
      ['description', 'Description'],
      ['quantity', 'Quantity'],
      ['amount', 'Amount'],
    ],
    numbers: 'en',
    currency: { sign: '£', after: false },
    numberAlign: 'right',
    ruled: 'rows',
    zebra: false,
    valign: 'middle',
    summary: { subtotal: 'Net', tax: 'VAT 20%', total: 'Total due' },
    taxRate: 0.2,
    descriptionWidth: 320,
    width: 760,
  },
  {
    name: 'codigo',
    split: 'heldOut',
    render: 'html',
    scale: 1.5,
    lang: 'es',
    font: 'DejaVu Sans',
    fontSize: 12,
    columns: [
      ['code', 'Código'],
      ['description', 'Descripción'],
      ['quantity', 'Cantidad'],
      ['unit_price', 'Precio unitario'],
      ['amount', 'Total'],
    ],
    numbers: 'es',
    numberAlign: 'right',
    ruled: 'grid',
    zebra: false,
    valign: 'top',
    summary: { subtotal: 'Subtotal', tax: 'IVA (10%)', total: 'Total factura' },
    taxRate: 0.1,
    descriptionWidth: 300,
    width: 900,
  },
  {
    name: 'vat-column',
    split: 'heldOut',
    render: 'html',
    scale: 1,
    lang: 'en',
    font: 'Liberation Serif',
    fontSize: 15,
    columns: [
      ['quantity', 'QUANTITY'],
      ['description', 'DESCRIPTION'],
      ['unit_price', 'PRICE'],
      ['tax_rate', 'VAT %'],
      ['amount', 'LINE TOTAL'],
    ],
    numbers: 'en',
    currency: { sign: 'USD', after: false },
    numberAlign: 'left',
    ruled: 'none',
    zebra: true,
    valign: 'top',
    summary: { subtotal: 'SUBTOTAL', tax: 'VAT', total: 'GRAND TOTAL' },
    taxRate: 0.15,
    descriptionWidth: 300,
    width: 980,
  },
  {
    name: 'articulo',
    split: 'heldOut',
    render: 'svg',
    scale: 1,
    lang: 'es',
    font: 'Liberation Sans',
    fontSize: 15,
    columns: [
      ['description', 'Artículo'],
      ['quantity', 'Uds.'],
      ['unit_price', 'P. unit.'],
      ['amount', 'Importe'],
    ],
    numbers: 'es',
    currency: { sign: '€', after: true },
    numberAlign: 'right',
    ruled: 'grid',
    zebra: false,
    valign: 'middle',
    summary: { subtotal: 'Suma', tax: 'IVA 21%', total: 'Total a pagar' },
    taxRate: 0.21,
    descriptionWidth: 320,
    width: 820,
  },
];

export function layoutNamed(name: string): InvoiceLayout {
  const found = LAYOUTS.find((l) => l.name === name);
  if (!found) throw new Error(`no invoice layout ${name}`);
  return found;
}

/** The field list the CLI is given for these invoices. */
export const INVOICE_FIELDS =
  'invoice number, date:date, items:table(description, quantity:number, unit price:number, amount:number), subtotal:number, tax:number, total:number';

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

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

const ITEMS = {
  en: [
    'Copy paper A4',
    'Blue ballpoint pens',
    'Desk stapler',
    'Coffee beans 1kg',
    'USB-C cable',
    'Spiral notebook',
    'Packing tape',
    'Whiteboard markers',
    'Consulting hours',
    'Website hosting',
    'Label printer',
    'Ink cartridge black',
    'Office chair',
    'Monitor stand',
    'Delivery',
    'Wireless mouse',
  ],
  es: [
    'Papel A4 80 g',
    'Bolígrafos azules',
    'Grapadora de oficina',
    'Café en grano 1 kg',
    'Cable USB-C',
    'Cuaderno de espiral',
    'Cinta de embalar',
    'Rotuladores de pizarra',
    'Horas de consultoría',
    'Alojamiento web',
    'Impresora de etiquetas',
    'Cartucho de tinta negra',
    'Silla de oficina',
    'Soporte para monitor',
    'Transporte',
    'Ratón inalámbrico',
  ],
};

/** Long enough to wrap onto a second line in every layout's description column. */
const LONG_ITEMS = {
  en: [
    'Annual maintenance contract for the office printers and scanners',
    'Installation and configuration of the new network switches',
    'Ergonomic keyboard with numeric keypad and palm rest, grey',
    'Training session for the accounting team on the new software',
  ],
  es: [
    'Contrato anual de mantenimiento de las impresoras y escáneres',
    'Instalación y configuración de los nuevos conmutadores de red',
    'Teclado ergonómico con teclado numérico y reposamuñecas, gris',
    'Sesión de formación del equipo de contabilidad en el programa',
  ],
};

const COMPANIES = ['Northwind Supplies Ltd', 'Papelería García S.L.', 'Blue River Inc', 'Oficinas Sol S.A.'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ROW_COUNTS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40];

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** 1234.5 -> "1,234.50" (en) or "1.234,50" (es); `decimals` 0 for quantities. */
export function formatNumber(n: number, convention: 'en' | 'es', decimals = 2): string {
  const [int, frac] = Math.abs(n).toFixed(decimals).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, convention === 'en' ? ',' : '.');
  const sign = n < 0 ? '-' : '';
  return frac === undefined
    ? `${sign}${grouped}`
    : `${sign}${grouped}${convention === 'en' ? '.' : ','}${frac}`;
}

interface InvoiceData {
  company: string;
  invoiceNumber: string;
  iso: string;
  printedDate: string;
  rows: Array<InvoiceRow & { code: string; taxRate: number }>;
  subtotal: number;
  tax: number;
  total: number;
}

function invoiceData(layout: InvoiceLayout, seed: number, options: InvoiceOptions): InvoiceData {
  // Each layout its own stream: the same seed on two layouts gives different invoices.
  const rnd = random(seed * 7919 + [...layout.name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const count = options.rows ?? pick(rnd, ROW_COUNTS);
  const hasPrice = layout.columns.some(([kind]) => kind === 'unit_price');
  const rows = Array.from({ length: count }, (_, i) => {
    const long = rnd() < 0.2;
    const description = pick(rnd, long ? LONG_ITEMS[layout.lang] : ITEMS[layout.lang]);
    const quantity = rnd() < 0.7 ? 1 + Math.floor(rnd() * 12) : 10 + Math.floor(rnd() * 240);
    // Some prices in the thousands, so both thousands marks are printed.
    const price = rnd() < 0.15 ? round2(1000 + rnd() * 8000) : round2(0.5 + rnd() * 400);
    const amount = round2(quantity * price);
    return {
      description,
      quantity,
      unit_price: hasPrice ? price : null,
      amount,
      code: `${String.fromCharCode(65 + ((seed + i) % 26))}${100 + Math.floor(rnd() * 899)}`,
      taxRate: layout.taxRate,
    };
  });
  const sum = round2(rows.reduce((s, r) => s + r.amount, 0));
  const subtotal = options.wrongSum ? round2(sum + 10 + Math.floor(rnd() * 90)) : sum;
  const tax = round2(subtotal * layout.taxRate);
  const year = 2021 + Math.floor(rnd() * 5);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    company: pick(rnd, COMPANIES),
    invoiceNumber: `${layout.lang === 'en' ? 'INV' : 'F'}-${year}-${1000 + Math.floor(rnd() * 8999)}`,
    iso: `${year}-${pad(month)}-${pad(day)}`,
    printedDate:
      layout.lang === 'en'
        ? `${pad(day)} ${MONTHS_EN[month - 1]} ${year}`
        : `${pad(day)}/${pad(month)}/${year}`,
    rows,
    subtotal,
    tax,
    total: round2(subtotal + tax),
  };
}

function money(layout: InvoiceLayout, n: number): string {
  const number = formatNumber(n, layout.numbers);
  const c = layout.currency;
  if (!c) return number;
  const space = c.sign.length > 1 || c.after ? ' ' : '';
  return c.after ? `${number}${space}${c.sign}` : `${c.sign}${space}${number}`;
}

function cellText(
  layout: InvoiceLayout,
  kind: ColumnKind,
  row: InvoiceData['rows'][number],
  i: number,
): string {
  switch (kind) {
    case 'index':
      return String(i + 1);
    case 'code':
      return row.code;
    case 'description':
      return row.description;
    case 'quantity':
      return formatNumber(row.quantity, layout.numbers, 0);
    case 'unit_price':
      return money(layout, row.unit_price ?? 0);
    case 'tax_rate':
      return `${Math.round(row.taxRate * 100)}%`;
    case 'amount':
      return money(layout, row.amount);
  }
}

function headerLines(layout: InvoiceLayout, data: InvoiceData): Array<[string, string]> {
  return layout.lang === 'en'
    ? [
        ['Invoice No:', data.invoiceNumber],
        ['Date:', data.printedDate],
      ]
    : [
        ['Factura nº:', data.invoiceNumber],
        ['Fecha:', data.printedDate],
      ];
}

function summaryLines(layout: InvoiceLayout, data: InvoiceData): Array<[string, string]> {
  return [
    [layout.summary.subtotal, money(layout, data.subtotal)],
    [layout.summary.tax, money(layout, data.tax)],
    [layout.summary.total, money(layout, data.total)],
  ];
}

const isNumeric = (kind: ColumnKind) => kind !== 'description' && kind !== 'code';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// --- HTML in Chromium ---------------------------------------------------------------------------

/** Debian's Chromium, for the HTML layouts; one per test file or benchmark run. */
export function openInvoiceBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

function invoiceHtml(layout: InvoiceLayout, data: InvoiceData): string {
  const border = layout.ruled === 'grid' ? '1px solid #555' : 'none';
  const rowRule = layout.ruled === 'rows' ? 'border-bottom: 1px solid #999;' : '';
  const head = layout.columns
    .map(([kind, label]) => `<th class="${isNumeric(kind) ? 'num' : 'txt'}">${escapeXml(label)}</th>`)
    .join('');
  const body = data.rows
    .map(
      (row, i) =>
        `<tr>${layout.columns
          .map(
            ([kind]) =>
              `<td class="${isNumeric(kind) ? 'num' : 'txt'}${kind === 'description' ? ' desc' : ''}">${escapeXml(cellText(layout, kind, row, i))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const info = headerLines(layout, data)
    .map(([k, v]) => `<div><span class="k">${escapeXml(k)}</span> ${escapeXml(v)}</div>`)
    .join('');
  const sums = summaryLines(layout, data)
    .map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td class="num">${escapeXml(v)}</td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; padding: 32px; font-family: '${layout.font}'; font-size: ${layout.fontSize}px; color: #111; background: #fff; width: ${layout.width - 64}px; }
    h1 { font-size: ${layout.fontSize * 1.8}px; margin: 0 0 8px; }
    .k { display: inline-block; width: 110px; }
    table.items { border-collapse: collapse; width: 100%; margin: 24px 0 16px; }
    table.items th, table.items td { border: ${border}; padding: 6px 10px; vertical-align: ${layout.valign}; ${rowRule} }
    table.items th { text-align: left; background: ${layout.zebra ? '#dde3ea' : 'transparent'}; border-bottom: 2px solid #333; }
    table.items .num, table.items th.num { text-align: ${layout.numberAlign}; white-space: nowrap; }
    table.items td.desc { width: ${layout.descriptionWidth}px; }
    table.items tbody tr:nth-child(even) { background: ${layout.zebra ? '#f0f2f5' : 'transparent'}; }
    table.sums { margin-left: auto; border-collapse: collapse; }
    table.sums td { padding: 3px 10px; }
    table.sums td.num { text-align: right; }
    table.sums tr:last-child { font-weight: bold; }
    </style></head><body>
    <h1>${layout.lang === 'en' ? 'INVOICE' : 'FACTURA'}</h1>
    <div>${escapeXml(data.company)}</div>${info}
    <table class="items"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
    <table class="sums">${sums}</table>
    <p>${layout.lang === 'en' ? 'Thank you for your business.' : 'Gracias por su confianza.'}</p>
    </body></html>`;
}

async function renderHtml(
  layout: InvoiceLayout,
  data: InvoiceData,
  browser: Browser,
  visibleShare: number | undefined,
): Promise<{ png: Buffer; width: number; height: number; visibleRows: number }> {
  const context = await browser.newContext({
    viewport: { width: layout.width, height: 600 },
    deviceScaleFactor: layout.scale,
  });
  try {
    const page = await context.newPage();
    await page.setContent(invoiceHtml(layout, data));
    // A string, as tests/helpers compile without the DOM's types.
    const { height, rowBottoms } = await page.evaluate<{ height: number; rowBottoms: number[] }>(
      `({ height: document.body.scrollHeight, rowBottoms: [...document.querySelectorAll('table.items tbody tr')].map((tr) => tr.getBoundingClientRect().bottom) })`,
    );
    const shown = visibleShare === undefined ? height : Math.round(height * visibleShare);
    // The screen is as tall as what is shown: a clip reaches no further than the viewport.
    await page.setViewportSize({ width: layout.width, height: shown });
    const png = await page.screenshot({
      clip: { x: 0, y: 0, width: layout.width, height: shown },
      type: 'png',
    });
    return {
      png,
      width: Math.round(layout.width * layout.scale),
      height: Math.round(shown * layout.scale),
      visibleRows: rowBottoms.filter((b) => b <= shown).length,
    };
  } finally {
    await context.close();
  }
}

// --- SVG through sharp ----------------------------------------------------------------------------

/** Splits a description at the word nearest its middle when it is wider than its column. */
function wrap(text: string, layout: InvoiceLayout): string[] {
  // ~0.55 em per character in these fonts.
  if (text.length * layout.fontSize * 0.55 <= layout.descriptionWidth - 20) return [text];
  const words = text.split(' ');
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    const left = words.slice(0, i).join(' ').length;
    if (Math.abs(left - text.length / 2) < Math.abs(words.slice(0, best).join(' ').length - text.length / 2))
      best = i;
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

function renderSvg(
  layout: InvoiceLayout,
  data: InvoiceData,
  visibleShare: number | undefined,
): { svg: string; width: number; height: number; visibleRows: number } {
  const s = layout.scale;
  const size = layout.fontSize * s;
  const lh = size * 1.35;
  const pad = 7 * s;
  const margin = 32 * s;
  const width = Math.round(layout.width * s);
  const inner = width - 2 * margin;
  // Column widths: the description its own, the others share the rest by their kind.
  const weights = layout.columns.map(([kind]): number =>
    kind === 'description'
      ? 0
      : kind === 'index'
        ? 0.4
        : kind === 'quantity' || kind === 'tax_rate'
          ? 0.8
          : 1.2,
  );
  const rest = inner - layout.descriptionWidth * s;
  const widths = weights.map((w) =>
    w === 0 ? layout.descriptionWidth * s : (rest * w) / weights.reduce((a, b) => a + b, 0),
  );
  const lefts = widths.map((_, i) => margin + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const out: string[] = [];
  const text = (x: number, y: number, t: string, anchor = 'start', bold = false) =>
    out.push(
      `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(t)}</text>`,
    );
  let y = margin + size * 1.8;
  out.push(
    `<text x="${margin}" y="${y.toFixed(1)}" font-size="${(size * 1.8).toFixed(1)}" font-weight="bold">${layout.lang === 'en' ? 'INVOICE' : 'FACTURA'}</text>`,
  );
  y += lh * 1.2;
  text(margin, y, data.company);
  for (const [k, v] of headerLines(layout, data)) {
    y += lh;
    text(margin, y, k);
    text(margin + 110 * s, y, v);
  }
  y += lh * 1.5;
  const cellX = (c: number, kind: ColumnKind): [number, string] =>
    isNumeric(kind) && layout.numberAlign === 'right'
      ? [lefts[c]! + widths[c]! - 10 * s, 'end']
      : [lefts[c]! + 10 * s, 'start'];
  // Header.
  const headTop = y;
  y += pad + size;
  layout.columns.forEach(([kind, label], c) => {
    const [x, anchor] = cellX(c, kind);
    text(x, y, label, anchor, true);
  });
  y += pad + size * 0.35;
  out.push(
    `<line x1="${margin}" x2="${margin + inner}" y1="${y}" y2="${y}" stroke="#333" stroke-width="${2 * s}"/>`,
  );
  const rowBottoms: number[] = [];
  const gridTop = headTop;
  data.rows.forEach((row, i) => {
    const lines = wrap(row.description, layout);
    const top = y;
    const height = pad * 2 + lh * lines.length;
    if (layout.zebra && i % 2 === 1)
      out.push(`<rect x="${margin}" y="${top}" width="${inner}" height="${height}" fill="#eef1f4"/>`);
    const base = top + pad + size;
    const middle = top + height / 2 + size * 0.35;
    layout.columns.forEach(([kind], c) => {
      const [x, anchor] = cellX(c, kind);
      if (kind === 'description') lines.forEach((l, k) => text(x, base + k * lh, l, anchor));
      else text(x, layout.valign === 'middle' ? middle : base, cellText(layout, kind, row, i), anchor);
    });
    y = top + height;
    rowBottoms.push(y);
    if (layout.ruled !== 'none')
      out.push(
        `<line x1="${margin}" x2="${margin + inner}" y1="${y}" y2="${y}" stroke="#999" stroke-width="${s}"/>`,
      );
  });
  if (layout.ruled === 'grid')
    for (const x of [...lefts, margin + inner])
      out.push(`<line x1="${x}" x2="${x}" y1="${gridTop}" y2="${y}" stroke="#555" stroke-width="${s}"/>`);
  y += lh;
  const labelX = margin + inner - 260 * s;
  for (const [k, v] of summaryLines(layout, data)) {
    y += lh;
    text(labelX, y, k, 'start', k === layout.summary.total);
    text(margin + inner - 10 * s, y, v, 'end', k === layout.summary.total);
  }
  y += lh * 2;
  text(margin, y, layout.lang === 'en' ? 'Thank you for your business.' : 'Gracias por su confianza.');
  const fullHeight = Math.round(y + margin);
  const height = visibleShare === undefined ? fullHeight : Math.round(fullHeight * visibleShare);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><g font-family="${layout.font}" font-size="${size.toFixed(1)}" fill="#111">${out.join('')}</g></svg>`;
  return { svg, width, height, visibleRows: rowBottoms.filter((b) => b <= height).length };
}

/**
 * One invoice: its image and what is on it. HTML layouts need `browser` (openInvoiceBrowser).
 */
export async function renderInvoice(options: InvoiceOptions, browser?: Browser): Promise<GeneratedInvoice> {
  const { layout, seed } = options;
  const data = invoiceData(layout, seed, options);
  let png: Buffer;
  let width: number;
  let height: number;
  let visibleRows: number;
  if (layout.render === 'html') {
    if (!browser) throw new Error(`layout ${layout.name} is HTML: pass a browser (openInvoiceBrowser)`);
    ({ png, width, height, visibleRows } = await renderHtml(layout, data, browser, options.visibleShare));
  } else {
    const drawn = renderSvg(layout, data, options.visibleShare);
    png = await sharp(Buffer.from(drawn.svg)).png().toBuffer();
    ({ width, height, visibleRows } = drawn);
  }
  return {
    png,
    width,
    height,
    layout,
    seed,
    cut: visibleRows < data.rows.length,
    truth: {
      invoice_number: data.invoiceNumber,
      date: data.iso,
      rows: data.rows.slice(0, visibleRows).map(({ description, quantity, unit_price, amount }) => ({
        description,
        quantity,
        unit_price,
        amount,
      })),
      subtotal: data.subtotal,
      tax: data.tax,
      total: data.total,
    },
  };
}

/** A generated invoice printed to PDF, and what is on it. */
export interface PrintedInvoice {
  pdf: Buffer;
  layout: InvoiceLayout;
  seed: number;
  /** Every row: a PDF is never cut (a long table runs on over the next pages). */
  truth: InvoiceTruth;
  pages: number;
}

/**
 * The invoice printed to PDF by Chromium, as invoicing software prints one: text with its position
 * (fonts embedded), pages as tall as A4 is for the layout's width, and a long table running on
 * over several pages, its header row repeated on each (Chromium repeats a <thead>). HTML layouts.
 */
export async function printInvoice(options: InvoiceOptions, browser: Browser): Promise<PrintedInvoice> {
  const { layout, seed } = options;
  if (layout.render !== 'html') throw new Error(`layout ${layout.name} is SVG: printing needs HTML`);
  const data = invoiceData(layout, seed, options);
  const context = await browser.newContext({ viewport: { width: layout.width, height: 600 } });
  try {
    const page = await context.newPage();
    await page.setContent(invoiceHtml(layout, data));
    const pdf = await page.pdf({
      width: `${layout.width}px`,
      height: `${Math.round(layout.width * Math.SQRT2)}px`,
      printBackground: true,
      margin: { top: '24px', bottom: '24px' },
    });
    const pages = Number(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
    return {
      pdf,
      layout,
      seed,
      pages,
      truth: {
        invoice_number: data.invoiceNumber,
        date: data.iso,
        rows: data.rows.map(({ description, quantity, unit_price, amount }) => ({
          description,
          quantity,
          unit_price,
          amount,
        })),
        subtotal: data.subtotal,
        tax: data.tax,
        total: data.total,
      },
    };
  } finally {
    await context.close();
  }
}
