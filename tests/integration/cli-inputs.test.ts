import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult, type Result } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';

const blank = (background: string) =>
  sharp({ create: { width: 120, height: 60, channels: 3, background } })
    .png()
    .toBuffer();

const results = (stdout: string): Result[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => parseResult(JSON.parse(l)));

describe('extracto extract on a folder', () => {
  let home: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    for (const [file, colour] of [
      ['scans/page10.png', '#eee'],
      ['scans/page2.png', '#ddd'],
      ['scans/.thumbs/page2.png', '#ccc'],
      ['scans/later/page1.png', '#bbb'],
    ] as const) {
      await mkdir(path.dirname(path.join(home, file)), { recursive: true });
      await writeFile(path.join(home, file), await blank(colour));
    }
    await writeFile(path.join(home, 'scans', 'notes.txt'), 'not an image');
    await mkdir(path.join(home, 'nothing'));
  });
  afterAll(() => cleanup());

  it('reads each image in it in name order, as a batch, and its subfolders with --recursive', async () => {
    const flat = await runCli(['extract', 'scans', '--fields', 'total:number', '--json'], { home });
    expect(flat.code).toBe(0);
    expect(results(flat.stdout).map((r) => r.source)).toEqual([
      { kind: 'file', path: path.join(home, 'scans', 'page2.png') },
      { kind: 'file', path: path.join(home, 'scans', 'page10.png') },
    ]);

    const deep = await runCli(['extract', 'scans', '--recursive', '--fields', 'total:number'], { home });
    expect(deep.code).toBe(0);
    // Batch lines (label, status, fields) and the summary: the hidden folder and the text file are
    // not read.
    expect(
      deep.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['later/page1.png', 'page2.png', 'page10.png'].map((f) => path.join(home, 'scans', f)));
    expect(deep.stderr).toBe('3 of 3 extracted; 0 failed.\n');
  });

  it('says in one sentence that a folder has nothing to read (exit 2)', async () => {
    const run = await runCli(['extract', 'nothing', '--fields', 'total'], { home });
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `There is no image or PDF in ${path.join(home, 'nothing')} (PNG, JPEG, WebP, TIFF, GIF, AVIF or PDF; hidden files are skipped).\n`,
    });
  });
});
