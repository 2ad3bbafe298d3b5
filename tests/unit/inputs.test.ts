import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputs } from '../../src/core/inputs.ts';
import { UserError } from '../../src/shared/errors.ts';
import { IMAGE_EXTENSIONS, inputExtension } from '../../src/shared/input-files.ts';

describe('the files a folder given to extract reads', () => {
  let root: string;
  const at = (...parts: string[]) => path.join(root, ...parts);
  const rel = (files: string[]) => files.map((f) => path.relative(root, f));

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'extracto-inputs-'));
    const files = [
      'scans/page10.png',
      'scans/page2.JPG',
      'scans/Page1.webp',
      'scans/invoice.pdf',
      'scans/notes.txt',
      'scans/logo.svg',
      'scans/.hidden.png',
      'scans/.cache/thumb.png',
      'scans/b-sub/inner.tiff',
      'scans/a-sub/deeper/deep.gif',
      'home/images/kept.png',
      'empty/readme.md',
      'nested-only/sub/one.png',
    ];
    for (const file of files) {
      await mkdir(path.dirname(at(file)), { recursive: true });
      await writeFile(at(file), 'x');
    }
    // A data home inside the folder: its stored captures are not inputs.
    await symlink(at('home'), at('scans', 'extracto-home'));
    // A link back up the tree, and a link to a file that is gone.
    await symlink(at('scans'), at('scans', 'b-sub', 'up'));
    await symlink('gone.png', at('scans', 'dangling.png'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists images and PDFs in name order (page2 before page10), hidden ones left out', async () => {
    const { files, fromFolder } = await listInputs([at('scans')], { recursive: false, skip: [] });
    expect(rel(files)).toEqual([
      'scans/dangling.png',
      'scans/invoice.pdf',
      'scans/Page1.webp',
      'scans/page2.JPG',
      'scans/page10.png',
    ]);
    expect(fromFolder).toBe(true);
  });

  it('descends with --recursive, each subfolder in its place, never into the data home or a loop', async () => {
    const { files } = await listInputs([at('scans')], { recursive: true, skip: [at('home')] });
    expect(rel(files)).toEqual([
      'scans/a-sub/deeper/deep.gif',
      'scans/b-sub/inner.tiff',
      'scans/dangling.png',
      'scans/invoice.pdf',
      'scans/Page1.webp',
      'scans/page2.JPG',
      'scans/page10.png',
    ]);
  });

  it('keeps files named one by one as they are, in the order given, for readImage to check', async () => {
    const named = [at('scans', 'notes.txt'), at('missing.png'), at('scans', 'page2.JPG')];
    expect(await listInputs(named, { recursive: false, skip: [] })).toEqual({
      files: named,
      fromFolder: false,
    });
  });

  it('says when a folder holds nothing to read, and when only its subfolders do', async () => {
    const said = async (folder: string, recursive = false) => {
      const error = await listInputs([folder], { recursive, skip: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      return { kind: (error as UserError).kind, message: (error as UserError).message };
    };
    expect(await said(at('empty'))).toEqual({
      kind: 'usage',
      message: `There is no image or PDF in ${at('empty')} (PNG, JPEG, WebP, TIFF, GIF, AVIF or PDF; hidden files are skipped).`,
    });
    expect((await said(at('nested-only'))).message).toBe(
      `There is no image or PDF in ${at('nested-only')} itself; add --recursive to read its subfolders too.`,
    );
    expect((await said(at('empty'), true)).message).toMatch(/^There is no image or PDF in /);
    const found = await listInputs([at('nested-only')], { recursive: true, skip: [] });
    expect(rel(found.files)).toEqual(['nested-only/sub/one.png']);
  });

  it('lists only extensions sharp decodes from bytes, and PDFs', () => {
    const decoded = Object.values(sharp.format)
      .filter((f) => f.input.buffer)
      .flatMap((f) => ('fileSuffix' in f.input ? (f.input.fileSuffix ?? []) : []));
    for (const ext of IMAGE_EXTENSIONS) expect(decoded, ext).toContain(ext);
    expect(inputExtension('Scan.PDF')).toBe('.pdf');
    expect(inputExtension('notes.txt')).toBeUndefined();
    expect(inputExtension('.png')).toBeUndefined();
  });
});
