import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import {
  mergeSettingsChange,
  readSettings,
  repairSettings,
  updateSettings,
} from '../../src/core/settings-file.ts';
import { describeSettingsReport } from '../../src/shared/settings-problems.ts';
import { DEFAULT_SETTINGS, Settings } from '../../src/shared/settings.ts';

const field = (key: string, type = 'text') => ({ key, label: key.toUpperCase(), type });
const profile = (id: string, name: string, fields: unknown[] = [field('total', 'number')]) => ({
  id,
  name,
  fields,
});

/** settings.json as a person may leave it: valid, except where a test breaks it. */
function file(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    profiles: [profile('a', 'Invoices'), profile('b', 'Receipts')],
    activeProfileId: 'a',
    provider: { id: 'openai', model: 'gpt-5.4-mini', detail: 'high' },
    capture: { display: 'primary', saveImages: false, imageFormat: 'jpeg' },
    privacy: { localOnly: true, previewBeforeSend: true, excludedWindows: ['KeePassXC'] },
    locale: 'es',
    ...overrides,
  };
}

describe('reading settings.json part by part', () => {
  it('one bad field type keeps everything else, privacy first (issue 17, finding 4)', () => {
    const raw = file({
      profiles: [
        profile('a', 'Invoices'),
        profile('b', 'Receipts', [field('total', 'txt'), field('date', 'date')]),
      ],
    });
    const { settings, report } = repairSettings(raw);
    expect(settings.privacy).toMatchObject({
      localOnly: true,
      previewBeforeSend: true,
      excludedWindows: ['KeePassXC'],
    });
    expect(settings.provider).toMatchObject({ id: 'openai', model: 'gpt-5.4-mini', detail: 'high' });
    expect(settings.capture).toMatchObject({ display: 'primary', saveImages: false, imageFormat: 'jpeg' });
    expect(settings.locale).toBe('es');
    // Only the bad key goes: the field falls back to text, its profile and the other field stay.
    expect(settings.profiles.map((p) => p.name)).toEqual(['Invoices', 'Receipts']);
    expect(settings.profiles[1]!.fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      'total:text',
      'date:date',
    ]);
    expect(report).toMatchObject({ privacyStrict: false, providerReset: false });
    expect(report!.problems).toEqual([
      expect.objectContaining({
        path: ['profiles', 1, 'fields', 0, 'type'],
        what: 'type of field "TOTAL" in profile "Receipts"',
        value: '"txt"',
        outcome: 'default',
      }),
    ]);
  });

  it('drops a profile or field that cannot stand, and names it by where it was in the file', () => {
    const raw = file({
      profiles: [
        profile('a', ''),
        profile('b', 'Receipts', [field('total'), field('total'), { label: 'no key' }, field('date')]),
        profile('c', 'Kept'),
      ],
      prices: { 'gpt-x': { input: -1, output: 2 }, 'gpt-y': { input: 1, output: 2 } },
      capture: { display: 'sideways', saveImages: false },
    });
    const { settings, report } = repairSettings(raw);
    expect(settings.profiles.map((p) => [p.name, p.fields.map((f) => f.key)])).toEqual([
      ['Receipts', ['total', 'date']],
      ['Kept', ['total']],
    ]);
    expect(settings.prices).toEqual({ 'gpt-y': { input: 1, output: 2 } });
    expect(settings.capture).toMatchObject({ display: 'cursor', saveImages: false });
    expect(settings.privacy.localOnly).toBe(true);
    const paths = report!.problems.map((p) => [p.path.join('.'), p.outcome]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['profiles.0', 'dropped'],
        ['profiles.1.fields.1', 'dropped'],
        ['profiles.1.fields.2', 'dropped'],
        ['prices.gpt-x', 'dropped'],
        ['capture.display', 'default'],
      ]),
    );
    expect(paths).toHaveLength(5);
  });

  it('never relaxes privacy: a part of it unreadable turns local-only on', () => {
    for (const privacy of [
      { localOnly: 'no' },
      { localOnly: false, excludedWindows: 'my bank' },
      { localOnly: false, redact: { enabled: 'yes' } },
      'off',
    ]) {
      const { settings, report } = repairSettings(file({ privacy }));
      expect(settings.privacy.localOnly).toBe(true);
      expect(report!.privacyStrict).toBe(true);
      expect(settings.profiles).toHaveLength(2);
      expect(describeSettingsReport(report!)).toMatch(
        /local-only is on: nothing is sent to a cloud provider/,
      );
    }
    // A valid privacy is kept as it is, strict or not.
    expect(
      repairSettings(file({ locale: 'fr', privacy: { localOnly: false } })).settings.privacy.localOnly,
    ).toBe(false);
  });

  it('where images go cannot be guessed: a bad provider or base URL means the offline engine', () => {
    for (const provider of [{ id: 'opneai' }, { id: 'openai', baseUrl: 'not a url' }]) {
      const { settings, report } = repairSettings(file({ provider }));
      expect(settings.provider).toEqual(DEFAULT_SETTINGS.provider);
      expect(report!.providerReset).toBe(true);
    }
    // A bad model only loses the model.
    const { settings } = repairSettings(file({ provider: { id: 'openai', model: 42 } }));
    expect(settings.provider).toMatchObject({ id: 'openai', detail: 'auto' });
  });
});

describe('settings.json on disk', () => {
  let dir: string;
  let settingsFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-settings-'));
    settingsFile = path.join(dir, 'settings.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the original aside once, and writes the repaired settings on the next change', async () => {
    const text = JSON.stringify(file({ profiles: [profile('a', 'Invoices', [field('total', 'nmber')])] }));
    await writeFile(settingsFile, text);
    const first = readSettings(settingsFile, silentLogger);
    const second = readSettings(settingsFile, silentLogger);
    const copies = readdirSync(dir).filter((n) => n.startsWith('settings.json.broken-'));
    expect(copies).toHaveLength(1);
    expect(first.report!.copy).toBe(path.join(dir, copies[0]!));
    expect(second.report!.copy).toBe(first.report!.copy);
    expect(readFileSync(first.report!.copy!, 'utf8')).toBe(text);
    // Reading changes nothing; the next change writes what was read, repaired.
    expect(readFileSync(settingsFile, 'utf8')).toBe(text);
    const saved = await updateSettings(settingsFile, silentLogger, (s) => ({ ...s, locale: 'en' }));
    expect(saved.report!.problems).toHaveLength(1);
    const written = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(written).toMatchObject({ locale: 'en', privacy: { localOnly: true } });
    expect(written.profiles[0].fields[0].type).toBe('text');
    expect(readSettings(settingsFile, silentLogger).report).toBeNull();
  });

  it('a file that is not JSON: defaults, but local-only', async () => {
    await writeFile(settingsFile, '{"privacy": {"localOnly": false}, ');
    const { settings, report } = readSettings(settingsFile, silentLogger);
    expect(settings.privacy.localOnly).toBe(true);
    expect(settings.profiles).toEqual([]);
    expect(report).toMatchObject({
      privacyStrict: true,
      unreadable: expect.stringMatching(/not valid JSON/),
    });
    expect(readFileSync(report!.copy!, 'utf8')).toBe('{"privacy": {"localOnly": false}, ');
  });

  it('a change that throws saves nothing', async () => {
    await updateSettings(settingsFile, silentLogger, (s) => ({ ...s, locale: 'es' }));
    await expect(
      updateSettings(settingsFile, silentLogger, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(readSettings(settingsFile, silentLogger).settings.locale).toBe('es');
    // The lock was let go: the next change goes through at once.
    await updateSettings(settingsFile, silentLogger, (s) => ({ ...s, locale: 'en' }));
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});

describe('merging a change into what the file holds now', () => {
  const base = Settings.parse(file());

  it('applies only what the caller changed; what another process changed stays', () => {
    const mine = { ...base, auto: { ...base.auto, enabled: true }, activeProfileId: 'b' };
    const theirs = Settings.parse(
      file({
        profiles: [...base.profiles, profile('c', 'Added elsewhere')],
        auto: { intervalSeconds: 9 },
        locale: 'en',
      }),
    );
    const merged = mergeSettingsChange(base, mine, theirs);
    expect(merged.profiles.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(merged.auto).toMatchObject({ enabled: true, intervalSeconds: 9 });
    expect(merged).toMatchObject({ activeProfileId: 'b', locale: 'en' });
  });

  it('profiles merge by id: mine added, changed or removed; theirs kept', () => {
    const mine = {
      ...base,
      profiles: [
        { ...base.profiles[0]!, name: 'Bills' },
        Settings.shape.profiles.parse([profile('d', 'Mine')])[0]!,
      ],
    };
    const theirs = {
      ...base,
      profiles: [...base.profiles, ...Settings.shape.profiles.parse([profile('c', 'Theirs')])],
    };
    const merged = mergeSettingsChange(base, mine, theirs);
    expect(merged.profiles.map((p) => p.name)).toEqual(['Bills', 'Theirs', 'Mine']);
  });
});
