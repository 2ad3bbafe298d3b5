import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportJobs } from '../../src/app/export-jobs.ts';
import { createHandlers } from '../../src/app/ipc-handlers.ts';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { AppController } from '../../src/main/controller.ts';
import { createMainHandlers } from '../../src/main/main-handlers.ts';
import { PreviewQueue } from '../../src/main/preview.ts';
import type { SecretPort } from '../../src/main/ports.ts';
import { SecretStore } from '../../src/main/secrets.ts';
import type { Region } from '../../src/shared/result.ts';
import { tempHome } from '../helpers/cli.ts';

// Stands in for safeStorage: reversible, and never the plain text.
const keychain: SecretPort = {
  available: () => Promise.resolve(true),
  encrypt: (text) => Promise.resolve(Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a))),
  decrypt: (data) =>
    Promise.resolve({ text: Buffer.from([...data].map((b) => b ^ 0x5a)).toString(), stale: false }),
};

describe("main's own channels", () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  const opened: string[] = [];
  const finished: (Region | null)[] = [];
  const startEnv = { ANTHROPIC_API_KEY: 'sk-ant-from-env-000000' };
  const env: NodeJS.ProcessEnv = { ...startEnv };
  let handlers: ReturnType<typeof createMainHandlers>;
  const revealed: string[] = [];
  const exports = new ExportJobs(silentLogger);

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({ home, env });
    const controller = new AppController(app, {
      screen: { displays: () => [], cursorPoint: () => ({ x: 0, y: 0 }) },
      frames: { grab: () => Promise.reject(new Error('no screen in this test')) },
      shortcuts: { register: () => true, unregister: () => undefined },
      notifier: { show: () => undefined },
      clipboard: { readImage: () => Promise.resolve(null) },
      fileDialog: { openFiles: () => Promise.resolve([]) },
      selectRegion: () => Promise.resolve(null),
      showTray: () => undefined,
      showResult: () => undefined,
      openSettings: () => undefined,
      broadcast: () => undefined,
      platform: 'linux',
      env: {},
      osLocale: 'en',
      screenPermission: () => 'unknown',
    });
    handlers = createMainHandlers({
      service: app,
      controller,
      overlay: { finish: (region) => void finished.push(region) },
      previews: new PreviewQueue({ open: () => undefined, close: () => undefined }),
      secrets: new SecretStore(path.join(home, 'secrets.json'), keychain),
      startEnv,
      env,
      openPath: (file) => {
        opened.push(file);
        return Promise.resolve(file.endsWith('broken') ? 'No application knows this file.' : '');
      },
      showItemInFolder: (file) => void revealed.push(file),
      exports,
    });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('keeps a key in the keychain, hands it to the providers, and forgets it on an empty value', async () => {
    expect(await handlers['secrets:status']()).toEqual({
      keychain: true,
      stored: { OPENAI_API_KEY: false, ANTHROPIC_API_KEY: false, OPENAI_COMPATIBLE_API_KEY: false },
      fromEnvironment: { OPENAI_API_KEY: false, ANTHROPIC_API_KEY: true, OPENAI_COMPATIBLE_API_KEY: false },
    });
    await expect(app.provider('openai')).rejects.toThrow(/OPENAI_API_KEY/);
    const status = await handlers['secrets:save']({
      name: 'OPENAI_API_KEY',
      value: ' sk-proj-abcdef123456 ',
    });
    expect(status.stored.OPENAI_API_KEY).toBe(true);
    expect(env.OPENAI_API_KEY).toBe('sk-proj-abcdef123456');
    // The provider that failed for want of a key is made again, now with it.
    expect((await app.provider('openai')).id).toBe('openai');
    await handlers['secrets:save']({ name: 'OPENAI_API_KEY', value: '' });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    // Removing a stored key falls back to the environment's, where there is one.
    await handlers['secrets:save']({ name: 'ANTHROPIC_API_KEY', value: 'sk-ant-stored-111111' });
    expect(env.ANTHROPIC_API_KEY).toBe('sk-ant-stored-111111');
    await handlers['secrets:save']({ name: 'ANTHROPIC_API_KEY', value: '' });
    expect(env.ANTHROPIC_API_KEY).toBe('sk-ant-from-env-000000');
  });

  it('opens folders (making exports/ first) and says when the system cannot open a file', async () => {
    await handlers['app:openFolder']({ folder: 'exports' });
    await handlers['app:openFolder']({ folder: 'logs' });
    expect(opened).toEqual([path.join(home, 'exports'), path.join(home, 'logs')]);
    await expect(handlers['results:openImage']({ id: '20261124T220323-123Z-k3f9' })).rejects.toThrow(
      'This result has no image on disk.',
    );
  });

  it('exports where the save dialog says, says nothing when it is cancelled, and opens the file', async () => {
    const offered: string[] = [];
    let answer: string | null = null;
    const shared = createHandlers(app, {
      exports,
      chooseExportFile: (suggested) => {
        offered.push(suggested);
        return Promise.resolve(answer);
      },
    });
    expect(await shared['results:export']({ format: 'xlsx' })).toEqual({ cancelled: true });
    expect(offered).toEqual([`Extracto ${new Date().toISOString().slice(0, 7)}.xlsx`]);
    // Nothing was written: not in the data home's exports folder either.
    const inExports = () =>
      existsSync(path.join(home, 'exports')) ? readdirSync(path.join(home, 'exports')) : [];
    expect(inExports()).toEqual([]);

    answer = path.join(home, 'Chosen folder', 'Mine.csv');
    await mkdir(path.dirname(answer), { recursive: true });
    const started = await shared['results:export']({ format: 'csv' });
    if ('cancelled' in started) throw new Error('the dialog answered a path');
    await expect(handlers['results:openExport']({ job: started.job })).rejects.toThrow(
      /not finished|no longer known/,
    );
    await expect.poll(() => exports.status(started.job).path).toBe(answer);
    expect(exports.status(started.job).name).toBe('Mine.csv');
    // A BOM first, so Excel reads the CSV as UTF-8.
    expect(readFileSync(answer, 'utf8')).toMatch(/^\ufeffid,createdAt,/);
    await handlers['results:openExport']({ job: started.job });
    await handlers['results:openExport']({ job: started.job, reveal: true });
    expect(opened.at(-1)).toBe(answer);
    expect(revealed).toEqual([answer]);
  });

  it("passes the overlay's answer on, and reports the shortcuts", async () => {
    await handlers['overlay:finish']({ region: { x: 1, y: 2, width: 30, height: 40 } });
    await handlers['overlay:finish']({ region: null });
    expect(finished).toEqual([{ x: 1, y: 2, width: 30, height: 40 }, null]);
    expect(await handlers['hotkeys:status']()).toEqual({
      capture: { ok: true },
      region: { ok: true },
      limits: [],
    });
  });
});
