import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../src/app/bridge-server.ts';
import { AppService } from '../../src/app/service.ts';
import { createBridgeApi } from '../../src/renderer/src/bridge.ts';
import { IPC, type ExtractoApi } from '../../src/shared/ipc.ts';
import { APP_CHANNELS, MAIN_CHANNELS, IpcError, apiName } from '../../src/shared/ipc-client.ts';
import { tempHome } from '../helpers/cli.ts';

/** A raw request, for what a browser page would never send (wrong Host header, wrong type). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; path: string },
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
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
    await expect(api.profilesSave({ profile: { name: ' ', fields: [] } })).rejects.toMatchObject({
      name: 'IpcError',
      kind: 'invalid',
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
    expect(await unknown.json()).toEqual({
      ok: false,
      error: { message: 'Unknown channel results:nuke.', kind: 'invalid' },
    });
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
    const { job, total } = await api.resultsExport({ format: 'json' });
    expect(total).toBe(0);
    await expect.poll(async () => (await api.resultsExportStatus({ job })).path).toBeDefined();
    const exported = await api.resultsExportStatus({ job });
    expect(exported.done).toBe(0);
    expect(exported.path?.startsWith(`${home}/exports/extracto-`)).toBe(true);
    // A second one in the same second gets a file of its own.
    const again = await api.resultsExport({ format: 'json' });
    await expect.poll(async () => (await api.resultsExportStatus(again)).path).toBeDefined();
    expect((await api.resultsExportStatus(again)).path).not.toBe(exported.path);
    await expect(api.resultsExportStatus({ job: 'no-such-job' })).rejects.toMatchObject({ kind: 'usage' });
    await expect(api.resultsRetry({ id: '20261124T220323-123Z-k3f9' })).rejects.toMatchObject({
      kind: 'usage',
      message: 'There is no result 20261124T220323-123Z-k3f9.',
    });
    for (const path of ['/image/..%2Fsettings.json', '/image/20261124T220323-123Z-k3f9', '/index.html'])
      expect((await raw(bridge.url, { path })).status).toBe(404);
  });

  it('answers only its own origin, and only JSON posts', async () => {
    const host = new URL(bridge.url).host;
    const body = '{}';
    const post = (headers: Record<string, string>) =>
      raw(bridge.url, { method: 'POST', path: '/ipc/profiles:list', headers, body });
    expect((await post({ host, 'content-type': 'application/json' })).status).toBe(200);
    expect((await post({ host: 'evil.example:80', 'content-type': 'application/json' })).status).toBe(403);
    expect((await post({ host, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await raw(bridge.url, { path: '/ipc/profiles:list', headers: { host } })).status).toBe(405);
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
