import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, openaiError, type Reply } from '../helpers/fake-apis.ts';
import {
  answering,
  Cli,
  documentFiles,
  FAULT,
  figures,
  groupAlive,
  hasStackTrace,
  jsonLines,
  makeSecrets,
  rng,
  sleep,
  statusCounts,
  verifyHome,
  workspace,
  type Rng,
  type Running,
} from './harness.ts';

/**
 * kill -9 at random moments of `extracto extract` batches, several at once on one data home: with
 * the OpenAI wire format on a loopback server (replies late, failing, dropped, echoing the key),
 * then with the offline engine. Afterwards `extracto retry` must bring every pending result to ok,
 * and nothing may be lost: every image has a result, every result is listed, every result a
 * command printed is still there.
 */

const ROUTE = 'POST /v1/responses';
const PROFILES = [
  { name: 'invoices', fields: 'invoice number, date:date, total:currency, vendor' },
  { name: 'receipts', fields: 'company, date:date, total:number, items:list, paid:boolean' },
] as const;

type KillMode = 'timer' | 'request' | 'line';
type Kind = 'extract' | 'retry' | 'history';

interface Tally {
  kills: number;
  serverKills: number;
  localKills: number;
  /** Killed with part of its batch not yet printed. */
  midBatch: number;
  /** Ran to the end before its kill came. */
  finished: number;
  strays: number;
  byMode: Record<KillMode, number>;
  byKind: Record<Kind, number>;
}

describe('kill -9 during batches', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  const clis: Cli[] = [];
  const apis: FakeApi[] = [];
  beforeAll(async () => {
    ws = await workspace();
    for (let i = 0; i < Math.max(1, FAULT.killLanes); i++) apis.push(await FakeApi.start());
  });
  afterAll(async () => {
    for (const cli of clis) cli.killAll();
    for (const api of apis) await api.close();
    await ws.cleanup();
  });

  it('loses no result and leaks no key, and retry brings every pending one to ok', async () => {
    const started = performance.now();
    const secrets = makeSecrets();
    const cli = new Cli(ws.home, secrets, ws.work);
    clis.push(cli);
    const files = await documentFiles(path.join(ws.work, 'in'), 12);
    for (const p of PROFILES) {
      const saved = await cli.run(['profiles', 'add', p.name, '--fields', p.fields, '--activate']);
      expect(saved.code, saved.stderr).toBe(0);
    }

    const printed = new Map<string, string>();
    const problems: string[] = [];
    const tally: Tally = {
      kills: 0,
      serverKills: 0,
      localKills: 0,
      midBatch: 0,
      finished: 0,
      strays: 0,
      byMode: { timer: 0, request: 0, line: 0 },
      byKind: { extract: 0, retry: 0, history: 0 },
    };

    /** The replies one batch gets, in arrival order: mostly good and late, some failing. */
    function script(api: FakeApi, rand: Rng, count: number): void {
      api.reset();
      const good = (): Reply => answering(rand.int(0, 300));
      const replies: Reply[] = [];
      for (let i = 0; i < count * 2; i++) {
        const roll = rand.next();
        if (roll < 0.04)
          // A server that echoes the key back in its error: the sentence must not carry it.
          replies.push({
            status: 500,
            headers: { 'retry-after-ms': '10' },
            json: openaiError(`upstream failed for key ${secrets.openai}`, 'server_error'),
          });
        else if (roll < 0.07) replies.push({ drop: true });
        else if (roll < 0.09)
          replies.push({
            status: 429,
            headers: { 'retry-after-ms': '10' },
            json: openaiError('Slow down', 'requests'),
          });
        else replies.push(good());
      }
      api.script(ROUTE, ...replies);
      api.always(ROUTE, good());
    }

    /** Runs one command and kills it as `mode` says. */
    async function killOne(
      run: Running,
      mode: KillMode,
      rand: Rng,
      api: FakeApi | null,
      batch: number,
      kind: Kind = 'extract',
    ) {
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        run.kill();
      };
      const timers: NodeJS.Timeout[] = [];
      if (mode === 'timer') {
        const at = kind === 'history' ? rand.int(100, 900) : api ? rand.int(100, 2200) : rand.int(500, 7000);
        timers.push(setTimeout(kill, at));
      } else if (mode === 'line') {
        const at = rand.int(1, batch);
        const delay = rand.int(0, 25);
        run.onLine = () => {
          if (run.lines.length >= at) timers.push(setTimeout(kill, delay));
        };
      } else {
        const at = rand.int(1, batch);
        const delay = rand.int(0, 60);
        const poll = setInterval(() => {
          if (api!.calls(ROUTE).length >= at) {
            clearInterval(poll);
            timers.push(setTimeout(kill, delay));
          }
        }, 3);
        timers.push(poll);
      }
      const outcome = await run.exited;
      for (const t of timers) clearTimeout(t);
      for (const line of jsonLines(outcome.stdout)) printed.set(line.id as string, line.status as string);
      if (outcome.signal === 'SIGKILL') {
        tally.kills++;
        tally.byMode[mode]++;
        tally.byKind[kind]++;
        if (api) tally.serverKills++;
        else tally.localKills++;
        if (kind === 'extract' && jsonLines(outcome.stdout).length < batch) tally.midBatch++;
        // Nothing it started may outlive it (OCR and imaging run in threads, never processes).
        await sleep(20);
        if (groupAlive(run.pid)) {
          tally.strays++;
          problems.push(`a process of killed run ${run.pid} outlived it`);
          try {
            process.kill(-run.pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
      } else {
        tally.finished++;
        // Not killed: it must have ended as the README says (0, or 1 when some stayed pending).
        if (outcome.code !== 0 && (outcome.code !== 1 || kind === 'history'))
          problems.push(`"${kind}" exited ${outcome.code}: ${outcome.stderr.slice(0, 400)}`);
        if (hasStackTrace(outcome.stderr))
          problems.push(`"${kind}" printed a stack trace: ${outcome.stderr}`);
      }
    }

    // With the loopback server: lanes of batches on the one data home, each killed at random.
    const lane = async (index: number) => {
      const api = apis[index]!;
      const rand = rng(FAULT.seed + index);
      let attempts = 0;
      while (tally.serverKills < FAULT.kills && attempts++ < FAULT.kills * 3) {
        // Mostly batches; some `retry` runs (which rewrite results in place) and some readers
        // (whose open settles what killed writers left in the journal) are killed too.
        const roll = rand.next();
        const kind: Kind = roll < 0.75 ? 'extract' : roll < 0.9 ? 'retry' : 'history';
        if (kind === 'history') {
          await killOne(cli.start(['history', '--json', '--limit', '20']), 'timer', rand, api, 0, kind);
          continue;
        }
        const batch = rand.int(3, 10);
        script(api, rand, batch);
        const mode = rand.pick(['timer', 'request', 'line'] as const);
        if (kind === 'retry') {
          const args = ['retry', '--all', '--base-url', api.url('/v1'), '--json'];
          await killOne(cli.start(args), mode, rand, api, batch, kind);
          continue;
        }
        const profile = rand.pick(PROFILES);
        const chosen = Array.from({ length: batch }, () => rand.pick(files));
        const args = ['extract', ...chosen, '--provider', 'openai', '--base-url', api.url('/v1'), '--json'];
        if (rand.chance(0.5)) args.push('--profile', profile.name);
        else args.push('--fields', profile.fields);
        await killOne(cli.start(args), mode, rand, api, batch, kind);
      }
    };
    await Promise.all(apis.map((_, i) => lane(i)));

    // With the offline engine: one batch at a time (OCR keeps both cores busy).
    const rand = rng(FAULT.seed + 1000);
    let attempts = 0;
    while (tally.localKills < FAULT.localKills && attempts++ < FAULT.localKills * 3) {
      const batch = rand.int(2, 3);
      const chosen = Array.from({ length: batch }, () => rand.pick(files));
      const mode = rand.chance(0.7) ? 'timer' : 'line';
      const profile = rand.pick(PROFILES);
      await killOne(
        cli.start(['extract', ...chosen, '--provider', 'local', '--profile', profile.name, '--json']),
        mode,
        rand,
        null,
        batch,
      );
    }
    const killPhaseMs = performance.now() - started;

    // Every pending result (interrupted, or left by the failing replies) is run again, and made ok.
    const before = await verifyHome(cli, { printed: printed.keys() });
    expect(before.problems).toEqual([]);
    const pendingBefore = statusCounts(before).pending!;
    const api = apis[0]!;
    api.reset();
    api.always(ROUTE, answering());
    const retry = await cli.run([
      'retry',
      '--all',
      '--base-url',
      api.url('/v1'),
      '--json',
      '--timeout',
      '60',
    ]);
    expect(hasStackTrace(retry.stderr), retry.stderr).toBe(false);
    expect(retry.code, retry.stderr).toBe(0);
    const retried = jsonLines(retry.stdout);
    expect(retried).toHaveLength(pendingBefore);
    expect(retried.filter((r) => r.status !== 'ok')).toEqual([]);
    // The ok ones were left alone: one request per pending result, none for the rest.
    expect(api.calls(ROUTE)).toHaveLength(pendingBefore);

    const after = await verifyHome(cli, { printed: printed.keys() });
    expect(after.problems).toEqual([]);
    expect(after.damaged).toEqual([]);
    const counts = statusCounts(after);
    // Every result is ok now: none failed, none still waiting.
    expect(counts).toEqual({ ok: after.results.size, pending: 0, failed: 0 });
    // Results printed as ok stayed ok (a later write never took one back to pending).
    for (const [id, status] of printed) if (status === 'ok') expect(after.results.get(id)).toBe('ok');
    expect(problems).toEqual([]);
    expect(tally.kills).toBeGreaterThanOrEqual(Math.min(FAULT.kills, 1));

    const log = await readFile(path.join(ws.home, 'logs', 'extracto.log'), 'utf8').catch(() => '');
    const restored = (log.match(/was being saved when its process stopped/g) ?? []).length;
    const lost = [...printed.keys()].filter((id) => !after.results.has(id)).length;
    figures(
      `kill -9: ${tally.kills} kills (seed ${FAULT.seed}; ${tally.serverKills} with the loopback server, ` +
        `${tally.localKills} with the local engine; ${tally.midBatch} mid-batch; timer ${tally.byMode.timer}, ` +
        `mid-request ${tally.byMode.request}, after a save ${tally.byMode.line}; of extract ${tally.byKind.extract}, retry ` +
        `${tally.byKind.retry}, history ${tally.byKind.history}), ${tally.finished} runs ended before their kill, ` +
        `${after.results.size} results (${printed.size} printed), ${lost} lost, 0 unlisted, 0 images without a result, ` +
        `${restored} restored from the journal, retry brought ${pendingBefore} pending to ok, ${tally.strays} stray processes, ` +
        `0 secrets in ${cli.outputs.length} outputs and the data home; temp files of killed writers left: ` +
        `${after.temps.images} in images/, ${after.temps.results} in results/; ${Math.round(killPhaseMs / 1000)} s of kills, ` +
        `${Math.round((performance.now() - started) / 1000)} s in all`,
    );
  });
});
