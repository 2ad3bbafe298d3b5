import { spawn } from 'node:child_process';
import { appendFile, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi } from '../helpers/fake-apis.ts';
import { ResultStore } from '../../src/core/store/store.ts';
import {
  answering,
  Cli,
  documentFiles,
  groupAlive,
  jsonLines,
  makeSecrets,
  sleep,
  verifyHome,
  workspace,
} from './harness.ts';

/**
 * The fault suite passes only if its checks can fail: each is shown here to catch what it is meant
 * to catch, on a data home damaged by hand (a row gone from the index, a result file gone, a result
 * reported and lost, a key written into the log, the journal, the index or the output).
 */

let ws: Awaited<ReturnType<typeof workspace>>;
let api: FakeApi;
let cli: Cli;
let ids: string[];

function resultPath(id: string): string {
  return path.join(ws.home, 'results', id.slice(0, 4), id.slice(4, 6), `${id}.json`);
}

/** Rebuilds the index from the files, so the next case starts from a sound home. */
async function mend(): Promise<void> {
  for (const suffix of ['', '-wal', '-shm'])
    await rm(path.join(ws.home, `index.sqlite${suffix}`), { force: true });
  const report = await verifyHome(cli);
  expect(report.problems).toEqual([]);
}

beforeAll(async () => {
  ws = await workspace();
  api = await FakeApi.start();
  api.always('POST /v1/responses', answering());
  cli = new Cli(ws.home, makeSecrets(), ws.work);
  const files = await documentFiles(path.join(ws.work, 'in'), 6);
  const run = await cli.run([
    'extract',
    ...files,
    '--fields',
    'invoice number, total:number',
    '--provider',
    'openai',
    '--base-url',
    api.url('/v1'),
    '--json',
  ]);
  expect(run.code, run.stderr).toBe(0);
  ids = jsonLines(run.stdout).map((r) => r.id as string);
  expect(ids).toHaveLength(6);
});
afterAll(async () => {
  cli?.killAll();
  await api.close();
  await ws.cleanup();
});

describe('the fault suite checks can fail', () => {
  it('pass on a sound home', async () => {
    const report = await verifyHome(cli, { printed: ids });
    expect(report.problems).toEqual([]);
    expect(report.results.size).toBe(6);
  });

  it('catch a result the index does not list (history and checkHome)', async () => {
    // The month folder recorded as settled, so no open notices by itself that a row is gone.
    const month = path.dirname(resultPath(ids[0]!));
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(month, old, old);
    const store = await ResultStore.open(ws.home);
    await store.catchUp();
    store.close();
    const db = new DatabaseSync(path.join(ws.home, 'index.sqlite'));
    db.prepare('DELETE FROM results WHERE id = ?').run(ids[0]!);
    db.close();
    const report = await verifyHome(cli);
    expect(report.problems).toContain(`result ${ids[0]} is on disk but "extracto history" does not list it`);
    expect(report.problems).toContain(`result ${ids[0]} is not in the index (checkHome)`);
    await mend();
  });

  it('catch an image whose result is gone, and a result printed and lost', async () => {
    await rm(resultPath(ids[1]!));
    const report = await verifyHome(cli, { printed: ids });
    expect(report.problems).toContain(`image ${ids[1]} has no result: a capture lost`);
    expect(report.problems).toContain(`result ${ids[1]} was printed as saved and is lost`);
    // Put back as it was: the image is a capture, kept as a result by a rebuild once it is old.
    await rm(path.join(ws.home, 'images', `${ids[1]}.png`));
    await mend();
  });

  it('catch a damaged result file', async () => {
    await writeFile(resultPath(ids[2]!), '{"version": 1, "id": "');
    const report = await verifyHome(cli);
    expect(report.problems).toContain(`result file ${ids[2]} is damaged (not a valid result)`);
    expect((await verifyHome(cli, { expectDamaged: [ids[2]!] })).problems).toEqual([]);
    await rm(resultPath(ids[2]!));
    await rm(path.join(ws.home, 'images', `${ids[2]}.png`));
    await mend();
  });

  it('catch a key anywhere under the data home, and in any output', async () => {
    const { openai, env } = cli.secrets;
    const log = path.join(ws.home, 'logs', 'extracto.log');
    await appendFile(log, `[info] calling with ${openai}\n`);
    let report = await verifyHome(cli);
    expect(report.problems).toContain(
      `secret under the data home: ${path.join('logs', 'extracto.log')}: the key ${openai}`,
    );
    await writeFile(log, '');

    // A key that is not key-shaped, in the journal; a key-shaped one that is no key of ours.
    const journal = path.join(ws.home, 'journal');
    await mkdir(journal, { recursive: true });
    const marker = path.join(journal, 'note.json');
    await writeFile(
      marker,
      JSON.stringify({ token: env.OPENAI_COMPATIBLE_API_KEY, other: 'sk-proj-abcdefghijklmnop' }),
    );
    report = await verifyHome(cli);
    expect(report.problems).toContain(
      `secret under the data home: ${path.join('journal', 'note.json')}: the key ${env.OPENAI_COMPATIBLE_API_KEY}`,
    );
    expect(report.problems).toContain(
      `secret under the data home: ${path.join('journal', 'note.json')}: a key-shaped string "sk-proj-abcdefghijklmnop"`,
    );
    await rm(marker);

    // Inside the index's pages.
    const db = new DatabaseSync(path.join(ws.home, 'index.sqlite'));
    db.prepare('UPDATE results SET error = ? WHERE id = ?').run(`rejected ${openai}`, ids[3]!);
    db.close();
    const printedSoFar = cli.outputs.length;
    report = await verifyHome(cli);
    expect(report.problems.some((p) => p.startsWith('secret under the data home: index.sqlite'))).toBe(true);
    // `extracto history` printed that row's error, key and all: the output check caught it too.
    expect(report.problems).toContain(`secret in the output of "extracto history --json": the key ${openai}`);
    cli.outputs.splice(printedSoFar);
    await mend();
    expect((await readdir(ws.home)).filter((n) => n.startsWith('index.sqlite'))).not.toHaveLength(0);

    // In a command's output.
    const fake = {
      args: ['show', ids[3]!],
      code: 0,
      signal: null,
      stdout: `key: ${openai}`,
      stderr: '',
      ms: 1,
      pid: 1,
    };
    cli.outputs.push(fake);
    report = await verifyHome(cli);
    expect(report.problems).toContain(`secret in the output of "extracto show ${ids[3]}": the key ${openai}`);
    cli.outputs.splice(cli.outputs.indexOf(fake), 1);
    expect((await verifyHome(cli)).problems).toEqual([]);
  });

  it('catch a process that outlives a killed command', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
    await sleep(100);
    process.kill(child.pid!, 'SIGKILL'); // the command only: its helper lives on
    await new Promise((r) => child.on('close', r));
    expect(groupAlive(child.pid!)).toBe(true);
    process.kill(-child.pid!, 'SIGKILL');
    await sleep(100);
    expect(groupAlive(child.pid!)).toBe(false);
  });
});
