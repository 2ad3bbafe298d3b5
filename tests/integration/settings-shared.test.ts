import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { createHandlers, dispatch } from '../../src/app/ipc-handlers.ts';
import { silentLogger } from '../../src/core/log.ts';
import { readSettings } from '../../src/core/settings-file.ts';
import { REPO, runCli, tempHome } from '../helpers/cli.ts';
import { FakeApi } from '../helpers/fake-apis.ts';

/**
 * settings.json is shared by the app and every `extracto` command (issue 17): a mistake in one part
 * of it never costs the rest (privacy above all), and changes made at the same moment by two
 * processes are all kept.
 */

const total = [{ key: 'total', label: 'Total', type: 'number' as const }];

function settingsWith(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    version: 1,
    profiles: [
      { id: 'a', name: 'Invoices', fields: total },
      { id: 'b', name: 'Receipts', fields: [{ key: 'total', label: 'Total', type: 'txt' }] },
    ],
    activeProfileId: 'a',
    privacy: { localOnly: true },
    ...overrides,
  });
}

const blankPng = (file: string) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
    .png()
    .toFile(file);

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

describe('a mistake in settings.json', () => {
  it('one typo keeps local-only on: nothing is sent, and stderr says what was dropped (finding 4)', async () => {
    const api = await FakeApi.start();
    try {
      const original = settingsWith({});
      await writeFile(path.join(home, 'settings.json'), original);
      await blankPng(path.join(home, 'doc.png'));
      const run = await runCli(
        [
          'extract',
          'doc.png',
          '--fields',
          'total:number',
          '--provider',
          'anthropic',
          '--base-url',
          api.url(),
        ],
        { home, env: { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789' } },
      );
      expect(api.requests).toHaveLength(0);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Local-only mode is on (Settings > Privacy)');
      const [warning] = run.stderr.split('\n');
      expect(warning).toMatch(
        /^Warning: .*settings\.json has errors, so only its valid parts are used: type of field "Total" in profile "Receipts" \("txt": .*\) was reset to its default\. The original file is kept at .*settings\.json\.broken-\d+\.$/,
      );
      // The original is kept, byte for byte, and the file itself was not thrown away.
      const copy = readdirSync(home).find((n) => n.startsWith('settings.json.broken-'))!;
      expect(readFileSync(path.join(home, copy), 'utf8')).toBe(original);
      expect(readFileSync(path.join(home, 'settings.json'), 'utf8')).toBe(original);
      const list = await runCli(['profiles', 'list'], { home });
      expect(list.stdout).toBe('* Invoices\tTotal:number\n  Receipts\tTotal\n');
    } finally {
      await api.close();
    }
  });

  it('privacy that cannot be read refuses cloud providers and says why', async () => {
    await writeFile(path.join(home, 'settings.json'), settingsWith({ privacy: { localOnly: 'no' } }));
    await blankPng(path.join(home, 'doc.png'));
    const run = await runCli(['extract', 'doc.png', '--fields', 'total', '--provider', 'openai'], {
      home,
      env: { OPENAI_API_KEY: 'sk-test-0123456789' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/privacy\.localOnly \("no": .*\) was reset to its default/);
    expect(run.stderr).toContain('Privacy could not be read, so local-only is on');
    expect(run.stderr).toMatch(
      /Nothing is sent to openai: the privacy settings in .*settings\.json could not be read, so local-only is on/,
    );
  });

  it('the app says so too: settingsProblems and the settings:problems channel', async () => {
    await writeFile(path.join(home, 'settings.json'), settingsWith({ capture: { display: 'sideways' } }));
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    try {
      const reports = app.settingsProblems();
      expect(reports).toHaveLength(1);
      expect(reports[0]!.problems.map((p) => p.what)).toEqual([
        'type of field "Total" in profile "Receipts"',
        'capture.display',
      ]);
      const outcome = await dispatch(app, createHandlers(app), 'settings:problems', undefined);
      expect(outcome).toEqual({ ok: true, value: reports });
      expect(app.getSettings().privacy.localOnly).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('two processes changing settings.json', () => {
  it('settings:save replaces only the sections given, onto the file as it is now, with the same checks', async () => {
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    try {
      const handlers = createHandlers(app);
      const privacy = app.getSettings().privacy;
      expect((await runCli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], { home })).code).toBe(
        0,
      );
      const saved = await dispatch(app, handlers, 'settings:save', {
        privacy: { ...privacy, localOnly: true },
      });
      expect(saved).toMatchObject({ ok: true, value: { privacy: { localOnly: true } } });
      expect(app.profiles().map((p) => p.name)).toEqual(['Receipts']);
      // A redaction pattern the engine cannot run is refused here too, and nothing is saved.
      const refused = await dispatch(app, handlers, 'settings:save', {
        privacy: { ...privacy, redact: { ...privacy.redact, patterns: ['(\\d)\\1'] } },
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/were not saved/) },
      });
      const file = readSettings(path.join(home, 'settings.json'), silentLogger).settings;
      expect(file.privacy).toMatchObject({ localOnly: true, redact: { patterns: [] } });
      expect(file.profiles.map((p) => p.name)).toEqual(['Receipts']);
    } finally {
      await app.close();
    }
  });

  it('the app never saves its stale copy over what the CLI wrote', async () => {
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    try {
      await app.saveProfile({ name: 'Invoices', fields: total });
      const before = app.getSettings();
      expect((await runCli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], { home })).code).toBe(
        0,
      );
      // Settings made from the copy read before the CLI ran: only the change is applied.
      await app.saveSettings({ ...before, auto: { ...before.auto, enabled: true } });
      await app.saveProfile({ name: 'Orders', fields: total });
      const saved = readSettings(path.join(home, 'settings.json'), silentLogger).settings;
      expect(saved.profiles.map((p) => p.name)).toEqual(['Invoices', 'Receipts', 'Orders']);
      expect(saved.auto.enabled).toBe(true);
      // And the app sees what the CLI did.
      expect(app.findProfile('receipts')?.name).toBe('Receipts');
    } finally {
      await app.close();
    }
  });

  it('profiles added at the same moment by the CLI, other processes and the app are all kept', async () => {
    const [WRITES, CLI_ADDS, APP_SAVES] = [30, 2, 10];
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    try {
      // Other processes, started first and let go together, so that their saves overlap.
      const writers = ['a', 'b'].map((tag) => {
        const child = spawn(
          process.execPath,
          [path.join(REPO, 'tests/helpers/settings-writer.ts'), home, tag, String(WRITES)],
          { stdio: ['pipe', 'pipe', 'inherit'] },
        );
        const ready = once(child.stdout, 'data');
        const exit = once(child, 'close').then(([code]) => code as number | null);
        return { child, ready, exit };
      });
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.child.stdin.write('go\n');
      const cli = async (tag: string, count: number) => {
        for (let i = 0; i < count; i++) {
          const run = await runCli(['profiles', 'add', `${tag}-${i}`, '--fields', 'total:number'], { home });
          expect(run.stderr).toContain(`Saved profile "${tag}-${i}"`);
        }
      };
      // The app meanwhile: a settings change and a profile of its own, again and again.
      const inApp = async (count: number) => {
        for (let i = 1; i <= count; i++) {
          const settings = app.getSettings();
          await app.saveSettings({ ...settings, auto: { ...settings.auto, intervalSeconds: i } });
          await app.saveProfile({ name: `app-${i}`, fields: total });
        }
      };
      const [codes] = await Promise.all([
        Promise.all(writers.map((w) => w.exit)),
        cli('x', CLI_ADDS),
        cli('y', CLI_ADDS),
        inApp(APP_SAVES),
      ]);
      expect(codes).toEqual([0, 0]);
      const saved = readSettings(path.join(home, 'settings.json'), silentLogger).settings;
      const expected = [
        ...['a', 'b'].flatMap((t) => Array.from({ length: WRITES }, (_, i) => `${t}-${i}`)),
        ...['x', 'y'].flatMap((t) => Array.from({ length: CLI_ADDS }, (_, i) => `${t}-${i}`)),
        ...Array.from({ length: APP_SAVES }, (_, i) => `app-${i + 1}`),
      ];
      const names = new Set(saved.profiles.map((p) => p.name));
      expect(expected.filter((n) => !names.has(n))).toEqual([]);
      expect(saved.profiles).toHaveLength(expected.length);
      expect(saved.auto.intervalSeconds).toBe(APP_SAVES);
    } finally {
      await app.close();
    }
  }, 60_000);
});
