import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi } from '../helpers/fake-apis.ts';
import {
  answering,
  Cli,
  documentFiles,
  FAULT,
  figures,
  hasStackTrace,
  jsonLines,
  makeSecrets,
  statusCounts,
  verifyHome,
  workspace,
} from './harness.ts';

/**
 * The tray app and the CLI share one data home by design, so several writers and readers at once is
 * the normal case: writer processes extract batches against a loopback server while reader
 * processes list and export in a loop. No result may go missing from the index, and no reader may
 * see fewer results than were already reported saved when it started. Then two processes save
 * profiles at once: none may be lost.
 */

const ROUTE = 'POST /v1/responses';
const BATCH = 25;

describe('several writers and readers on one data home', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  const clis: Cli[] = [];
  let api: FakeApi;
  beforeAll(async () => {
    ws = await workspace();
    api = await FakeApi.start();
  });
  afterAll(async () => {
    for (const cli of clis) cli.killAll();
    await api.close();
    await ws.cleanup();
  });

  it(`${FAULT.writers} writers + ${FAULT.readers} readers: nothing missing from the index`, async () => {
    const started = performance.now();
    const secrets = makeSecrets();
    // The key comes from a .env file in the working folder here, as a user would keep it.
    await writeFile(path.join(ws.work, '.env'), `OPENAI_API_KEY=${secrets.openai}\n`);
    const cli = new Cli(ws.home, { ...secrets, env: {} }, ws.work);
    clis.push(cli);
    const files = await documentFiles(path.join(ws.work, 'in'), BATCH);
    const added = await cli.run([
      'profiles',
      'add',
      'invoices',
      '--fields',
      'invoice number, date:date, total:currency, vendor',
      '--activate',
    ]);
    expect(added.code, added.stderr).toBe(0);
    api.always(ROUTE, answering(15));

    /** Every id a writer reported saved, with the moment it was reported. */
    const printed = new Map<string, number>();
    const problems: string[] = [];
    let writing = FAULT.writers;
    let writerRuns = 0;

    const writer = async () => {
      let done = 0;
      while (done < FAULT.resultsPerWriter) {
        const count = Math.min(BATCH, FAULT.resultsPerWriter - done);
        const run = cli.start([
          'extract',
          ...files.slice(0, count),
          '--provider',
          'openai',
          '--base-url',
          api.url('/v1'),
          '--json',
        ]);
        run.onLine = (line) => printed.set((JSON.parse(line) as { id: string }).id, performance.now());
        const outcome = await run.exited;
        writerRuns++;
        const results = jsonLines(outcome.stdout);
        if (outcome.code !== 0 || results.length !== count || hasStackTrace(outcome.stderr))
          problems.push(
            `a writer's batch ended ${outcome.code} with ${results.length}/${count}: ${outcome.stderr}`,
          );
        for (const r of results)
          if (r.status !== 'ok') problems.push(`result ${String(r.id)} is ${String(r.status)}`);
        done += count;
      }
      writing--;
    };

    let readerRuns = 0;
    let staleReads = 0;
    let exportedMax = 0;
    const reader = async (index: number) => {
      let previous = 0;
      for (let n = 0; writing > 0; n++) {
        const known = new Set(printed.keys());
        const exporting = index % 2 === 1;
        const out = path.join(ws.work, `export-${index}-${n}.jsonl`);
        const run = await cli.run(
          exporting
            ? ['export', '--format', 'jsonl', '--out', out]
            : ['history', '--json', '--limit', '10000'],
        );
        readerRuns++;
        if (run.code !== 0 || hasStackTrace(run.stderr)) {
          problems.push(`a reader ("${run.args[0]}") ended ${run.code}: ${run.stderr}`);
          continue;
        }
        const text = exporting ? await readFile(out, 'utf8') : run.stdout;
        const ids = new Set(jsonLines(text).map((r) => r.id as string));
        if (exporting) exportedMax = Math.max(exportedMax, ids.size);
        // Saved and reported before this reader started: it must be there.
        const missing = [...known].filter((id) => !ids.has(id));
        if (missing.length > 0) {
          staleReads++;
          problems.push(
            `"${run.args[0]}" missed ${missing.length} result(s) reported saved before it started`,
          );
        }
        // Results are only ever added here: a later reader never sees fewer.
        if (ids.size < previous) problems.push(`"${run.args[0]}" saw ${ids.size} results after ${previous}`);
        previous = ids.size;
      }
    };

    await Promise.all([
      ...Array.from({ length: FAULT.writers }, () => writer()),
      ...Array.from({ length: FAULT.readers }, (_, i) => reader(i)),
    ]);
    const concurrentMs = performance.now() - started;

    const exports = await Promise.all(
      cli.outputs
        .filter((o) => o.args[0] === 'export')
        .map((o) => readFile(o.args[o.args.indexOf('--out') + 1]!, 'utf8').catch(() => '')),
    );
    const report = await verifyHome(cli, { printed: printed.keys(), extraTexts: exports });
    expect(report.problems).toEqual([]);
    expect(problems).toEqual([]);
    const expected = FAULT.writers * FAULT.resultsPerWriter;
    expect(printed.size).toBe(expected);
    expect(report.results.size).toBe(expected);
    expect(statusCounts(report)).toEqual({ ok: expected, pending: 0, failed: 0 });
    expect(report.damaged).toEqual([]);
    expect(readerRuns).toBeGreaterThan(0);

    figures(
      `writers and readers: ${FAULT.writers} writers x ${FAULT.resultsPerWriter} results (${writerRuns} extract runs) + ` +
        `${FAULT.readers} readers (${readerRuns} history/export runs) on one data home: ${report.results.size} results, ` +
        `${expected - report.results.size} lost, 0 missing from the index, ${staleReads} reads that missed a result ` +
        `reported before they started, 0 secrets; ${Math.round(concurrentMs / 1000)} s`,
    );
  });

  it('two processes adding profiles at once lose none', async () => {
    const started = performance.now();
    const secrets = makeSecrets();
    const cli = new Cli(ws.home, secrets, ws.work);
    clis.push(cli);
    const before = jsonLines((await cli.run(['profiles', 'list', '--json'])).stdout).length;
    const problems: string[] = [];
    const loop = async (tag: string) => {
      for (let i = 0; i < FAULT.profilesPerWriter; i++) {
        const run = await cli.run([
          'profiles',
          'add',
          `${tag}-${i}`,
          '--fields',
          `total:number, ref ${tag} ${i}`,
        ]);
        if (run.code !== 0 || !run.stderr.startsWith(`Saved profile "${tag}-${i}"`))
          problems.push(`profiles add ${tag}-${i} ended ${run.code}: ${run.stderr}`);
      }
    };
    await Promise.all([loop('A'), loop('B')]);
    const list = await cli.run(['profiles', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    const names = new Set(jsonLines(list.stdout).map((p) => p.name as string));
    const lost: string[] = [];
    for (const tag of ['A', 'B'])
      for (let i = 0; i < FAULT.profilesPerWriter; i++)
        if (!names.has(`${tag}-${i}`)) lost.push(`${tag}-${i}`);
    expect(problems).toEqual([]);
    expect(lost).toEqual([]);
    expect(names.size).toBe(before + 2 * FAULT.profilesPerWriter);
    // settings.json itself is whole and valid: no warning when it is read again.
    const settings = JSON.parse(await readFile(path.join(ws.home, 'settings.json'), 'utf8')) as {
      profiles: unknown[];
    };
    expect(settings.profiles).toHaveLength(names.size);

    // kill -9 while holding the settings lock (its folder just made): the lock is left behind, and
    // the next save waits until it is stale (10 s), then saves; nothing reported saved is lost.
    const lock = path.join(ws.home, 'settings.json.lock');
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) {
      const run = cli.start(['profiles', 'add', `K-${i}`, '--fields', 'total:number']);
      const deadline = performance.now() + 5000;
      while (!existsSync(lock) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
      run.kill();
      await run.exited;
      const next = await cli.run(['profiles', 'add', `N-${i}`, '--fields', 'total:number']);
      expect(next.code, next.stderr).toBe(0);
      expect(next.ms).toBeLessThan(30_000);
      waits.push(next.ms);
    }
    const final = new Set(
      jsonLines((await cli.run(['profiles', 'list', '--json'])).stdout).map((p) => p.name as string),
    );
    for (const name of [...names, 'N-0', 'N-1']) expect(final.has(name), name).toBe(true);

    const report = await verifyHome(cli);
    expect(report.problems).toEqual([]);
    figures(
      `profiles: 2 processes x ${FAULT.profilesPerWriter} "profiles add" at once, ${2 * FAULT.profilesPerWriter - lost.length} ` +
        `of ${2 * FAULT.profilesPerWriter} kept, ${lost.length} lost; 2 kill -9 holding the settings lock: the next save waited ` +
        `${waits.map((ms) => (ms / 1000).toFixed(1)).join(' and ')} s (stale lock), 0 lost; ${Math.round((performance.now() - started) / 1000)} s`,
    );
  });
});
