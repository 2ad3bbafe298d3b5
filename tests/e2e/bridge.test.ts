import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../src/app/bridge-server.ts';
import { AppService } from '../../src/app/service.ts';
import { createBridgeApi } from '../../src/renderer/src/bridge.ts';
import { parseFieldSpec } from '../../src/shared/field.ts';
import { IPC, type ExtractoApi } from '../../src/shared/ipc.ts';
import { APP_CHANNELS, MAIN_CHANNELS, IpcError, apiName } from '../../src/shared/ipc-client.ts';
import { translator } from '../../src/shared/messages/catalogue.ts';
import { sayError } from '../../src/renderer/src/i18n.ts';
import type { Result } from '../../src/shared/result.ts';
import { REPO, tempHome } from '../helpers/cli.ts';
import { CHROMIUM, hasChromium } from '../helpers/renderer.ts';
import { storedResult } from '../helpers/stored-result.ts';

interface Raw {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * A raw request, for what a browser page would never send (wrong Host header, wrong type, no
 * token): to a URL's host and port, or through a Unix socket.
 */
function raw(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    path: string;
    socketPath?: string;
  },
): Promise<Raw> {
  const { hostname, port } = new URL(url);
  const where = options.socketPath ? { socketPath: options.socketPath } : { hostname, port };
  return new Promise((resolve, reject) => {
    const req = request(
      { ...where, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Any header that would let a page of another origin read a response (CORS). */
const corsHeaders = (headers: IncomingHttpHeaders) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

/** A result with a stored image, for the bridge to list and serve. */
async function seedResult(app: AppService): Promise<Result> {
  const profile = await app.saveProfile({ name: 'Receipts', fields: parseFieldSpec('Total:number') });
  const png = await sharp({
    create: { width: 48, height: 32, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .png()
    .toBuffer();
  const at = new Date('2026-03-02T11:00:00.000Z');
  return app.store.save(
    storedResult(
      at,
      profile,
      { total: 12.5 },
      {
        source: { kind: 'file', path: '/scans/receipt.png' },
        image: { path: '', width: 48, height: 32, sha256: '' },
        durationMs: 900,
      },
    ),
    { data: png, ext: 'png' },
  );
}

// The contract through the loopback bridge, with the renderer's own client (fetch), against a real
// AppService: every response checked against its schema in the contract.
describe('the IPC contract over the loopback bridge', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  let bridge: BridgeServer;
  let api: ExtractoApi;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({ home, env: {} });
    bridge = await startBridgeServer({ app });
    api = createBridgeApi(bridge.url);
  });
  afterAll(async () => {
    await bridge?.close();
    await app?.close();
    await cleanup?.();
  });

  it('names one function per channel on window.extracto', () => {
    expect(APP_CHANNELS.map(apiName)).toContain('resultsGet');
    expect(apiName('profiles:setActive')).toBe('profilesSetActive');
    for (const name of [...APP_CHANNELS, ...MAIN_CHANNELS])
      expect(typeof api[apiName(name)]).toBe('function');
    expect([...APP_CHANNELS].sort()).toEqual(Object.keys(IPC).sort());
  });

  it('saves, lists, activates and removes profiles; answers match the contract', async () => {
    const fields = [{ key: 'total', label: 'Total', type: 'number' as const }];
    const a = await api.profilesSave({ profile: { name: 'Receipts', fields } });
    const b = await api.profilesSave({ profile: { name: 'Forms', fields } });
    IPC['profiles:save'].response.parse(a);
    let state = await api.profilesList();
    IPC['profiles:list'].response.parse(state);
    expect(state.activeProfileId).toBe(a.id); // the first one saved
    state = await api.profilesSetActive({ id: b.id });
    expect(state.activeProfileId).toBe(b.id);
    state = await api.profilesRemove({ id: b.id });
    expect(state).toEqual({ profiles: [a], activeProfileId: a.id });
  });

  it('rejects what the schemas reject, with a sentence and a kind', async () => {
    // The request's shape is right; the profile itself is not (checked where CLI and app share it).
    await expect(api.profilesSave({ profile: { name: ' ', fields: [] } })).rejects.toMatchObject({
      name: 'IpcError',
      kind: 'usage',
      message: 'The profile needs a name.',
    });
    const error = await api.resultsGet({ id: '../../etc/passwd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).message).toBe('Invalid request (id: is not a result id).');
    await expect(api.profilesRemove({ id: 'nope' })).rejects.toMatchObject({
      kind: 'usage',
      message: 'There is no profile named "nope".',
    });
    const unknown = await fetch(`${bridge.url}/ipc/results:nuke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // The sentence travels as its code and parameters too, for the window to say it in its language.
    expect(await unknown.json()).toEqual({
      ok: false,
      error: {
        message: 'Unknown channel results:nuke.',
        kind: 'invalid',
        code: 'ipc.unknownChannel',
        params: { name: 'results:nuke' },
      },
    });
  });

  it('carries the code and parameters of an error, so a window says it in its own language', async () => {
    const error = await api.profilesRemove({ id: 'nope' }).catch((e: unknown) => e);
    expect((error as IpcError).said).toEqual({ code: 'profile.unknown', params: { name: 'nope' } });
    expect(sayError(translator('es'), error)).toBe('No hay ningún perfil llamado «nope».');
    expect(sayError(translator('en'), error)).toBe('There is no profile named "nope".');
  });

  it('replaces only the settings sections it is given', async () => {
    const before = await api.settingsGet();
    const after = await api.settingsSave({
      provider: { id: 'openai', model: 'gpt-4o', detail: 'high' },
    });
    IPC['settings:save'].response.parse(after);
    expect(after.provider).toEqual({ id: 'openai', model: 'gpt-4o', detail: 'high' });
    expect(after.capture).toEqual(before.capture);
    expect(after.profiles).toEqual(before.profiles);
    expect(app.getSettings().provider.model).toBe('gpt-4o');
  });

  it('estimates tokens and cost per capture, and previews the JSON Schema', async () => {
    // gpt-4o, high: 1920x1080 -> 1365x768 -> 3x2 tiles -> 85 + 6 * 170.
    const estimate = await api.tokensEstimate({
      provider: 'openai',
      model: 'gpt-4o',
      detail: 'high',
      width: 1920,
      height: 1080,
    });
    expect(estimate).toMatchObject({ tokens: 1105, width: 1365, height: 768, detail: 'high' });
    expect(estimate.costUsd).toBeCloseTo((1105 * 2.5) / 1e6, 8);
    const local = await api.tokensEstimate({ provider: 'local', detail: 'auto', width: 1920, height: 1080 });
    expect(local.tokens).toBe(0);
    const schema = await api.schemaPreview({ fields: [{ key: 'total', label: 'Total', type: 'number' }] });
    expect(schema).toMatchObject({ type: 'object', required: ['total'], additionalProperties: false });
  });

  it('lists, exports and refuses to serve what is not a stored image', async () => {
    const page = await api.resultsList({ limit: 10 });
    expect(page).toEqual({ items: [], total: 0 });
    // An export answers at once with its job; the status says when the file is written.
    const started = await api.resultsExport({ format: 'json' });
    // Behind the bridge there is no save dialog to cancel.
    if ('cancelled' in started) throw new Error('the bridge has no dialog to cancel');
    const { job, total } = started;
    expect(total).toBe(0);
    await expect.poll(async () => (await api.resultsExportStatus({ job })).path).toBeDefined();
    const exported = await api.resultsExportStatus({ job });
    expect(exported.done).toBe(0);
    expect(exported.path?.startsWith(`${home}/exports/extracto-`)).toBe(true);
    expect(exported.name).toBe(`Extracto ${new Date().toISOString().slice(0, 7)}.json`);
    // The page downloads it under that name (a browser cannot open the file where it was written).
    const download = await raw(bridge.url, { path: `${new URL(bridge.url).pathname}/export/${job}` });
    expect(download.status).toBe(200);
    expect(download.body).toBe(await readFile(exported.path!, 'utf8'));
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="${exported.name}"; filename*=UTF-8''${encodeURIComponent(exported.name!)}`,
    );
    expect(
      (await raw(bridge.url, { path: `${new URL(bridge.url).pathname}/export/no-such-job` })).status,
    ).toBe(404);
    // A second one in the same second gets a file of its own.
    const again = await api.resultsExport({ format: 'json' });
    if ('cancelled' in again) throw new Error('the bridge has no dialog to cancel');
    await expect.poll(async () => (await api.resultsExportStatus(again)).path).toBeDefined();
    expect((await api.resultsExportStatus(again)).path).not.toBe(exported.path);
    await expect(api.resultsExportStatus({ job: 'no-such-job' })).rejects.toMatchObject({ kind: 'usage' });
    await expect(api.resultsRetry({ id: '20261124T220323-123Z-k3f9' })).rejects.toMatchObject({
      kind: 'usage',
      message: 'There is no result 20261124T220323-123Z-k3f9.',
    });
    const base = new URL(bridge.url).pathname;
    for (const path of ['/image/..%2Fsettings.json', '/image/20261124T220323-123Z-k3f9', '/index.html'])
      expect((await raw(bridge.url, { path: `${base}${path}` })).status).toBe(404);
  });

  it('answers only its own origin, and only JSON posts', async () => {
    const host = new URL(bridge.url).host;
    const path = `${new URL(bridge.url).pathname}/ipc/profiles:list`;
    const body = '{}';
    const post = (headers: Record<string, string>) =>
      raw(bridge.url, { method: 'POST', path, headers, body });
    expect((await post({ host, 'content-type': 'application/json' })).status).toBe(200);
    expect((await post({ host: 'evil.example:80', 'content-type': 'application/json' })).status).toBe(403);
    expect((await post({ host, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await raw(bridge.url, { path, headers: { host } })).status).toBe(405);
  });

  it('says that what needs the desktop app (screen, keychain, shell) needs it', async () => {
    await expect(api.captureStart({ kind: 'screen' })).rejects.toMatchObject({
      kind: 'usage',
      message: 'Only the Extracto desktop app can do this.',
    });
    await expect(api.secretsStatus()).rejects.toMatchObject({ kind: 'usage' });
  });

  it('says what to do when there is no profile to extract with', async () => {
    for (const p of app.profiles()) await app.removeProfile(p.id);
    await expect(api.extractFile({ source: { path: `${home}/none.png` } })).rejects.toMatchObject({
      kind: 'usage',
      message: 'Define a profile first: there is nothing to extract yet.',
    });
  });
});

// Issue 17: the bridge serves the person's results, images and (through providers:check) their API
// key, so nothing may answer a caller that lacks this run's token, and no page of another origin
// (http://localhost:3000, another port of 127.0.0.1) may read an answer even with it.
describe('the bridge answers only the holder of its per-run token', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  let bridge: BridgeServer;
  let result: Result;
  let prefix: string;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({ home, env: {} });
    result = await seedResult(app);
    bridge = await startBridgeServer({ app });
    prefix = new URL(bridge.url).pathname;
  });
  afterAll(async () => {
    await bridge?.close();
    await app?.close();
    await cleanup?.();
  });

  const post = (path: string, headers: Record<string, string> = {}) =>
    raw(bridge.url, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('makes a new secret each run, and puts it in the URL', async () => {
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bridge.url).toBe(`http://127.0.0.1:${new URL(bridge.url).port}/${bridge.token}`);
    const other = await startBridgeServer({ app });
    expect(other.token).not.toBe(bridge.token);
    await other.close();
  });

  it('answers with the token: the list, the image, the page address', async () => {
    const listed = await post(`${prefix}/ipc/results:list`);
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(result.id);
    const image = await raw(bridge.url, { path: `${prefix}/image/${result.id}` });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    // Without the trailing slash the page's relative calls would miss the token: sent to it.
    const bare = await raw(bridge.url, { path: prefix });
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe(`${prefix}/`);
  });

  it('gives 403 and nothing else without the token, or with a wrong one', async () => {
    const wrong = `/${bridge.token.slice(0, -1)}${bridge.token.endsWith('A') ? 'B' : 'A'}`;
    const attempts = [
      () => post('/ipc/results:list'),
      () => post('/ipc/settings:get'),
      () => post(`${wrong}/ipc/results:list`),
      () => post(`/x${prefix}/ipc/results:list`),
      () => post(`${prefix.slice(0, -1)}/ipc/results:list`),
      () => post(`/${bridge.token}${bridge.token}/ipc/results:list`),
      () => raw(bridge.url, { path: `/image/${result.id}` }),
      () => raw(bridge.url, { path: `${wrong}/image/${result.id}` }),
      () => raw(bridge.url, { path: `/image/${result.id}?token=${bridge.token}` }),
      () => raw(bridge.url, { path: '/' }),
      () => raw(bridge.url, { path: wrong }),
    ];
    for (const attempt of attempts) {
      const answer = await attempt();
      expect(answer.status).toBe(403);
      expect(answer.body).toBe('Forbidden.');
      expect(answer.headers.location).toBeUndefined();
    }
  });

  it('grants no other origin anything: no CORS, no cross-origin calls, no embedding', async () => {
    const host = new URL(bridge.url).host;
    const evil = { host, origin: 'http://localhost:3000' };
    // The preflight a cross-origin fetch with JSON needs: never allowed.
    const preflight = await raw(bridge.url, {
      method: 'OPTIONS',
      path: `${prefix}/ipc/results:list`,
      headers: {
        ...evil,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(preflight.headers)).toEqual([]);
    // Browsers say where a request comes from: another origin (same site or not) is refused even
    // with the token, and a navigation from another site too.
    for (const site of ['same-site', 'cross-site']) {
      const answer = await post(`${prefix}/ipc/results:list`, { ...evil, 'sec-fetch-site': site });
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(result.id);
      const image = await raw(bridge.url, {
        path: `${prefix}/image/${result.id}`,
        headers: { host, 'sec-fetch-site': site },
      });
      expect(image.status).toBe(403);
    }
    const own = await post(`${prefix}/ipc/results:list`, {
      origin: bridge.url,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    for (const answer of [own, await post('/ipc/results:list', evil)])
      expect(corsHeaders(answer.headers)).toEqual([]);
    const image = await raw(bridge.url, { path: `${prefix}/image/${result.id}` });
    expect(image.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(image.headers['referrer-policy']).toBe('no-referrer');
  });

  it.skipIf(process.platform === 'win32')(
    'on a Unix socket: 0600, and the token still required',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'extracto-bridge-test-'));
      const socketPath = path.join(dir, 'bridge.sock');
      const onSocket = await startBridgeServer({ app, socketPath });
      try {
        expect(onSocket.socketPath).toBe(socketPath);
        expect(statSync(socketPath).mode & 0o777).toBe(0o600);
        const base = new URL(onSocket.url).pathname;
        const headers = { 'content-type': 'application/json', host: '127.0.0.1:5173' };
        const ok = await raw(onSocket.url, {
          method: 'POST',
          path: `${base}/ipc/results:list`,
          headers,
          body: '{}',
          socketPath,
        });
        expect(ok.status).toBe(200);
        expect(ok.body).toContain(result.id);
        const refused = await raw(onSocket.url, {
          method: 'POST',
          path: '/ipc/results:list',
          headers,
          body: '{}',
          socketPath,
        });
        expect(refused.status).toBe(403);
      } finally {
        await onSocket.close();
        await rm(dir, { recursive: true, force: true });
      }
      expect(existsSync(socketPath)).toBe(false);
    },
  );
});

const VITE = path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');

/** The page's Image constructor (the node tsconfig has no DOM lib). */
type PageImage = { Image: new () => { onload: () => void; onerror: () => void; src: string } };

interface DevRenderer {
  /** The address it printed: the page, token included. */
  url: string;
  /** Where it said the bridge listens. */
  bridge: string;
  output: () => string;
  /** Ctrl+C, as a person stops it; resolves when it has exited. */
  stop(): Promise<void>;
}

/** `npm run dev:renderer` on a data home: Vite with vite.renderer.config.ts, on a free port. */
function startDevRenderer(home: string): Promise<DevRenderer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [VITE, '--config', 'vite.renderer.config.ts', '--configLoader', 'native', '--port', '0'],
    {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', EXTRACTO_HOME: home, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', kill);
  let output = '';
  const stop = async () => {
    child.kill('SIGINT');
    const timer = setTimeout(kill, 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no dev server URL within 60 s:\n${output}`)), 60_000);
    function fail(error: Error) {
      clearTimeout(timer);
      kill();
      reject(error);
    }
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /Local:\s+(http:\/\/\S+)/.exec(output)?.[1];
      const bridge = /Extracto bridge on (\S+), data home/.exec(output)?.[1];
      if (url && bridge) {
        clearTimeout(timer);
        resolve({ url, bridge, output: () => output, stop });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`vite exited (${code}) before serving:\n${output}`)));
  });
}

// `npm run dev:renderer` as a person runs it, on a data home with one result: the page at the
// address it prints works; nothing answers without the token; no other origin can read anything.
describe.skipIf(!hasChromium)('npm run dev:renderer', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let result: Result;
  let dev: DevRenderer;
  let browser: Browser;
  let evil: Server;
  let evilUrl: string;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    const app = await AppService.open({ home, env: {} });
    result = await seedResult(app);
    await app.close();
    // Loosened, as homes made before issue 17 are: the dev server's start closes it again.
    await chmod(home, 0o755);
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>a page on another port</title>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    [dev, browser] = await Promise.all([
      startDevRenderer(home),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    await new Promise((resolve) => evil?.close(resolve));
    await cleanup?.();
  });

  it('prints the page with its token, and the page works: list and image through the bridge', async () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dev.url}#/history`);
    await expect.poll(() => page.locator('.count').textContent(), { timeout: 60_000 }).toBe('1 result');
    const thumb = page.locator('img.thumb').first();
    await expect
      .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
        timeout: 15_000,
      })
      .toBe(48);
    expect(await thumb.getAttribute('src')).toBe(`./image/${result.id}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers nothing without the token, through Vite', async () => {
    const origin = new URL(dev.url).origin;
    const token = new URL(dev.url).pathname.split('/')[1]!;
    const json = { 'content-type': 'application/json' };
    const list = (path: string) => raw(origin, { method: 'POST', path, headers: json, body: '{}' });
    expect((await list(`/${token}/ipc/results:list`)).body).toContain(result.id);
    for (const path of ['/ipc/results:list', '/ipc/settings:get', '/wrong/ipc/results:list']) {
      const answer = await list(path);
      expect(answer.status).not.toBe(200);
      expect(answer.body).not.toContain(result.id);
      expect(answer.body).not.toContain('"ok"');
    }
    expect((await raw(origin, { path: `/x/image/${result.id}` })).status).toBe(403);
    expect((await raw(origin, { path: `/image/${result.id}` })).headers['content-type']).not.toBe(
      'image/png',
    );
    const root = await raw(origin, { path: '/', headers: { accept: 'text/html' } });
    expect(root.status).toBe(404);
    expect(root.body).toMatch(/carries this run's token/);
  });

  it('lets no page of another origin read anything, even one that has the token', async () => {
    const origin = new URL(dev.url).origin;
    // Vite's default CORS allowance (any localhost origin) is what issue 17 went through: gone.
    const preflight = await raw(origin, {
      method: 'OPTIONS',
      path: `${new URL(dev.url).pathname}ipc/settings:get`,
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(corsHeaders(preflight.headers)).toEqual([]);
    const page = await browser.newPage();
    await page.goto(evilUrl);
    const attempts = await page.evaluate(
      async ({ api, image }) => {
        const tries: Record<string, () => Promise<Response>> = {
          json: () =>
            fetch(`${api}ipc/settings:get`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '',
            }),
          simple: () => fetch(`${api}ipc/settings:get`, { method: 'POST', body: '' }),
          image: () => fetch(image),
        };
        const out: Record<string, string> = {};
        for (const [name, attempt] of Object.entries(tries)) {
          try {
            out[name] = `read: ${await (await attempt()).text()}`;
          } catch (error) {
            out[name] = `refused: ${(error as Error).name}`;
          }
        }
        // No-cors: never readable; the bridge refuses it anyway (Sec-Fetch-Site).
        const embedded = await new Promise<string>((resolve) => {
          const img = new (globalThis as unknown as PageImage).Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('refused');
          img.src = image;
        });
        return { ...out, embedded };
      },
      { api: dev.url, image: `${dev.url}image/${result.id}` },
    );
    expect(attempts).toEqual({
      json: 'refused: TypeError',
      simple: 'refused: TypeError',
      image: 'refused: TypeError',
      embedded: 'refused',
    });
    await page.close();
  });

  it.skipIf(process.platform === 'win32')(
    'serves the bridge on a socket only this user can reach, removed on Ctrl+C; the home private',
    async () => {
      expect(dev.bridge).toMatch(/\/bridge\.sock$/);
      expect(statSync(path.dirname(dev.bridge)).mode & 0o777).toBe(0o700);
      expect(statSync(dev.bridge).mode & 0o777).toBe(0o600);
      expect(statSync(home).mode & 0o777).toBe(0o700);
      await dev.stop();
      expect(existsSync(path.dirname(dev.bridge))).toBe(false);
    },
  );
});
