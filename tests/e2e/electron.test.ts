import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import type { ExtractoApi } from '../../src/shared/ipc.ts';
import { REPO, tempHome } from '../helpers/cli.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { hasXvfb, paintRoot, startXvfb, type XServer } from '../helpers/xvfb.ts';

const ELECTRON_DIR = path.join(REPO, 'node_modules', 'electron');
const { version } = JSON.parse(readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')) as {
  version: string;
};

/** The Electron binary, when it is installed (it cannot be downloaded on every machine). */
function electronBinary(): string | null {
  try {
    const installed = readFileSync(path.join(ELECTRON_DIR, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (installed !== version) return null;
    return path.join(ELECTRON_DIR, 'dist', readFileSync(path.join(ELECTRON_DIR, 'path.txt'), 'utf8'));
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(
    `SKIPPED: the Electron ${version} binary is not installed here, so the desktop app's end-to-end test did not run (install it with "npx install-electron").`,
  );
}

describe('npm start without the Electron binary', () => {
  it.skipIf(binary !== null)('says so in one sentence with the fix, and exits 1', () => {
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'start.js')], {
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /binary is not installed, so the desktop app cannot start here: run "npx install-electron"/,
    );
  });
});

// The built app in Electron itself, under Xvfb: first run opens Settings; a capture started over
// IPC reads the invoice painted on the screen and its result lands in the store.
describe.skipIf(!binary || !hasXvfb)('the Electron app', () => {
  let x: XServer;
  let home: string;
  let cleanup: () => Promise<void>;
  let app: ElectronApplication;
  let doc: SyntheticDocument;

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [path.join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stderr}`);
    x = await startXvfb('1280x800x24');
    ({ home, cleanup } = await tempHome());
    doc = await renderDocument({ kind: 'invoice', seed: 9 });
    const screen = path.join(home, 'screen.png');
    await writeFile(screen, doc.png);
    paintRoot(x.display, screen);
    app = await electron.launch({
      executablePath: binary!,
      args: [REPO, '--no-sandbox'],
      env: { ...process.env, DISPLAY: x.display, EXTRACTO_HOME: home, ELECTRON_ENABLE_LOGGING: '1' },
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    x?.stop();
    await cleanup?.();
  });

  it('starts as a tray app and opens Settings on first run, nothing else', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/#\/settings$/);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // The window runs sandboxed with no Node: only the contract is there.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const log = await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8');
    expect(log).toMatch(/started: tray ready/);
  });

  it('captures the screen when asked over IPC and stores what it read', async () => {
    const page = await app.firstWindow();
    await page.evaluate(async (fields) => {
      const api = (globalThis as unknown as { extracto: ExtractoApi }).extracto;
      await api.profilesSave({ profile: { name: 'Invoices', fields }, activate: true });
      await api.captureStart({ kind: 'screen' });
    }, doc.fields);
    const store = await AppService.open({ home, env: {} });
    try {
      await expect.poll(() => store.store.list({ limit: 5 }).items.length, { timeout: 60_000 }).toBe(1);
      const result = (await store.store.get(store.store.list({ limit: 1 }).items[0]!.id))!;
      expect(result).toMatchObject({
        status: 'ok',
        source: { kind: 'screen' },
        image: { width: 1280, height: 800 },
      });
      expect(result.fields.invoice_number).toBe(doc.truth.invoice_number);
    } finally {
      await store.close();
    }
  });
});
