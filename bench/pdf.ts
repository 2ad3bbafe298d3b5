/**
 * Born-digital PDFs (generated invoices printed by Chromium, as invoicing software prints them)
 * read by the offline engine from their text layer, against the same pages drawn to PNG and read
 * by OCR, in the same run: time from file to saved result, and what each got right.
 *
 *   npx node bench/pdf.ts [seeds per layout]
 *
 * - Through AppService.extract in this process, as the tray app and `extracto extract` do: the
 *   file is read, the result written and indexed. Timed warm (the engine and pdf.js loaded, one
 *   untimed document first), each document REPEAT times, the median kept.
 * - Documents: every HTML layout of tests/helpers/invoices.ts, seeds 200+ (the page-break rule of
 *   match-table.ts was written against seed 3), 1 to 12 rows (one page) and 40 rows (two pages).
 * - Right: numbers to the cent, dates and the invoice number exactly; descriptions letter for
 *   letter (the text layer has every accent), and as bench/tables.ts compares OCR (case, spaces
 *   and accents aside).
 * - Scans: the first SCANS SROIE receipts (../shared/data, see bench/receipts.ts; skipped with a
 *   sentence when absent), each as a scanner saves it (its JPEG in a PDF page at 200 dpi, no text),
 *   read through the PDF path (drawn at 144 dpi, OCR) and as the JPEG itself, scored by the data's
 *   own script (score-sroie.mjs).
 *
 *   npx node bench/pdf.ts [seeds per layout] [scanned receipts]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppService } from '../src/app/service.ts';
import { openPdf } from '../src/core/document/pdf.ts';
import { silentLogger } from '../src/core/log.ts';
import { parseFieldSpec, type Profile } from '../src/shared/field.ts';
import { asTable, type FieldValue, type Result } from '../src/shared/result.ts';
import {
  INVOICE_FIELDS,
  LAYOUTS,
  openInvoiceBrowser,
  printInvoice,
  type InvoiceTruth,
} from '../tests/helpers/invoices.ts';
import { jpegPdf } from '../tests/helpers/pdfs.ts';

const seeds = Number(process.argv[2] ?? 3);
const SCANS = Number(process.argv[3] ?? 20);
const REPEAT = 3;
const ROWS = [1, 4, 12];
const profile: Profile = { id: 'bench', name: 'Bench', fields: parseFieldSpec(INVOICE_FIELDS) };

interface Tally {
  docs: number;
  ms: number[];
  fields: number;
  fieldsRight: number;
  cells: number;
  cellsRight: number;
  strictRight: number;
  rows: number;
  rowsFound: number;
}
const tally = (): Tally => ({
  docs: 0,
  ms: [],
  fields: 0,
  fieldsRight: 0,
  cells: 0,
  cellsRight: 0,
  strictRight: 0,
  rows: 0,
  rowsFound: 0,
});

const folded = (v: unknown) =>
  String(v).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '');

function score(into: Tally, truth: InvoiceTruth, fields: Record<string, FieldValue>): void {
  into.docs++;
  for (const key of ['invoice_number', 'date', 'subtotal', 'tax', 'total'] as const) {
    into.fields++;
    if (fields[key] === truth[key]) into.fieldsRight++;
  }
  const got = asTable(fields.items) ?? [];
  into.rows += truth.rows.length;
  into.rowsFound += Math.min(got.length, truth.rows.length);
  truth.rows.forEach((row, i) => {
    for (const column of ['description', 'quantity', 'unit_price', 'amount'] as const) {
      into.cells++;
      const cell = got[i]?.[column];
      const want = row[column];
      if (column === 'description' ? folded(cell) === folded(want) : (cell ?? null) === want)
        into.cellsRight++;
      if (cell === want || (cell === undefined && want === null)) into.strictRight++;
    }
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}

/** `extracto extract` as a new process: wall time, and the time it says it took to the saved result. */
function coldRuns(file: string): { wall: number; saved: number } {
  const walls: number[] = [];
  const saved: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        path.join(import.meta.dirname, '..', 'bin', 'extracto.js'),
        'extract',
        file,
        '--fields',
        INVOICE_FIELDS,
        '--provider',
        'local',
        '--json',
      ],
      { env: { ...process.env, EXTRACTO_HOME: path.join(dir, 'cold-home') }, encoding: 'utf8' },
    );
    walls.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`extracto extract failed: ${run.stderr}`);
    saved.push((JSON.parse(run.stdout) as Result).durationMs);
  }
  return { wall: median(walls), saved: median(saved) };
}

/** SROIE receipts as scanned PDFs and as the JPEGs themselves, through the same AppService. */
async function scannedReceipts(app: AppService): Promise<void> {
  const data = process.env.EXTRACTO_RECEIPTS ?? path.resolve(import.meta.dirname, '../../shared/data/sroie');
  const scorer = path.join(path.dirname(data), 'score-sroie.mjs');
  console.log('');
  if (!existsSync(path.join(data, 'img')) || !existsSync(scorer)) {
    console.log(
      `Scanned receipts: skipped, the SROIE receipts and score-sroie.mjs were not found at ${data}.`,
    );
    return;
  }
  const receipts: Profile = {
    id: 'receipts',
    name: 'Receipts',
    fields: parseFieldSpec('company, date:date, address, total:number'),
  };
  const ids = readdirSync(path.join(data, 'img'))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, SCANS);
  const lines = { pdf: [] as string[], jpg: [] as string[] };
  const ms = { pdf: [] as number[], jpg: [] as number[] };
  for (const name of ids) {
    const jpgFile = path.join(data, 'img', name);
    // A scanner's PDF holds an RGB JPEG; two of the receipts are greyscale.
    const rgb = await sharp(jpgFile).toColourspace('srgb').jpeg({ quality: 95 }).toBuffer();
    const { width, height } = await sharp(rgb).metadata();
    const pdfFile = path.join(dir, name.replace(/\.jpg$/, '.pdf'));
    writeFileSync(pdfFile, jpegPdf(rgb, width!, height!));
    for (const [kind, file] of [
      ['pdf', pdfFile],
      ['jpg', jpgFile],
    ] as const) {
      const started = performance.now();
      const result = await app.extract(
        { kind: 'file', path: file },
        { profile: receipts, provider: 'local' },
      );
      ms[kind].push(performance.now() - started);
      if (kind === 'pdf' && result.document?.pages[0]?.from !== 'ocr')
        throw new Error(`${name}: not read by OCR`);
      lines[kind].push(
        JSON.stringify({ id: name.replace(/\.jpg$/, ''), image: name, fields: result.fields }),
      );
    }
  }
  console.log(`Scanned receipts (the first ${ids.length} SROIE receipts; accuracy over those):`);
  console.log('');
  console.log('| Read as | company | date | address | total | mean | median time |');
  console.log('|---|---|---|---|---|---|---|');
  for (const kind of ['pdf', 'jpg'] as const) {
    const file = path.join(dir, `${kind}.jsonl`);
    writeFileSync(file, `${lines[kind].join('\n')}\n`);
    const score = JSON.parse(
      execFileSync(process.execPath, [scorer, path.join(data, 'key'), file], { encoding: 'utf8' }),
    ) as Record<'n' | 'company' | 'date' | 'address' | 'total' | 'mean', number>;
    // The script divides by every receipt in key/; these are the first few.
    const of = (x: number) => ((x * score.n) / ids.length).toFixed(2);
    console.log(
      `| ${kind === 'pdf' ? 'scanned PDF (JPEG at 200 dpi, drawn at 144 dpi, OCR)' : 'the JPEG itself'} | ${of(score.company)} | ${of(score.date)} | ${of(score.address)} | ${of(score.total)} | ${of(score.mean)} | ${median(ms[kind]).toFixed(0)} ms |`,
    );
  }
}

async function timed(app: AppService, file: string): Promise<{ ms: number; result: Result }> {
  const times: number[] = [];
  let result: Result | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    result = await app.extract({ kind: 'file', path: file }, { profile, provider: 'local' });
    times.push(performance.now() - started);
  }
  return { ms: median(times), result: result! };
}

const dir = mkdtempSync(path.join(tmpdir(), 'extracto-bench-pdf-'));
const browser = await openInvoiceBrowser();
const app = await AppService.open({ home: path.join(dir, 'home'), logger: silentLogger, env: {} });
try {
  const text = tally();
  const ocr = tally();
  const twoPages = tally();
  let warmed = false;
  for (const layout of LAYOUTS.filter((l) => l.render === 'html')) {
    for (let s = 0; s < seeds; s++) {
      for (const rows of [...ROWS, 40]) {
        const seed = 200 + s * 10 + rows;
        const invoice = await printInvoice({ layout, seed, rows }, browser);
        const pdfFile = path.join(dir, `${layout.name}-${seed}.pdf`);
        writeFileSync(pdfFile, invoice.pdf);
        if (!warmed) {
          // Loads the OCR models and pdf.js once, untimed, as a running app has them.
          await app.extract({ kind: 'file', path: pdfFile }, { profile, provider: 'local' });
          warmed = true;
        }
        const read = await timed(app, pdfFile);
        if (read.result.document?.pages.some((p) => p.from !== 'text'))
          throw new Error(`${pdfFile} was not read from its text layer`);
        if (invoice.pages > 1) {
          twoPages.ms.push(read.ms);
          score(twoPages, invoice.truth, read.result.fields);
          continue;
        }
        text.ms.push(read.ms);
        score(text, invoice.truth, read.result.fields);
        // The same page drawn (144 dpi, as the pipeline draws pages for OCR) and read by OCR.
        const pdf = await openPdf(invoice.pdf, pdfFile);
        const pngFile = pdfFile.replace(/\.pdf$/, '.png');
        writeFileSync(pngFile, await pdf.render(1));
        await pdf.close();
        const drawn = await timed(app, pngFile);
        ocr.ms.push(drawn.ms);
        score(ocr, invoice.truth, drawn.result.fields);
      }
    }
  }
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.docs} | ${median(t.ms).toFixed(0)} ms | ${Math.max(...t.ms).toFixed(0)} ms | ${pct(t.fieldsRight, t.fields)} | ${pct(t.cellsRight, t.cells)} | ${pct(t.strictRight, t.cells)} | ${pct(t.rowsFound, t.rows)} |`;
  console.log(
    `${LAYOUTS.filter((l) => l.render === 'html').length} HTML layouts × ${seeds} seeds; one-page invoices of ${ROWS.join(', ')} rows, and 40 rows over two pages. Each timed ${REPEAT}× warm, median kept.`,
  );
  console.log('');
  console.log(
    '| Path | Documents | Median file -> saved result | Slowest | Fields right | Cells right | Cells letter for letter | Rows found |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(row('PDF text layer, one page', text));
  console.log(row('Same page drawn to PNG, OCR', ocr));
  console.log(row('PDF text layer, two pages', twoPages));
  console.log('');
  console.log(
    `Text layer vs OCR on the same pages: **${(median(ocr.ms) / median(text.ms)).toFixed(1)}× faster** (medians, same run).`,
  );
  // A one-off command pays for starting Node and loading the modules too.
  const cold = coldRuns(path.join(dir, `${LAYOUTS[0]!.name}-${200 + ROWS[1]!}.pdf`));
  console.log('');
  console.log(
    `One \`extracto extract invoice.pdf\` from a shell (a new process each time, ${REPEAT} runs, median): ${cold.wall.toFixed(0)} ms wall, of which ${cold.saved.toFixed(0)} ms from file to saved result.`,
  );
  await scannedReceipts(app);
} finally {
  await app.close();
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
