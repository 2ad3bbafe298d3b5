/**
 * OCR engines on the 100 SROIE receipts: speed (warm), peak memory, and how often the true
 * company / date / address / total appear anywhere in the text (the ceiling for a field matcher).
 *
 *   npx node bench/ocr-engines.ts [N] [--only=tesseract|paddle|concurrent]
 *                                 [--tess-px=2e6] [--paddle-px=3e6] [--det-px=1e6] [--misses=date]
 *
 * Each engine runs in its own child process, so peak RSS is that engine's alone; "concurrent"
 * runs both engines side by side on the 2 cores and reports the wall time per receipt of both.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OcrEngine, OcrPage } from '../src/core/providers/local/ocr.ts';
import { PaddleEngine } from '../src/core/providers/local/paddle.ts';
import { TesseractEngine } from '../src/core/providers/local/tesseract.ts';
import { receiptsDir } from './receipts.ts';

const DATA = receiptsDir();
const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = flag('only');

interface Truth {
  company: string;
  date: string;
  address: string;
  total: string;
}

const norm = (s: string) => s.toUpperCase().replace(/\s+/g, ' ').trim();
const squash = (s: string) => s.toUpperCase().replace(/\s+/g, '');

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const year = (y = '') => (y.length === 2 ? 2000 + Number(y) : Number(y));
const iso = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= 31
    ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    : undefined;

/** Every date-like token in the text, parsed day-first, as ISO dates. */
function dates(text: string): Set<string> {
  const out = new Set<string>();
  const t = text.toUpperCase();
  for (const m of t.matchAll(/(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/g)) {
    const d = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) out.add(d);
  }
  for (const m of t.matchAll(/(?<!\d)(?=(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4}|\d{2})(?!\d))/g)) {
    const d = iso(year(m[3]), Number(m[2]), Number(m[1]));
    if (d) out.add(d);
  }
  for (const m of t.matchAll(/(\d{1,2})[\s\-/.]*([A-Z]{3})[A-Z]*[\s\-/.,]*(\d{4}|\d{2})(?!\d)/g)) {
    const d = iso(year(m[3]), MONTHS.indexOf(m[2] ?? '') + 1, Number(m[1]));
    if (d) out.add(d);
  }
  return out;
}

/** Every amount with cents in the text, in cents. */
function amounts(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\d{1,3}(?:,\d{3})+\.\d{2}|\d+\s?[.,]\s?\d{2}(?!\d)/g)) {
    out.add(
      Math.round(
        Number(
          m[0]
            .replace(/\s/g, '')
            .replace(/,(?=\d{3})/g, '')
            .replace(',', '.'),
        ) * 100,
      ),
    );
  }
  return out;
}

interface Hits {
  company: boolean;
  companyNoSpace: boolean;
  date: boolean;
  address: boolean;
  addressNoSpace: boolean;
  total: boolean;
}

function score(page: OcrPage, truth: Truth): Hits {
  const text = norm(page.lines.map((l) => l.text).join('\n'));
  const flat = squash(text);
  const truthDate = [...dates(truth.date)][0];
  const total = Math.round(Number(truth.total.replace(/[^\d.]/g, '')) * 100);
  return {
    company: text.includes(norm(truth.company)),
    companyNoSpace: flat.includes(squash(truth.company)),
    date: truthDate !== undefined && dates(text).has(truthDate),
    address: text.includes(norm(truth.address)),
    addressNoSpace: flat.includes(squash(truth.address)),
    total: amounts(text).has(total),
  };
}

const ids = readdirSync(path.join(DATA, 'img'))
  .filter((f) => f.endsWith('.jpg'))
  .map((f) => f.slice(0, -4))
  .sort()
  .slice(0, n);
const truthOf = (id: string) =>
  JSON.parse(readFileSync(path.join(DATA, 'key', `${id}.json`), 'utf8')) as Truth;

function makeEngine(kind: string): OcrEngine {
  return kind === 'tesseract'
    ? new TesseractEngine({ maxPixels: Number(flag('tess-px') ?? 2e6) })
    : new PaddleEngine({
        maxPixels: Number(flag('paddle-px') ?? 3e6),
        detectMaxPixels: Number(flag('det-px') ?? 1e6),
      });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};

interface Row {
  engine: string;
  median: number;
  p90: number;
  cpuMs: number;
  rssMiB: number;
  hits: Record<keyof Hits, number>;
}

async function child(mode: string): Promise<Row> {
  const kinds = mode === 'concurrent' ? ['tesseract', 'paddle'] : [mode];
  const engines = kinds.map(makeEngine);
  // Warm-up: the first page pays for loading models and workers.
  const first = readFileSync(path.join(DATA, 'img', `${ids[0]}.jpg`));
  await Promise.all(engines.map((e) => e.recognize(first)));
  const times: number[] = [];
  const cpu: number[] = [];
  const hits = { company: 0, companyNoSpace: 0, date: 0, address: 0, addressNoSpace: 0, total: 0 };
  for (const id of ids) {
    const image = readFileSync(path.join(DATA, 'img', `${id}.jpg`));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const pages = await Promise.all(engines.map((e) => e.recognize(image)));
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    // Concurrent mode scores the union of both texts ("either engine").
    const merged: OcrPage = { width: 0, height: 0, engine: mode, lines: pages.flatMap((p) => p.lines) };
    const h = score(merged, truthOf(id));
    for (const k of Object.keys(hits) as (keyof Hits)[]) if (h[k]) hits[k]++;
    if (flag('misses') === 'date' && !h.date) {
      const t = truthOf(id).date;
      const near = merged.lines
        .map((l) => l.text)
        .filter((l) => /\d{1,4}\s?[-/.]\s?\d|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC/i.test(l));
      process.stderr.write(`${id} date ${t}: ${JSON.stringify(near.slice(0, 6))}\n`);
    }
  }
  await Promise.all(engines.map((e) => e.close()));
  return {
    engine: mode,
    median: pct(times, 0.5),
    p90: pct(times, 0.9),
    // CPU time (all threads) per receipt: the machine is shared, so wall time alone misleads.
    cpuMs: pct(cpu, 0.5),
    rssMiB: process.resourceUsage().maxRSS / 1024,
    hits,
  };
}

if (only) {
  const row = await child(only);
  process.stdout.write(`${JSON.stringify(row)}\n`);
} else {
  const rows: Row[] = [];
  for (const mode of ['tesseract', 'paddle', 'concurrent']) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args, `--only=${mode}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    rows.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Row);
  }
  const f = (x: number) => (x / ids.length).toFixed(2);
  console.log(
    `OCR engines on ${ids.length} SROIE receipts (warm; concurrent = both engines at once, union of texts)`,
  );
  console.log(
    '| engine | median ms | p90 ms | median CPU ms | peak RSS MiB | date | total | company (no spaces) | address (no spaces) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const h = r.hits;
    console.log(
      `| ${r.engine} | ${r.median.toFixed(0)} | ${r.p90.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.rssMiB.toFixed(0)} | ${f(h.date)} | ${f(h.total)} | ${f(h.company)} (${f(h.companyNoSpace)}) | ${f(h.address)} (${f(h.addressNoSpace)}) |`,
    );
  }
}
