import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseResult } from '../../src/shared/result.ts';
import { REPO, runCli, tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiResponse } from '../helpers/fake-apis.ts';
import { screen } from '../helpers/auto-frames.ts';
import { hasXvfb, paintRoot, startXvfb, type XServer } from '../helpers/xvfb.ts';

const hasXdotool = ['/usr/bin/xdotool', '/usr/local/bin/xdotool'].some((p) => existsSync(p));
const KEY = 'sk-test-WATCHCLI-0123456789abcdef';
const ROUTE = 'POST /v1/responses';

// `extracto watch` for real: an Xvfb screen with generated documents painted on it, the OpenAI SDK
// against a loopback server.
describe.skipIf(!hasXvfb)('extracto watch under Xvfb', () => {
  let x: XServer | undefined;
  let display = '';
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let env: NodeJS.ProcessEnv;

  /** Paints a generated screen onto the root window, as a document window would appear. */
  async function paint(seed: number): Promise<void> {
    const file = path.join(home, `screen-${seed}.png`);
    await writeFile(file, await screen({ seed }));
    paintRoot(display, file);
  }

  beforeAll(async () => {
    x = await startXvfb();
    display = x.display;
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    env = { DISPLAY: display, OPENAI_API_KEY: KEY };
    await paint(1);
  });
  afterAll(async () => {
    x?.stop();
    await api.close();
    await cleanup();
  });
  beforeEach(() => {
    api.reset();
    api.always(ROUTE, { json: openaiResponse({ text: JSON.stringify({ total: 7 }) }) });
  });

  const args = () => [
    '--fields',
    'total:number',
    '--provider',
    'openai',
    '--base-url',
    api.url('/v1'),
    '--json',
  ];

  it('extracts a static screen once, and stops by itself with --for', async () => {
    const run = await runCli(['watch', '--on-change', '--interval', '300ms', '--for', '3s', ...args()], {
      home,
      env,
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(parseResult(JSON.parse(lines[0]!))).toMatchObject({ status: 'ok', fields: { total: 7 } });
    // With the screen probe (ffmpeg) a still screen is looked at, not captured, after the first time
    // (on a loaded machine the first extraction can take the whole 3 s: no look at all).
    expect(run.stderr).toMatch(
      /Watched for \d+ s: (?:(?:\d+ looks?, )?1 capture|\d+ captures), 1 extracted \(1 ok, 0 failed, 0 pending\)/,
    );
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('an interval watch over a screen read before skips it every round and says so once', async () => {
    const run = await runCli(['watch', '--interval', '200ms', '--for', '1500ms', ...args()], { home, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('extracted before; skipped')).toHaveLength(2);
    expect(run.stderr).toMatch(/(\d+) captures, 0 extracted .*, (\d+) duplicates skipped/);
    expect(api.calls(ROUTE)).toHaveLength(0);
  });

  it('extracts a new document when it appears and stops cleanly on Ctrl+C with a summary', async () => {
    const child = spawn(
      process.execPath,
      [path.join(REPO, 'bin/extracto.js'), 'watch', '--on-change', '--interval', '250ms', ...args()],
      { cwd: home, env: { ...process.env, ...env, EXTRACTO_HOME: home } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(test()).toBe(true);
    };
    // The screen from the first test is in the history: it is skipped as a duplicate.
    await until(() => stderr.includes('extracted before; skipped'));
    await paint(2);
    await until(() => stdout.trim().split('\n').filter(Boolean).length === 1);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toContain('Stopping after the work in progress');
    expect(stderr).toMatch(/1 extracted \(1 ok, 0 failed, 0 pending\), \d+ unchanged, 1 duplicate skipped/);
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it.skipIf(!hasXdotool)(
    'captures nothing while an excluded window has the focus, and says why',
    async () => {
      const settings = path.join(home, 'settings.json');
      const { readFile } = await import('node:fs/promises');
      const saved = await readFile(settings, 'utf8').catch(() => '{}');
      await writeFile(
        settings,
        JSON.stringify({ ...JSON.parse(saved), privacy: { excludedWindows: ['Acme Bank'] } }),
      );
      const xenv = { ...process.env, DISPLAY: display };
      const win = spawn('display', ['-title', 'Acme Bank - Online', path.join(home, 'screen-1.png')], {
        stdio: 'ignore',
        env: xenv,
      });
      try {
        // `display` names its window before mapping it, and X refuses focus to an unmapped window
        // (BadMatch): wait for a visible window, and give focus again until X takes it.
        let focused = false;
        for (let i = 0; i < 100 && !focused; i++) {
          try {
            const id = execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Acme Bank'], {
              env: xenv,
              stdio: ['ignore', 'pipe', 'ignore'],
            })
              .toString()
              .trim()
              .split('\n')[0]!;
            execFileSync('xdotool', ['windowfocus', '--sync', id], {
              env: xenv,
              stdio: 'ignore',
              timeout: 2000,
            });
            focused = true;
          } catch {
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        expect(focused).toBe(true);
        await paint(3);
        // Long enough for a first look on a loaded machine (the probe's ffmpeg starting, the
        // engine loading): at 1.5 s a busy CI run once ended before looking at all.
        const run = await runCli(['watch', '--on-change', '--interval', '200ms', '--for', '5s', ...args()], {
          home,
          env,
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toBe('');
        // The program is named after the title: ImageMagick's `display`, as X11's WM_CLASS says.
        expect(run.stderr).toMatch(
          /Nothing was captured: the active window "Acme Bank - Online" \(Display[^)]*\) matches the excluded "Acme Bank"\./,
        );
        expect(run.stderr).toMatch(/0 captures, 0 extracted .* blocked by an excluded window/);
        const capture = await runCli(['capture', ...args()], { home, env });
        expect(capture.code).toBe(1);
        expect(capture.stderr).toContain('Nothing was captured: the active window');
        // An entry can name the program instead of a title.
        await writeFile(
          settings,
          JSON.stringify({ ...JSON.parse(saved), privacy: { excludedWindows: ['display-im6'] } }),
        );
        const byApp = await runCli(['capture', ...args()], { home, env });
        expect(byApp.code).toBe(1);
        expect(byApp.stderr).toMatch(/\(Display[^)]*\) matches the excluded "display-im6"/);
        expect(api.calls(ROUTE)).toHaveLength(0);
      } finally {
        win.kill();
        await writeFile(settings, saved);
      }
    },
  );
});
