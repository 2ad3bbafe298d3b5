/**
 * What making an existing data home private costs (src/core/private-files.ts): the one-time walk
 * over every file of a home made before the rule (group/other bits on, so each is changed), the
 * same walk over a home already private (what a second walk would cost), and the check every start
 * does afterwards (the home and its top level only).
 *
 * `npx node bench/private-home.ts [files]` — 100,000 files by default, half results in month
 * folders, half images in one folder, as the store lays them out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeDataHomePrivate, PRIVATE_MARKER } from '../src/core/private-files.ts';

const files = Number(process.argv[2] ?? 100_000);
const root = mkdtempSync(path.join(tmpdir(), 'extracto-bench-private-'));
const home = path.join(root, 'Extracto');

function build(): void {
  rmSync(home, { recursive: true, force: true });
  for (let i = 0; i < files / 2; i++) {
    const month = path.join(home, 'results', String(2020 + (i % 4)), String(1 + (i % 12)).padStart(2, '0'));
    if (i < 48) mkdirSync(month, { recursive: true, mode: 0o755 });
    writeFileSync(path.join(month, `r${i}.json`), '{}', { mode: 0o644 });
  }
  mkdirSync(path.join(home, 'images'), { mode: 0o755 });
  mkdirSync(path.join(home, 'logs'), { mode: 0o755 });
  for (let i = 0; i < files / 2; i++)
    writeFileSync(path.join(home, 'images', `i${i}.png`), 'x', { mode: 0o644 });
}

function time(label: string, run: () => { tightened: number; walked: boolean }): void {
  const start = performance.now();
  const report = run();
  const ms = performance.now() - start;
  console.log(
    `| ${label} | ${report.walked ? 'yes' : 'no'} | ${report.tightened.toLocaleString('en')} | ${ms.toFixed(1)} ms |`,
  );
}

try {
  process.umask(0o022);
  build();
  console.log(`${files.toLocaleString('en')} files\n`);
  console.log('| pass | walked | changed | time |');
  console.log('|---|---|---|---|');
  time('first start on a 755/644 home (the one-time walk)', () => makeDataHomePrivate(home));
  time('every later start (home + top level)', () => makeDataHomePrivate(home));
  rmSync(path.join(home, PRIVATE_MARKER));
  time('the walk again on a home already private', () => makeDataHomePrivate(home));
} finally {
  rmSync(root, { recursive: true, force: true });
}
