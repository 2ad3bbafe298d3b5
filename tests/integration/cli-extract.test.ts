import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult, type Result } from '../../src/shared/result.ts';
import { EXPORT_FILE } from '../../src/core/store/export.ts';
import { REPO, runCli, tempHome } from '../helpers/cli.ts';
import { renderDocument } from '../helpers/documents.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function resultFiles(home: string): Promise<string[]> {
  const entries = await readdir(path.join(home, 'results'), { recursive: true });
  return entries.filter((e) => e.endsWith('.json')).map((e) => path.join(home, 'results', e));
}

// The promise, end to end through the real command: an image in, fields out, a result file
// and an image copy on disk, then history, show and export over them.
describe('extracto extract on a generated invoice (offline engine)', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let invoice: Awaited<ReturnType<typeof renderDocument>>;
  let first: Result;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    invoice = await renderDocument({ kind: 'invoice', seed: 7 });
    await writeFile(path.join(home, 'invoice.png'), invoice.png);
  });
  afterAll(() => cleanup());

  it('prints the fields and stores the result with a copy of the image', async () => {
    const run = await runCli(
      ['extract', 'invoice.png', '--fields', 'invoice number, date:date, total:number'],
      { home },
    );
    expect(run.stderr).toMatch(/^Saved as \d{8}T\d{6}-\d{3}Z-[a-z0-9]{4} \(\d+ ms\)\.\n$/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      invoice_number: invoice.truth.invoice_number,
      date: invoice.truth.date,
      total: invoice.truth.total,
    });
    const files = await resultFiles(home);
    expect(files).toHaveLength(1);
    first = parseResult(JSON.parse(readFileSync(files[0]!, 'utf8')));
    expect(files[0]).toContain(
      path.join('results', first.id.slice(0, 4), first.id.slice(4, 6), `${first.id}.json`),
    );
    expect(first).toMatchObject({
      status: 'ok',
      provider: 'local',
      source: { kind: 'file', path: path.join(home, 'invoice.png') },
      image: { width: invoice.width, height: invoice.height, sha256: sha256(invoice.png) },
    });
    // Stored relative to the data home, so the folder can move; read through the home.
    expect(first.image.path).toBe(`images/${first.id}.png`);
    expect(sha256(readFileSync(path.join(home, first.image.path)))).toBe(sha256(invoice.png));
    expect(first.sent).toBeUndefined(); // nothing left the machine
    const total = first.fieldMeta.total!;
    expect(total.confidence).toBeGreaterThan(0);
    expect(total.evidence!.x + total.evidence!.w).toBeLessThanOrEqual(invoice.width);
  });

  it('lists, finds, shows and exports it', async () => {
    const history = await runCli(['history', '--json'], { home });
    expect(history.code).toBe(0);
    expect(
      history.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([first.id]);

    const term = String(invoice.truth.invoice_number).slice(0, 5);
    const found = await runCli(['history', '--search', term], { home });
    expect(found.stdout).toContain(first.id);
    const none = await runCli(['history', '--search', 'zzqx "AND* ('], { home });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');

    const show = await runCli(['show', first.id], { home });
    // What is shown names the image where it is now: the relative path resolved in this home.
    expect(JSON.parse(show.stdout)).toEqual({
      ...first,
      image: { ...first.image, path: path.join(home, first.image.path) },
    });

    const csv = await runCli(['export', '--format', 'csv', '--out', 'out.csv'], { home });
    expect(csv.stderr).toContain('Exported 1 result to');
    const [header, row, extra] = readFileSync(path.join(home, 'out.csv'), 'utf8').trim().split(/\r?\n/);
    expect(extra).toBeUndefined();
    expect(header).toContain('invoice_number');
    expect(row).toContain(String(invoice.truth.invoice_number));
    expect(row).toContain(first.id);

    // Without --out: named as the app names its exports, and never over an earlier one.
    const written: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['export', '--format', 'json'], { home });
      written.push(/Exported 1 result to (.+)\.$/m.exec(run.stderr)![1]!);
    }
    expect(new Set(written).size).toBe(2);
    for (const file of written) {
      expect(path.dirname(file)).toBe(home);
      expect(path.basename(file)).toMatch(EXPORT_FILE);
    }

    const xlsx = await runCli(['export', '--format', 'xlsx', '--out', 'out.xlsx'], { home });
    expect(xlsx.stderr).toContain('Exported 1 result to');
    // A workbook is a zip: its first bytes say so.
    expect(readFileSync(path.join(home, 'out.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('prints one JSON result per line for a batch and keeps a failed one with its image', async () => {
    // A PNG cut short: its header reads fine, its pixels do not decode.
    await writeFile(path.join(home, 'broken.png'), invoice.png.subarray(0, 2000));
    const run = await runCli(['extract', 'invoice.png', 'broken.png', '--fields', 'total:number', '--json'], {
      home,
    });
    expect(run.code).toBe(1);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((l) => parseResult(JSON.parse(l)));
    expect(results.map((r) => r.status)).toEqual(['ok', 'failed']);
    const failed = results[1]!;
    expect(failed.error).toBe(
      'The offline engine could not read this image; it may be damaged or cut short.',
    );
    // With --json the failure is still one sentence on stderr, not only a field in the JSON.
    expect(run.stderr.trim().split('\n')).toEqual([
      `${path.join(home, 'broken.png')}: ${failed.error} The image was kept as result ${failed.id}.`,
    ]);
    expect(existsSync(failed.image.path)).toBe(true);
    expect(readFileSync(path.join(home, 'logs', 'extracto.log'), 'utf8')).toContain(
      `extraction ${failed.id} failed`,
    );
    const listed = await runCli(['history', '--status', 'failed', '--json'], { home });
    expect(JSON.parse(listed.stdout).id).toBe(failed.id);
  });

  it('asks what to extract on first run at a terminal and saves the answer as a profile', async () => {
    const fresh = await tempHome();
    try {
      await writeFile(path.join(fresh.home, 'invoice.png'), invoice.png);
      // `script` gives the command a real terminal, as a person would have; the answer is typed
      // once the question is on screen.
      const command = `${process.execPath} ${path.join(REPO, 'bin/extracto.js')} extract invoice.png`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: fresh.home,
        env: { ...process.env, EXTRACTO_HOME: fresh.home },
      });
      let screen = '';
      child.stdout.on('data', (d: Buffer) => {
        screen += d.toString();
        if (screen.includes('Fields: ') && !screen.includes('answered')) {
          screen += 'answered';
          child.stdin.write('invoice number, total:number\r');
        }
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(screen).toContain('What data do you want to extract');
      expect(screen).toContain('Saved as profile "Default"');
      expect(code).toBe(0);
      const settings = JSON.parse(readFileSync(path.join(fresh.home, 'settings.json'), 'utf8'));
      expect(settings.profiles).toHaveLength(1);
      expect(settings.profiles[0]).toMatchObject({
        name: 'Default',
        fields: [{ key: 'invoice_number' }, { key: 'total', type: 'number' }],
      });
      expect(settings.activeProfileId).toBe(settings.profiles[0].id);
    } finally {
      await fresh.cleanup();
    }
  });
});
