import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { parseFieldSpec } from '../../src/shared/field.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { storedResult } from '../helpers/stored-result.ts';
import { runStoreChild } from '../helpers/store-procs.ts';

describe('extracto history --limit', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  const COUNT = 1_250;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    const wrote = await runStoreChild(['write', home, String(COUNT)]);
    expect(wrote.code).toBe(0);
  }, 120_000);
  afterAll(() => cleanup());

  it('lists as many as asked, past one page of the index, newest first and each once', async () => {
    const some = await runCli(['history', '--json', '--limit', '1100'], { home });
    const ids = some.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(1100);
    expect(new Set(ids).size).toBe(1100);
    expect([...ids].sort().reverse()).toEqual(ids);

    const all = await runCli(['history', '--json', '--limit', '50000'], { home });
    expect(all.stdout.trim().split('\n')).toHaveLength(COUNT);

    // In another order the pages follow one another by offset: oldest first, each once.
    const oldest = await runCli(['history', '--json', '--limit', '1100', '--sort', 'time'], { home });
    const sorted = oldest.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(sorted).toHaveLength(1100);
    expect(new Set(sorted).size).toBe(1100);
    expect([...sorted].sort()).toEqual(sorted);
    const newestFirst = all.stdout.trim().split('\n');
    expect(sorted[0]).toBe((JSON.parse(newestFirst.at(-1)!) as { id: string }).id);
  });
});

describe('extracto export and history --sort', () => {
  let home: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    const app = await AppService.open({ home, env: {} });
    const profile = await app.saveProfile(
      { name: 'Receipts', fields: parseFieldSpec('Company, Total:number') },
      { activate: true },
    );
    // Saved oldest first; the totals in another order, one of them missing.
    const rows: Array<[string, string, number | null]> = [
      ['2026-11-01T10:00:00Z', 'Zeta Books', 12.5],
      ['2026-11-02T10:00:00Z', 'alpha cafe', 100],
      ['2026-11-03T10:00:00Z', 'Mercado', null],
      ['2026-11-04T10:00:00Z', 'Bravo Tools', 9.99],
    ];
    for (const [at, company, total] of rows)
      await app.store.save(storedResult(at, profile, { company, total }));
    await app.close();
  });
  afterAll(() => cleanup());

  const exported = async (...sort: string[]) => {
    const run = await runCli(['export', '--format', 'jsonl', '--out', 'sorted.jsonl', ...sort], { home });
    expect(run.stderr).toContain('Exported 4 results');
    const lines = (await readFile(path.join(home, 'sorted.jsonl'), 'utf8')).trim().split('\n');
    return lines.map((l) => (JSON.parse(l) as { fields: { company: string } }).fields.company);
  };

  it('writes the rows in the order asked: a field as numbers (empty last) or text, the time, up or down', async () => {
    expect(await exported()).toEqual(['Bravo Tools', 'Mercado', 'alpha cafe', 'Zeta Books']);
    expect(await exported('--sort', 'total')).toEqual(['Bravo Tools', 'Zeta Books', 'alpha cafe', 'Mercado']);
    expect(await exported('--sort', 'total', '--desc')).toEqual([
      'alpha cafe',
      'Zeta Books',
      'Bravo Tools',
      'Mercado',
    ]);
    // Text in alphabetical order, not by character code ("alpha" before "Bravo").
    expect(await exported('--sort', 'company')).toEqual([
      'alpha cafe',
      'Bravo Tools',
      'Mercado',
      'Zeta Books',
    ]);
    expect(await exported('--sort', 'time')).toEqual(['Zeta Books', 'alpha cafe', 'Mercado', 'Bravo Tools']);
  });

  it('lists in the order asked too, as many as --limit', async () => {
    const listed = async (...args: string[]) => {
      const run = await runCli(['history', '--json', ...args], { home });
      expect(run.code).toBe(0);
      return run.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { fields: { company: string } }).fields.company);
    };
    expect(await listed('--sort', 'total', '--desc')).toEqual([
      'alpha cafe',
      'Zeta Books',
      'Bravo Tools',
      'Mercado',
    ]);
    expect(await listed('--sort', 'company', '--limit', '2')).toEqual(['alpha cafe', 'Bravo Tools']);
    expect(await listed('--limit', '2')).toEqual(['Bravo Tools', 'Mercado']);
  });

  it('refuses a key that is no field, naming the ones there are', async () => {
    const run = await runCli(['export', '--format', 'csv', '--sort', 'amount'], { home });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'Cannot sort by "amount": use time, status or one of the fields (company, total).',
    );
  });
});
