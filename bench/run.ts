/**
 * `npm run bench [name...]`: runs the benchmarks (all, or the ones named) one after another and
 * writes each one's output into its own section of BENCHMARKS.md, with the command, the machine
 * and the time, so a section can be re-run alone without touching the others.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.join(ROOT, 'BENCHMARKS.md');

interface Bench {
  name: string;
  title: string;
  args: string[];
}

const BENCHES: Bench[] = [
  { name: 'imaging', title: 'Capture -> prepared image', args: ['bench/imaging.ts'] },
  {
    name: 'capture',
    title: 'Screen capture: X11 GetImage against screenshot-desktop (CLI, watch)',
    args: ['bench/screen-capture.ts'],
  },
  {
    name: 'keypress',
    title: 'Keypress to saved result, offline engine, 1920x1080 screen',
    args: ['bench/keypress.ts'],
  },
  { name: 'pipeline', title: 'Pipeline overhead', args: ['bench/pipeline-overhead.ts'] },
  { name: 'tokens', title: 'Token efficiency', args: ['bench/tokens.ts'] },
  { name: 'store', title: 'Store scale', args: ['bench/store-scale.ts', '1000000'] },
  { name: 'idle', title: 'Idle cost of automatic capture', args: ['bench/idle.ts', '180'] },
  {
    name: 'accuracy',
    title: 'Offline engine accuracy (SROIE receipts and generated screens)',
    args: ['bench/accuracy.ts'],
  },
  {
    name: 'offline',
    title: 'Offline engine speed and memory (cold, warm, 1080p screens, 600-dpi scans)',
    args: ['bench/offline-speed.ts'],
  },
  { name: 'tables', title: 'Line items (generated invoices)', args: ['bench/tables.ts'] },
  { name: 'pdf', title: 'PDFs: text layer against OCR of the same pages', args: ['bench/pdf.ts'] },
  { name: 'package', title: 'Package size (Linux x64, the app part)', args: ['bench/package-size.ts'] },
  {
    name: 'grounding',
    title: 'Grounding cloud answers in the page (SROIE receipts, invented values)',
    args: ['bench/grounding.ts'],
  },
  {
    // The offline engine's own levels against how often its values were right; the OCR is kept in
    // bench/.cache so the matcher's confidence can be re-checked without reading 100 receipts again.
    name: 'confidence',
    title: "Offline engine's confidence levels against how often its values were right (SROIE receipts)",
    args: ['bench/accuracy.ts', '--ocr-cache', '--no-screens'],
  },
  {
    name: 'ocr',
    title: 'OCR engines side by side (text coverage, time, memory)',
    args: ['bench/ocr-engines.ts'],
  },
];

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, load average at start ${load}`;
}

function section(bench: Bench, body: string, seconds: number): string {
  const command = `npx node ${bench.args.join(' ')}`;
  return [
    `<!-- bench:${bench.name} -->`,
    `## ${bench.title}`,
    '',
    `\`${command}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s`,
    `Machine: ${machine()}`,
    '',
    body.trim(),
    `<!-- /bench:${bench.name} -->`,
  ].join('\n');
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}: choose from ${BENCHES.map((b) => b.name).join(', ')}.`,
  );
  process.exit(2);
}

let doc = existsSync(FILE)
  ? readFileSync(FILE, 'utf8')
  : '# Benchmarks\n\nWritten by `npm run bench`; each section by its own command.\n';
let failed = 0;
for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.error(`\n== ${bench.name}: npx node ${bench.args.join(' ')}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, bench.args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    failed++;
    console.error(
      `${bench.name} failed (exit ${run.status}); its section in BENCHMARKS.md is left as it was.`,
    );
    continue;
  }
  const text = section(bench, run.stdout, (performance.now() - started) / 1000);
  const marker = new RegExp(`<!-- bench:${bench.name} -->[\\s\\S]*?<!-- /bench:${bench.name} -->`);
  doc = marker.test(doc) ? doc.replace(marker, () => text) : `${doc.trimEnd()}\n\n${text}\n`;
  writeFileSync(FILE, doc);
}
process.exitCode = failed > 0 ? 1 : 0;
