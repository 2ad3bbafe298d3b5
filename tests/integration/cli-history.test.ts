import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.ts';
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
  });
});
