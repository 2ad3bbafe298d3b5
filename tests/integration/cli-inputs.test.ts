import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult, type Result } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { hasXvfb, startXvfb, type XServer } from '../helpers/xvfb.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const hasXclip = spawnSync('xclip', ['-version']).error === undefined;

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

describe.skipIf(!hasXvfb || !hasXclip)('extracto extract --clipboard (X11, xclip)', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let x: XServer;
  let invoice: SyntheticDocument;
  let owner: ChildProcess | undefined;

  /** What the clipboard holds now: what `xclip -o -t TARGETS` lists (nothing when it is empty). */
  const targets = () =>
    spawnSync('xclip', ['-selection', 'clipboard', '-t', 'TARGETS', '-o'], {
      env: { ...process.env, DISPLAY: x.display },
      encoding: 'utf8',
    }).stdout;

  /** Puts bytes on the clipboard as a person's copy would: xclip owns it until it is stopped. */
  async function copy(data: Buffer, type: string): Promise<void> {
    release();
    owner = spawn('xclip', ['-selection', 'clipboard', '-t', type, '-i', '-quiet'], {
      env: { ...process.env, DISPLAY: x.display },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    owner.stdin!.end(data);
    await expect.poll(targets, { timeout: 5_000 }).toContain(type);
  }

  function release(): void {
    owner?.kill();
    owner = undefined;
  }

  const extract = (env: NodeJS.ProcessEnv = {}) =>
    runCli(['extract', '--clipboard', '--fields', 'invoice number, total:number', '--json'], {
      home,
      env: { DISPLAY: x.display, WAYLAND_DISPLAY: '', ...env },
    });

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    x = await startXvfb('800x600x24');
    invoice = await renderDocument({ kind: 'invoice', seed: 11 });
  });
  afterAll(async () => {
    release();
    x.stop();
    await cleanup();
  });

  it('reads the image copied, keeps it as the result image and says it came from the clipboard', async () => {
    await copy(invoice.png, 'image/png');
    const run = await extract();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = results(run.stdout);
    expect(result).toMatchObject({
      status: 'ok',
      source: { kind: 'clipboard' },
      fields: { invoice_number: invoice.truth.invoice_number, total: invoice.truth.total },
      image: { width: invoice.width, height: invoice.height, sha256: sha256(invoice.png) },
    });
    // The JSON printed resolves the image's path in the data home; the file says the same.
    expect(sha256(readFileSync(result!.image.path))).toBe(sha256(invoice.png));
    const shown = await runCli(['show', result!.id], { home });
    expect(JSON.parse(shown.stdout).source).toEqual({ kind: 'clipboard' });
  });

  it('reads the clipboard and the files named together, the clipboard first', async () => {
    await copy(invoice.png, 'image/png');
    await writeFile(path.join(home, 'plain.png'), await blank('#fff'));
    const run = await runCli(['extract', 'plain.png', '--clipboard', '--fields', 'total:number'], {
      home,
      env: { DISPLAY: x.display, WAYLAND_DISPLAY: '' },
    });
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['clipboard', path.join(home, 'plain.png')]);
  });

  it('says there is no image when the clipboard holds text, or nothing (exit 2)', async () => {
    const noImage =
      'There is no image on the clipboard: copy one first (a screenshot, or Copy Image in a browser).\n';
    await copy(Buffer.from('INV-0042'), 'UTF8_STRING');
    expect(await extract()).toMatchObject({ code: 2, stdout: '', stderr: noImage });
    release();
    await expect.poll(targets, { timeout: 5_000 }).toBe('');
    expect(await extract()).toMatchObject({ code: 2, stderr: noImage });
  });

  it('names the tool to install when there is none, and says when there is no desktop', async () => {
    // PATH without xclip or wl-paste (the CLI itself is started by its full path).
    const bare = { PATH: path.join(home, 'no-tools') };
    expect(await extract(bare)).toMatchObject({
      code: 2,
      stderr: 'Reading the clipboard needs xclip, which is not installed here: install xclip.\n',
    });
    expect(await extract({ ...bare, WAYLAND_DISPLAY: 'wayland-0' })).toMatchObject({
      code: 2,
      stderr: 'Reading the clipboard needs wl-paste, which is not installed here: install wl-clipboard.\n',
    });
    const spanish = await extract({ DISPLAY: '', LANG: 'es_ES.UTF-8' });
    expect(spanish).toMatchObject({
      code: 2,
      stderr:
        'No se puede leer el portapapeles: no hay ninguna sesión de escritorio (ni DISPLAY ni WAYLAND_DISPLAY están definidas).\n',
    });
  });
});
