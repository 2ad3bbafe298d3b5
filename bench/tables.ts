/**
 * Line items read by the offline engine from generated invoices (tests/helpers/invoices.ts): cells
 * right, rows found and rows invented, per layout and for the tuning and held-out layouts apart
 * (held-out layouts were not looked at while the table reader's rules were written), and the time
 * per document against raw tesseract.js reading the same images in the same run.
 *
 *   npx node bench/tables.ts [N per layout] [--layout=name] [--list] [--ocr-cache]
 *
 * - Each document goes through the LocalProvider in this process, as `extracto extract` does, with
 *   the field list (INVOICE_FIELDS).
 * - Rows are paired with the truth in order (the pairing that gets the most cells right); a row
 *   is found when it is paired, invented when a row read pairs with none.
 * - Numbers are right to the cent; descriptions when equal ignoring case, spaces and accents
 *   (PaddleOCR drops most accents and some spaces below the header tesseract also reads: see
 *   combine.ts; that is the OCR's weakness, not the table reader's). The share with descriptions
 *   compared letter for letter, accents, spaces and case too, is printed beside it.
 * - `--ocr-cache`: for iterating on the reader: OCR kept in bench/.cache/ by image content, nothing
 *   timed, raw tesseract.js not run. `--list` prints every wrong cell.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFieldSpec, type Profile } from '../src/shared/field.ts';
import { asTable, type CellValue, type FieldValue } from '../src/shared/result.ts';
import { combinePages } from '../src/core/providers/local/combine.ts';
import { CombinedEngine } from '../src/core/providers/local/combined.ts';
import type { OcrEngine, OcrPage } from '../src/core/providers/local/ocr.ts';
import { LocalProvider } from '../src/core/providers/local/provider.ts';
import { startRawTesseract } from './raw-tesseract.ts';
import {
  INVOICE_FIELDS,
  LAYOUTS,
  openInvoiceBrowser,
  renderInvoice,
  type GeneratedInvoice,
  type InvoiceOptions,
  type InvoiceRow,
} from '../tests/helpers/invoices.ts';

const args = process.argv.slice(2);
const perLayout = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const only = args.find((a) => a.startsWith('--layout='))?.split('=')[1];
const list = args.includes('--list');
const CACHE = args.includes('--ocr-cache') ? path.join(import.meta.dirname, '.cache') : null;

const COLUMNS = ['description', 'quantity', 'unit_price', 'amount'] as const;
const SCALARS = ['invoice_number', 'date', 'subtotal', 'tax', 'total'] as const;

/**
 * The documents of one layout: one row, forty rows, rows from the seed, and a long table the image
 * cuts after its first rows (a screen that shows only part of it).
 */
function documents(layoutIndex: number): InvoiceOptions[] {
  const layout = LAYOUTS[layoutIndex]!;
  return Array.from({ length: perLayout }, (_, i): InvoiceOptions => {
    const seed = 100 * layoutIndex + i + 1;
    if (i === 0) return { layout, seed, rows: 1 };
    if (i === 1) return { layout, seed, rows: 40 };
    if (i === perLayout - 1) return { layout, seed, rows: 24, visibleShare: 0.55 };
    return { layout, seed };
  });
}

/** OCR kept on disk by image content (--ocr-cache), both engines' readings apart, as bench/accuracy.ts. */
class Cached implements OcrEngine {
  readonly name: string;
  private readonly inner: CombinedEngine;
  constructor(inner: CombinedEngine) {
    this.inner = inner;
    this.name = inner.name;
    mkdirSync(CACHE!, { recursive: true });
  }
  async recognize(image: Buffer): Promise<OcrPage> {
    const file = path.join(
      CACHE!,
      `tables-${ocrVersion()}-${createHash('sha1').update(image).digest('hex')}.json`,
    );
    const parts = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { paddle: OcrPage; header: OcrPage })
      : await this.inner.readParts(image);
    if (!existsSync(file)) writeFileSync(file, JSON.stringify(parts));
    return combinePages(parts.paddle, parts.header);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The OCR engines' source, so an edited engine never reads a stale cache. */
function ocrVersion(): string {
  const dir = path.join(import.meta.dirname, '../src/core/providers/local');
  const hash = createHash('sha1');
  for (const file of readdirSync(dir).sort())
    if (/^(?:paddle|tesseract|combined|page-region)/.test(file))
      hash.update(readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 10);
}

// --- Scoring ------------------------------------------------------------------------------------

const squash = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '');

function cellRight(
  column: (typeof COLUMNS)[number],
  truth: InvoiceRow,
  got: CellValue | undefined,
  strict = false,
): boolean {
  const want = truth[column];
  if (want === null) return got === null || got === undefined;
  if (typeof want === 'number') return typeof got === 'number' && Math.abs(got - want) < 0.005;
  if (typeof got !== 'string') return false;
  return strict ? got === want : squash(got) === squash(want);
}

/** Cells of the columns the layout prints (a layout without unit prices has three per row). */
function printed(doc: GeneratedInvoice): Array<(typeof COLUMNS)[number]> {
  return COLUMNS.filter(
    (c) => c !== 'unit_price' || doc.layout.columns.some(([kind]) => kind === 'unit_price'),
  );
}

interface Score {
  docs: number;
  cells: number;
  cellsRight: number;
  strictRight: number;
  rows: number;
  rowsFound: number;
  rowsRead: number;
  rowsPaired: number;
  scalars: number;
  scalarsRight: number;
  ms: number[];
  rawMs: number[];
}

const emptyScore = (): Score => ({
  docs: 0,
  cells: 0,
  cellsRight: 0,
  strictRight: 0,
  rows: 0,
  rowsFound: 0,
  rowsRead: 0,
  rowsPaired: 0,
  scalars: 0,
  scalarsRight: 0,
  ms: [],
  rawMs: [],
});

/** Truth rows paired with rows read, in order, so that the most cells are right (an edit alignment). */
function pair(
  truth: InvoiceRow[],
  got: Array<Record<string, CellValue>>,
  columns: Array<(typeof COLUMNS)[number]>,
): Array<[number, number]> {
  const right = (i: number, j: number) => columns.filter((c) => cellRight(c, truth[i]!, got[j]![c])).length;
  const n = truth.length;
  const m = got.length;
  const best = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const r = right(i, j);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, r > 0 ? r + best[i + 1]![j + 1]! : -1);
    }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const r = right(i, j);
    if (r > 0 && best[i]![j] === r + best[i + 1]![j + 1]!) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  return pairs;
}

function scalarRight(
  key: (typeof SCALARS)[number],
  doc: GeneratedInvoice,
  got: FieldValue | undefined,
): boolean {
  const want = doc.truth[key];
  if (typeof want === 'number') return typeof got === 'number' && Math.abs(got - want) < 0.005;
  return typeof got === 'string' && squash(got) === squash(want);
}

function score(into: Score, doc: GeneratedInvoice, answer: Record<string, FieldValue>, name: string): void {
  const got = asTable(answer.items) ?? [];
  const columns = printed(doc);
  const pairs = pair(doc.truth.rows, got, columns);
  into.docs++;
  into.rows += doc.truth.rows.length;
  into.rowsFound += pairs.length;
  into.rowsRead += got.length;
  into.rowsPaired += pairs.length;
  const pairedTruth = new Map(pairs);
  doc.truth.rows.forEach((row, i) => {
    const j = pairedTruth.get(i);
    for (const column of columns) {
      into.cells++;
      const cell = j === undefined ? undefined : got[j]![column];
      if (cellRight(column, row, cell)) into.cellsRight++;
      else if (list)
        process.stderr.write(
          `${name} row ${i + 1} ${column}: want ${JSON.stringify(row[column])} got ${j === undefined ? '(row missed)' : JSON.stringify(cell)}\n`,
        );
      if (cellRight(column, row, cell, true)) into.strictRight++;
    }
  });
  if (list && got.length > pairs.length)
    process.stderr.write(`${name}: ${got.length - pairs.length} rows read that are not on the invoice\n`);
  // A cut invoice shows no sums: its number and date are all there is to read.
  for (const key of doc.cut ? SCALARS.slice(0, 2) : SCALARS) {
    into.scalars++;
    if (scalarRight(key, doc, answer[key])) into.scalarsRight++;
    else if (list)
      process.stderr.write(
        `${name} ${key}: want ${JSON.stringify(doc.truth[key])} got ${JSON.stringify(answer[key])}\n`,
      );
  }
}

// --- Run ----------------------------------------------------------------------------------------

const profile: Profile = { id: 'bench', name: 'bench', fields: parseFieldSpec(INVOICE_FIELDS) };
const engine = new CombinedEngine();
const provider = new LocalProvider(CACHE ? new Cached(engine) : engine);
const raw = CACHE ? null : startRawTesseract();
const browser = await openInvoiceBrowser();
const dir = mkdtempSync(path.join(tmpdir(), 'extracto-tables-'));

const extract = (doc: GeneratedInvoice) =>
  provider.extract({
    image: {
      data: doc.png,
      mediaType: 'image/png',
      width: doc.width,
      height: doc.height,
      sourceWidth: doc.width,
      sourceHeight: doc.height,
      sha256: '',
      detail: 'high',
      estimatedTokens: 0,
    },
    profile,
    model: '',
  });

const byLayout = new Map<string, Score>();
let totalRows = 0;
let cutDocs = 0;
let wrapped = 0;
try {
  let warm = !raw;
  for (const [index, layout] of LAYOUTS.entries()) {
    if (only && layout.name !== only) continue;
    const s = emptyScore();
    byLayout.set(layout.name, s);
    for (const options of documents(index)) {
      const doc = await renderInvoice(options, browser);
      const file = path.join(dir, `${layout.name}-${options.seed}.png`);
      writeFileSync(file, doc.png);
      if (!warm) {
        // The first page pays for loading models and workers, on both sides.
        await raw!.read(file);
        await extract(doc);
        warm = true;
      }
      if (raw) s.rawMs.push((await raw.read(file)).ms);
      const t0 = performance.now();
      const out = await extract(doc);
      s.ms.push(performance.now() - t0);
      score(s, doc, out.answer as Record<string, FieldValue>, `${layout.name}#${options.seed}`);
      totalRows += doc.truth.rows.length;
      if (doc.cut) cutDocs++;
      wrapped += doc.truth.rows.filter((r) => r.description.length > 45).length;
    }
  }
} finally {
  raw?.stop();
  await browser.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
}

// --- Report -------------------------------------------------------------------------------------

function add(scores: Score[]): Score {
  const sum = emptyScore();
  for (const s of scores) {
    for (const k of [
      'docs',
      'cells',
      'cellsRight',
      'strictRight',
      'rows',
      'rowsFound',
      'rowsRead',
      'rowsPaired',
      'scalars',
      'scalarsRight',
    ] as const)
      sum[k] += s[k];
    sum.ms.push(...s.ms);
    sum.rawMs.push(...s.rawMs);
  }
  return sum;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
const share = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(3));
const mark = (x: number, goal: number) => (x >= goal ? '✓' : '✗');

function line(name: string, s: Score): string {
  const cells = s.cellsRight / s.cells;
  const recall = s.rowsFound / s.rows;
  const time = s.ms.length > 0 ? `${median(s.ms).toFixed(0)} | ${median(s.rawMs).toFixed(0)}` : '- | -';
  return `| ${name} | ${s.docs} | ${s.rows} | ${share(s.cellsRight, s.cells)} ${mark(cells, 0.95)} | ${share(s.strictRight, s.cells)} | ${share(s.rowsFound, s.rows)} ${mark(recall, 0.98)} | ${share(s.rowsPaired, s.rowsRead)} | ${share(s.scalarsRight, s.scalars)} | ${time} |`;
}

const layouts = LAYOUTS.filter((l) => byLayout.has(l.name));
const tuning = add(layouts.filter((l) => l.split === 'tuning').map((l) => byLayout.get(l.name)!));
const heldOut = add(layouts.filter((l) => l.split === 'heldOut').map((l) => byLayout.get(l.name)!));
const all = add([tuning, heldOut]);
console.log(
  `${all.docs} generated invoices of ${layouts.length} layouts (${layouts.filter((l) => l.render === 'html').length} HTML in Chromium, ${layouts.filter((l) => l.render === 'svg').length} SVG through sharp), ${totalRows} rows, ${wrapped} of them with a description wrapped onto two lines, ${cutDocs} cut by the bottom of the image; fields \`${INVOICE_FIELDS}\`.`,
);
console.log('');
console.log(
  '| layouts | invoices | rows | cells right (goal ≥ 0.95) | cells right, descriptions letter for letter | rows found (goal ≥ 0.98) | rows read that are real | scalar fields right | median ms per invoice | median ms, raw tesseract.js |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
console.log(line('**held-out** (not looked at while writing the rules)', heldOut));
console.log(line('tuning', tuning));
console.log(line('**all**', all));
for (const layout of layouts) {
  const l = layout;
  console.log(
    line(
      `${l.split === 'heldOut' ? 'held-out' : 'tuning'}: ${l.name} (${l.render} ${l.scale * 100}%, ${l.lang}, ${l.columns.map(([, h]) => h).join(' / ')})`,
      byLayout.get(l.name)!,
    ),
  );
}
console.log('');
if (CACHE) console.log('(OCR from bench/.cache: time not measured)');
else {
  const ours = median(all.ms);
  const theirs = median(all.rawMs);
  console.log(
    `Time per invoice: ${ours.toFixed(0)} ms median with the offline engine (OCR + fields + table) against ${theirs.toFixed(0)} ms for raw tesseract.js on the same images, interleaved in the same run: ratio ${(ours / theirs).toFixed(2)}.`,
  );
}
