/**
 * Scale check for the result store: `npx node bench/store-scale.ts [N]` (default 100000).
 * Generates N result files in a temp data home, then times what the history window and the CLI
 * do, against the yardstick of reading every JSON file. Prints figures; asserts nothing.
 */
import { mkdtemp, mkdir, readFile, rm, stat, readdir, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newResultId } from '../src/shared/ids.ts';
import { RESULT_VERSION, type Result } from '../src/shared/result.ts';
import { resultRelPath, serializeResult } from '../src/core/store/files.ts';
import { ResultStore } from '../src/core/store/store.ts';

const N = Number(process.argv[2] ?? 100_000);
const SUPPLIERS = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Vandelay',
];
const STATUSES = ['ok', 'ok', 'ok', 'ok', 'failed', 'pending'] as const;

function makeResult(i: number, at: Date): Result {
  const id = newResultId(at);
  const supplier = SUPPLIERS[i % SUPPLIERS.length]!;
  const status = STATUSES[i % STATUSES.length]!;
  return {
    version: RESULT_VERSION,
    id,
    createdAt: at.toISOString(),
    source: { kind: 'file', path: `/home/someone/invoices/inv-${i}.pdf.png` },
    profile:
      i % 3 === 0 ? { id: 'receipts', name: 'Receipts' } : { id: 'invoices', name: 'Supplier invoices' },
    provider: 'openai',
    model: 'gpt-5.2',
    detail: 'auto',
    image: { path: `/tmp/images/${id}.png`, width: 1600, height: 2000, sha256: 'ab'.repeat(32) },
    status,
    fields: {
      invoice_number: `INV-${String(i).padStart(7, '0')}`,
      supplier,
      total: { amount: Math.round(i * 137.31) / 100, currency: 'EUR' },
      due_date: new Date(at.getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
      lines: [`item ${i % 97}`, `service ${i % 13}`],
      paid: i % 2 === 0,
    },
    fieldMeta: {},
    ...(status === 'failed' ? { error: 'The model did not answer in time.' } : {}),
    usage: { inputTokens: 1200, outputTokens: 80 },
    durationMs: 2100,
  };
}

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).blocks * 512;
  }
  return total;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

/** The median of several runs, so one GC pause does not become the figure. */
function median(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(fn).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);

const home = await mkdtemp(path.join(tmpdir(), 'extracto-store-scale-'));
try {
  console.log(`store-scale: N=${N}, home=${home}`);
  // Results spread over ~2 years, one every ~10 minutes on average.
  let t = Date.UTC(2025, 0, 1);
  const resultsDir = path.join(home, 'results');
  let generated = performance.now();
  const made = new Set<string>();
  for (let i = 0; i < N; i += 1000) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      t += 1000 + Math.floor(Math.random() * 1_200_000);
      const result = makeResult(j, new Date(t));
      const file = path.join(resultsDir, resultRelPath(result.id));
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      batch.push(writeFile(file, serializeResult(result)));
    }
    await Promise.all(batch);
  }
  generated = performance.now() - generated;
  console.log(`generate ${N} files: ${(generated / 1000).toFixed(1)} s`);

  // Yardstick: what any listing would cost without an index.
  const yard = performance.now();
  const names = await readdir(resultsDir, { recursive: true });
  let read = 0;
  for (let i = 0; i < names.length; i += 256) {
    const chunk = names.slice(i, i + 256).filter((n) => n.endsWith('.json'));
    const texts = await Promise.all(chunk.map((n) => readFile(path.join(resultsDir, n), 'utf8')));
    for (const text of texts) if (JSON.parse(text)) read++;
  }
  const yardMs = performance.now() - yard;
  console.log(`yardstick: read+parse every JSON file (${read}): ${yardMs.toFixed(0)} ms`);

  const openT = performance.now();
  const store = await ResultStore.open(home);
  const openMs = performance.now() - openT;
  const report = store.openRebuild!;
  console.log(
    `open with rebuild: ${openMs.toFixed(0)} ms; rebuild ${report.indexed} in ${report.ms.toFixed(0)} ms = ${Math.round(report.indexed / (report.ms / 1000))} results/s`,
  );
  const again = await store.rebuildIndex();
  console.log(
    `rebuildIndex() on an open store: ${again.ms.toFixed(0)} ms = ${Math.round(again.indexed / (again.ms / 1000))} results/s`,
  );
  store.close();
  const reopen = time(() => undefined);
  const reopenT = performance.now();
  const store2 = await ResultStore.open(home);
  reopen.ms = performance.now() - reopenT;
  console.log(`open (index current, temp cleanup of recent folders): ${reopen.ms.toFixed(1)} ms`);

  const first = store2.list({ limit: 50 });
  const deep = store2.list({ limit: 50, offset: Math.floor(N / 2) });
  console.log(
    `newest-first page (50 + total):      ${median(21, () => store2.list({ limit: 50 })).toFixed(2)} ms (total ${first.total})`,
  );
  console.log(`total alone (count()):                ${median(21, () => store2.count()).toFixed(2)} ms`);
  const cursor = first.items.at(-1)!.id;
  console.log(
    `next page by cursor (before):        ${median(21, () => store2.list({ limit: 50, before: cursor })).toFixed(2)} ms`,
  );
  console.log(
    `deep page, offset ${N / 2}:          ${median(5, () => store2.list({ limit: 50, offset: Math.floor(N / 2) })).toFixed(2)} ms (${deep.items.length} items)`,
  );
  console.log(
    `filtered page (profile+status+month): ${median(21, () => store2.list({ limit: 50, profileId: 'invoices', status: 'failed', from: '2025-06-01', to: '2025-06-30' })).toFixed(2)} ms (total ${store2.count({ profileId: 'invoices', status: 'failed', from: '2025-06-01', to: '2025-06-30' })})`,
  );
  for (const q of ['INV-0012345', 'acme', 'glo', 'item 42', 'stark "OR" * AND']) {
    const page = store2.list({ search: q, limit: 50 });
    console.log(
      `search ${JSON.stringify(q).padEnd(22)}: ${median(21, () => store2.list({ search: q, limit: 50 })).toFixed(2)} ms (total ${page.total})`,
    );
  }
  console.log(
    `search "acme" + status failed:       ${median(21, () => store2.list({ search: 'acme', limit: 50, status: 'failed' })).toFixed(2)} ms`,
  );

  const target = first.items[3]!.id;
  let u = performance.now();
  await store2.update(target, { supplier: 'Acme Corporation' });
  console.log(
    `update (read file, write file atomically with fsync, index row): ${(performance.now() - u).toFixed(1)} ms`,
  );
  u = performance.now();
  for (let i = 10; i < 30; i++) await store2.update(first.items[i]!.id, { supplier: `Edited ${i}` });
  console.log(`update x20: ${((performance.now() - u) / 20).toFixed(1)} ms each`);

  const csvOut = path.join(home, 'export.csv');
  const filter = { from: '2025-01-01', to: '2025-12-31' };
  let e = performance.now();
  const rssBefore = process.memoryUsage.rss();
  const rows = await store2.export({ format: 'csv', filter: { ...filter }, out: csvOut });
  console.log(
    `export csv ${rows} rows: ${(performance.now() - e).toFixed(0)} ms, ${mb((await stat(csvOut)).size)}`,
  );
  // 10,000 rows exactly: the newest, by cursor.
  const tenK = store2.list({ limit: 1, offset: 9_999 }).items[0];
  e = performance.now();
  const n10 = await store2.export({
    format: 'csv',
    filter: tenK ? { from: tenK.createdAt } : {},
    out: csvOut,
  });
  console.log(`export csv ${n10} newest rows: ${(performance.now() - e).toFixed(0)} ms`);
  e = performance.now();
  const j10 = await store2.export({
    format: 'jsonl',
    filter: tenK ? { from: tenK.createdAt } : {},
    out: path.join(home, 'export.jsonl'),
  });
  console.log(
    `export jsonl ${j10} newest rows (reads each file): ${(performance.now() - e).toFixed(0)} ms; rss grew ${mb(process.memoryUsage.rss() - rssBefore)}`,
  );
  await unlink(csvOut);
  await unlink(path.join(home, 'export.jsonl'));
  store2.close();

  const index = (await stat(path.join(home, 'index.sqlite'))).size;
  const wal = await stat(path.join(home, 'index.sqlite-wal')).then(
    (s) => s.size,
    () => 0,
  );
  console.log(
    `disk: results/ ${mb(await du(resultsDir))} (allocated), index.sqlite ${mb(index)} (+ wal ${mb(wal)})`,
  );
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  console.log(`peak RSS: ${mb(peakRss)}`);
} finally {
  clearInterval(sampler);
  await rm(home, { recursive: true, force: true });
}
