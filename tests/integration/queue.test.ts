import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseResult, type Result } from '../../src/shared/result.ts';
import { REPO, runCli, tempHome, WITHOUT_GROUNDING } from '../helpers/cli.ts';
import { FakeApi, openaiError, openaiResponse, refusedUrl } from '../helpers/fake-apis.ts';
import { renderDocument } from '../helpers/documents.ts';

const KEY = 'sk-test-QUEUE-0123456789abcdef';
const ANSWER = JSON.stringify({ invoice_number: 'INV-0042', total: 1234.56 });
const FIELDS = ['--fields', 'invoice number, total:number'];
const ROUTE = 'POST /v1/responses';
const env = { OPENAI_API_KEY: KEY };

function results(stdout: string): Result[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => parseResult(JSON.parse(l)));
}

/** Result files on disk (the store's source of truth), whatever the index says. */
async function resultFiles(home: string): Promise<string[]> {
  const dir = path.join(home, 'results');
  const all = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return all.filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
}

describe('offline queue', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;

  beforeAll(async () => {
    api = await FakeApi.start();
    const doc = await renderDocument({ kind: 'invoice', seed: 5 });
    const shot = await sharp(doc.png).png().toBuffer();
    ({ home, cleanup } = await tempHome({ settings: WITHOUT_GROUNDING }));
    await writeFile(path.join(home, 'shot.png'), shot);
  });
  afterAll(async () => {
    await api.close();
    await cleanup();
  });
  beforeEach(() => api.reset());

  it('keeps a rate-limited extraction as pending with its image, and retry makes it ok', async () => {
    // The provider's own retries (3) run out: four 429s in a row.
    const limited = {
      status: 429,
      headers: { 'retry-after-ms': '5' },
      json: openaiError('Rate limit reached', 'requests', 'rate_limit_exceeded'),
    };
    api.script(ROUTE, limited, limited, limited, limited);
    const run = await runCli(
      ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', api.url('/v1'), '--json'],
      { home, env },
    );
    expect(run.code).toBe(1);
    const [pending] = results(run.stdout);
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending!.error).toBe('Rate limited by OpenAI; retried 3 times. It is kept and will be retried.');
    expect(existsSync(pending!.image.path)).toBe(true);
    const listed = await runCli(['history', '--status', 'pending', '--json'], { home });
    expect(JSON.parse(listed.stdout).id).toBe(pending!.id);

    api.script(ROUTE, { json: openaiResponse({ text: ANSWER }) });
    const retry = await runCli(['retry', '--all', '--base-url', api.url('/v1'), '--json'], { home, env });
    expect(retry.code).toBe(0);
    const [done] = results(retry.stdout);
    expect(done).toMatchObject({
      id: pending!.id,
      createdAt: pending!.createdAt,
      status: 'ok',
      fields: { invoice_number: 'INV-0042', total: 1234.56 },
    });
    expect(done!.error).toBeUndefined();
    expect(done!.image.path).toBe(pending!.image.path);
    const none = await runCli(['retry'], { home, env });
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toContain('Nothing is pending');
  });

  it('keeps an unreachable server as pending; a rejected key stays failed', async () => {
    const down = await refusedUrl('/v1');
    const run = await runCli(
      ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', down, '--json'],
      {
        home,
        env,
      },
    );
    const [pending] = results(run.stdout);
    expect(pending!.status).toBe('pending');
    expect(pending!.error).toMatch(/^Could not reach .* It is kept and will be retried\.$/);

    api.script(ROUTE, {
      status: 401,
      json: openaiError('bad key', 'invalid_request_error', 'invalid_api_key'),
    });
    const again = await runCli(['retry', pending!.id, '--base-url', api.url('/v1'), '--json'], { home, env });
    expect(again.code).toBe(1);
    expect(results(again.stdout)[0]).toMatchObject({ id: pending!.id, status: 'failed' });
  });

  it('--timeout bounds the wait for a server that never answers; the result waits as pending', async () => {
    api.always(ROUTE, { hang: true });
    const TIMED_OUT = (s: string) =>
      `OpenAI did not answer within ${s}; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json). It is kept and will be retried.`;
    let started = performance.now();
    const run = await runCli(
      ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', api.url('/v1')].concat([
        '--timeout',
        '1',
        '--json',
      ]),
      { home, env },
    );
    // Before: four attempts of 60 s each, about 244 s, and no option to shorten them.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    const [pending] = results(run.stdout);
    expect(pending).toMatchObject({ status: 'pending', error: TIMED_OUT('1 s') });
    expect(existsSync(pending!.image.path)).toBe(true);
    // The whole wait went to the one attempt: a retry could not have finished in time.
    expect(api.calls(ROUTE)).toHaveLength(1);

    started = performance.now();
    const again = await runCli(
      ['retry', pending!.id, '--base-url', api.url('/v1'), '--timeout', '500ms', '--json'],
      { home, env },
    );
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(results(again.stdout)[0]).toMatchObject({
      id: pending!.id,
      status: 'pending',
      error: TIMED_OUT('0.5 s'),
    });

    const bad = await runCli(['extract', 'shot.png', ...FIELDS, '--timeout', 'soon'], { home, env });
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/^--timeout must be a number of seconds above 0 and at most 3600/);
  });

  it('settings provider.timeoutSeconds is the wait when --timeout is not given', async () => {
    const own = await tempHome({ settings: WITHOUT_GROUNDING });
    try {
      await writeFile(path.join(own.home, 'shot.png'), await readFile(path.join(home, 'shot.png')));
      await writeFile(
        path.join(own.home, 'settings.json'),
        JSON.stringify({
          provider: {
            ...WITHOUT_GROUNDING.provider,
            id: 'openai',
            baseUrl: api.url('/v1'),
            timeoutSeconds: 0.5,
          },
        }),
      );
      api.always(ROUTE, { hang: true });
      const run = await runCli(['extract', 'shot.png', ...FIELDS, '--json'], { home: own.home, env });
      expect(results(run.stdout)[0]).toMatchObject({ status: 'pending' });
      expect(results(run.stdout)[0]!.error).toMatch(/^OpenAI did not answer within 0\.5 s; /);
    } finally {
      await own.cleanup();
    }
  });

  it('Ctrl+C during a retry leaves the result pending, and the next retry completes it', async () => {
    const { home: stopHome, cleanup: done } = await tempHome({ settings: WITHOUT_GROUNDING });
    try {
      await writeFile(path.join(stopHome, 'shot.png'), readFileSync(path.join(home, 'shot.png')));
      const down = await refusedUrl('/v1');
      const first = await runCli(
        ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', down, '--json'],
        { home: stopHome, env },
      );
      const [pending] = results(first.stdout);
      expect(pending!.status).toBe('pending');

      api.script(ROUTE, { hang: true });
      const child = spawn(
        process.execPath,
        [path.join(REPO, 'bin/extracto.js'), 'retry', '--base-url', api.url('/v1')],
        { cwd: stopHome, env: { ...process.env, ...env, EXTRACTO_HOME: stopHome }, stdio: 'pipe' },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 20_000;
      while (api.calls(ROUTE).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect(api.calls(ROUTE)).toHaveLength(1);
      child.kill('SIGINT');
      expect(await exited).toBe(1);
      expect(stderr).toContain('Stopped: the rest stay pending.');

      const files = await resultFiles(stopHome);
      expect(files).toHaveLength(1);
      const left = parseResult(JSON.parse(readFileSync(files[0]!, 'utf8')));
      expect(left).toMatchObject({ id: pending!.id, status: 'pending' });
      expect(left.error).toBe('Stopped before it was read. It is kept and will be retried.');

      api.script(ROUTE, { json: openaiResponse({ text: ANSWER }) });
      const retry = await runCli(['retry', '--base-url', api.url('/v1'), '--json'], { home: stopHome, env });
      expect(retry.code).toBe(0);
      expect(results(retry.stdout)[0]).toMatchObject({ id: pending!.id, status: 'ok' });
    } finally {
      await done();
    }
  });

  it('survives a crash: a process killed mid-request leaves a pending result that a new process completes', async () => {
    const { home: crashHome, cleanup: done } = await tempHome({ settings: WITHOUT_GROUNDING });
    try {
      await writeFile(path.join(crashHome, 'shot.png'), readFileSync(path.join(home, 'shot.png')));
      api.script(ROUTE, { hang: true });
      const child = spawn(
        process.execPath,
        [
          path.join(REPO, 'bin/extracto.js'),
          'extract',
          'shot.png',
          ...FIELDS,
          '--provider',
          'openai',
          '--base-url',
          api.url('/v1'),
        ],
        { cwd: crashHome, env: { ...process.env, ...env, EXTRACTO_HOME: crashHome }, stdio: 'ignore' },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      // Killed once the request is at the server: the worst moment, with the answer never coming.
      const deadline = Date.now() + 20_000;
      while (api.calls(ROUTE).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect(api.calls(ROUTE)).toHaveLength(1);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const files = await resultFiles(crashHome);
      expect(files).toHaveLength(1);
      const left = parseResult(JSON.parse(readFileSync(files[0]!, 'utf8')));
      expect(left.status).toBe('pending');
      // Stored relative to the data home (images/<id>.png), so the folder can move.
      expect(existsSync(path.join(crashHome, left.image.path))).toBe(true);

      api.script(ROUTE, { json: openaiResponse({ text: ANSWER }) });
      const retry = await runCli(['retry', '--base-url', api.url('/v1'), '--json'], { home: crashHome, env });
      expect(retry.stderr).toContain('Retrying 1 pending result');
      expect(retry.code).toBe(0);
      expect(results(retry.stdout)[0]).toMatchObject({
        id: left.id,
        status: 'ok',
        fields: { total: 1234.56 },
      });
      // The image sent on retry is the one captured before the crash.
      expect(await resultFiles(crashHome)).toHaveLength(1);
      const show = await runCli(['show', left.id], { home: crashHome });
      expect(JSON.parse(show.stdout)).toMatchObject({ status: 'ok', image: { sha256: left.image.sha256 } });
    } finally {
      await done();
    }
  });
});

describe('two processes retrying one data home', () => {
  it('sends each pending result once, though both found it pending', async () => {
    const api = await FakeApi.start();
    const { home, cleanup } = await tempHome({ settings: WITHOUT_GROUNDING });
    try {
      const doc = await renderDocument({ kind: 'invoice', seed: 6 });
      const names: string[] = [];
      for (let i = 0; i < 6; i++) {
        // Different pixels, so no capture is taken for a duplicate of another.
        const shot = await sharp(doc.png)
          .rotate(i * 2, { background: '#fff' })
          .png()
          .toBuffer();
        names.push(`shot-${i}.png`);
        await writeFile(path.join(home, names.at(-1)!), shot);
      }
      const offline = await refusedUrl('/v1');
      const made = await runCli(
        ['extract', ...names, ...FIELDS, '--provider', 'openai', '--base-url', offline, '--json'],
        { home, env },
      );
      expect(results(made.stdout).map((r) => r.status)).toEqual(Array(6).fill('pending'));

      // Slow answers, so both processes are at work on the list at the same time.
      api.always(ROUTE, { json: openaiResponse({ text: ANSWER }), delayMs: 300 });
      const retry = () => runCli(['retry', '--all', '--base-url', api.url('/v1'), '--json'], { home, env });
      const [a, b] = await Promise.all([retry(), retry()]);
      expect(api.calls(ROUTE)).toHaveLength(6);
      const done = [...results(a.stdout), ...results(b.stdout)];
      expect(new Set(done.filter((r) => r.status === 'ok').map((r) => r.id)).size).toBe(6);
      const pending = await runCli(['history', '--status', 'pending', '--json'], { home });
      expect(pending.stdout.trim()).toBe('');
    } finally {
      await api.close();
      await cleanup();
    }
  });
});
