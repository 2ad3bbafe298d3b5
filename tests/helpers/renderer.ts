import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { startBridgeServer, type BridgeServer } from '../../src/app/bridge-server.ts';
import { createHandlers, type Handlers } from '../../src/app/ipc-handlers.ts';
import type { MainHandlers } from '../../src/shared/ipc.ts';
import { REPO } from './cli.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Where the windows' screenshots go: docs/ (shown in the README) only when asked for with
 * EXTRACTO_UPDATE_DOCS=1, so a test run never rewrites tracked files; a temp folder otherwise.
 */
export const SCREENSHOTS = process.env.EXTRACTO_UPDATE_DOCS
  ? path.join(REPO, 'docs')
  : path.join(tmpdir(), 'extracto-screenshots');

export interface PageOptions {
  locale?: string;
  colorScheme?: 'light' | 'dark';
  timezoneId?: string;
  viewport?: { width: number; height: number };
  /** The screen the page reports (the token estimate is for the screen's size). */
  screen?: { width: number; height: number };
  /** Let the page read and write the clipboard (copy buttons). */
  clipboard?: boolean;
  /** The user agent the page reports (the renderer tells macOS by it). */
  userAgent?: string;
}

export interface RendererHarness {
  home: string;
  app: AppService;
  bridge: BridgeServer;
  browser: Browser;
  /**
   * A new page in a context of its own, the network refused but for the bridge, page errors
   * collected; on `hash` (e.g. '#/settings') when given.
   */
  open(hash?: string, options?: PageOptions): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

/**
 * The renderer built by Vite and served by the loopback bridge from a real AppService in a temp
 * data home, in Debian's Chromium: the windows as a person sees them, with no stub behind them.
 */
export async function startRenderer(
  options: {
    main?: Partial<MainHandlers>;
    /**
     * The data folder the windows say they use (app:info), in place of the temp folder the app
     * really runs in: for pictures of the windows as a person sees them (the README's), where a
     * temp path would be a detail of the test shown as the product's.
     */
    shownHome?: string;
  } = {},
): Promise<RendererHarness> {
  const home = await mkdtemp(path.join(tmpdir(), 'extracto-renderer-'));
  const outDir = path.join(home, 'renderer');
  await build({
    configFile: path.join(REPO, 'vite.renderer.config.ts'),
    configLoader: 'native',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const app = await AppService.open({ home, env: {} });
  const bridge = await startBridgeServer({
    app,
    staticDir: outDir,
    ...(options.shownHome ? { handlers: showingHome(createHandlers(app), options.shownHome) } : {}),
    ...(options.main ? { main: options.main } : {}),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const errors: string[] = [];
  return {
    home,
    app,
    bridge,
    browser,
    errors,
    async open(hash, options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 },
        ...(options.screen ? { screen: options.screen } : {}),
        deviceScaleFactor: 1,
        locale: options.locale ?? 'en-US',
        ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
        colorScheme: options.colorScheme ?? 'light',
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      });
      // Nothing but the bridge: a request anywhere else would be remote content.
      await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      if (options.clipboard)
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: new URL(bridge.url).origin,
        });
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      // The bridge's URL carries its per-run token: the page is at <origin>/<token>/.
      if (hash !== undefined) await page.goto(`${bridge.url}/${hash}`);
      return page;
    },
    async close() {
      await browser.close();
      await bridge.close();
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The app's handlers, but for the data folder they say the app uses. */
function showingHome(handlers: Handlers, home: string): Handlers {
  return { ...handlers, 'app:info': () => ({ dataHome: home, exportsDir: path.join(home, 'exports') }) };
}

/** Serious or critical axe findings on the page, as readable lines (none expected). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Chromium and the app share a loaded machine here: allow more than expect.poll's default second. */
export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });
