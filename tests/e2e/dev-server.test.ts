import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.ts';
import { CHROMIUM, hasChromium } from '../helpers/renderer.ts';

const ELECTRON_VITE = path.join(REPO, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/**
 * A stand-in for the Electron binary: `electron-vite dev --rendererOnly` still starts Electron
 * once the dev server listens, and exits (taking the server with it) when it cannot or when it
 * quits. This one idles until electron-vite is gone.
 */
const STAND_IN = `const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500);`;

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
type PageGlobals = {
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: Violation) => void): void;
    getElementById(id: string): { childElementCount: number } | null;
    querySelectorAll(selector: string): ArrayLike<{ sheet: { cssRules: { length: number } } | null }>;
  };
  __reportViolation(line: string): Promise<void>;
};
type Violation = { effectiveDirective: string; blockedURI: string; sourceFile: string; lineNumber: number };

interface DevServer {
  url: string;
  close(): void;
}

/**
 * The renderer's dev server exactly as `npm start` serves it (electron-vite dev, electron.vite.config.ts),
 * on the first free port from Vite's default up; its URL read from what it prints.
 */
function startDevServer(): Promise<DevServer> {
  const child: ChildProcess = spawn(process.execPath, [ELECTRON_VITE, 'dev', '--rendererOnly'], {
    cwd: REPO,
    // A process group of its own, so closing it ends the stand-in too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NO_COLOR: '1',
      ELECTRON_EXEC_PATH: process.execPath,
      ELECTRON_ENTRY: `--eval=${STAND_IN}`,
    },
  });
  const close = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', close);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`no dev server URL within 30 s:\n${output}`)), 30_000);
    function fail(error: Error) {
      clearTimeout(timer);
      close();
      reject(error);
    }
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /Local:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, close });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`electron-vite exited (${code}) before serving:\n${output}`)));
  });
}

interface Visit {
  page: Page;
  /** Content-Security-Policy violations: the page's own events and Chromium's console reports. */
  violations: string[];
  /** Everything the page logged. */
  console: string[];
}

async function visit(browser: Browser, url: string): Promise<Visit> {
  const page = await browser.newPage();
  const violations: string[] = [];
  const logged: string[] = [];
  await page.exposeFunction('__reportViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    page.document.addEventListener('securitypolicyviolation', (e) => {
      void page.__reportViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    logged.push(message.text());
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => logged.push(error.message));
  await page.goto(url);
  return { page, violations, console: logged };
}

/** Whether Vite's client reported its HMR websocket open (it logs "[vite] connected."). */
async function hmrConnected(logged: string[], timeout = 5000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeout; await new Promise((r) => setTimeout(r, 50)))
    if (logged.some((line) => line.includes('[vite] connected'))) return true;
  return false;
}

/** Whether one of the page's stylesheets injected by Vite (a <style> tag) is in force. */
function viteStylesApplied(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Array.from(
      (globalThis as unknown as PageGlobals).document.querySelectorAll('style[data-vite-dev-id]'),
    ).some((style) => (style.sheet?.cssRules.length ?? 0) > 0),
  );
}

/** How many elements React rendered into #root. */
function rootChildren(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as PageGlobals).document.getElementById('root')?.childElementCount ?? 0,
  );
}

// `npm start` loads the windows from Vite's dev server; the pages' meta CSP (strict, for the built
// app) must not leave them blank there: React's refresh preamble, Vite's <style> tags and its HMR
// websocket all have to get through, and nothing may be reported as a violation.
describe.skipIf(!hasChromium)('the renderer under `npm start` (electron-vite dev server)', () => {
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startDevServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('renders the windows page with no CSP violation and HMR connected', async () => {
    const { page, violations, console: logged } = await visit(browser, `${server.url}/index.html#/history`);
    // No preload here, so the app renders its error or empty state: anything but a blank root.
    await expect.poll(() => rootChildren(page), { timeout: 15_000 }).toBeGreaterThan(0);
    const connected = await hmrConnected(logged);
    expect(violations).toEqual([]);
    expect(connected).toBe(true);
    expect(await viteStylesApplied(page)).toBe(true);
  });

  it('runs the region overlay with no CSP violation and HMR connected', async () => {
    const { page, violations, console: logged } = await visit(browser, `${server.url}/overlay.html`);
    const connected = await hmrConnected(logged);
    expect(violations).toEqual([]);
    expect(connected).toBe(true);
    expect(await page.locator('#hint').textContent()).toMatch(/Esc/);
    expect(await viteStylesApplied(page)).toBe(true);
  });
});
