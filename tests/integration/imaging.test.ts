import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { UserError } from '../../src/shared/errors.ts';
import { imageInfo, keepCapturedFrame, prepareImage } from '../../src/core/imaging/prepare.ts';
import { closeImagingPool } from '../../src/core/imaging/pool.ts';

afterAll(() => closeImagingPool());

/** A frame with distinct colours in known places (text-like stripes and a red block). */
function rgbaFrame(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const red = x < width / 4 && y < height / 4;
      px[i] = red ? 220 : (x * 7) & 255;
      px[i + 1] = red ? 20 : (y * 3) & 255;
      px[i + 2] = red ? 40 : ((x ^ y) & 16) * 8;
      px[i + 3] = 255;
    }
  }
  return px;
}

function toBgra(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba);
  for (let i = 0; i < out.length; i += 4) {
    out[i] = rgba[i + 2]!;
    out[i + 2] = rgba[i]!;
  }
  return out;
}

const pixels = async (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });

describe('prepareImage', () => {
  it('resizes raw frames to the table size, keeps the aspect ratio, hashes the PNG', async () => {
    const rgba = rgbaFrame(1920, 1080);
    const out = await prepareImage(
      {
        kind: 'raw',
        data: rgba.buffer as ArrayBuffer,
        width: 1920,
        height: 1080,
        channels: 4,
        order: 'rgba',
      },
      { provider: 'openai', model: 'gpt-4o', detail: 'high' },
    );
    expect(out).toMatchObject({
      width: 1365,
      height: 768,
      sourceWidth: 1920,
      sourceHeight: 1080,
      mediaType: 'image/png',
      detail: 'high',
      estimatedTokens: 1105,
    });
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1365, 768]);
    expect(out.sha256).toBe(createHash('sha256').update(out.data).digest('hex'));
  });

  it('transfers the raw buffer to the worker: the caller is left with a detached, empty buffer', async () => {
    const data = rgbaFrame(640, 360).buffer as ArrayBuffer;
    expect(data.byteLength).toBe(640 * 360 * 4);
    const pending = prepareImage(
      { kind: 'raw', data, width: 640, height: 360, channels: 4, order: 'rgba' },
      { provider: 'anthropic', model: 'claude-sonnet-4-6', detail: 'high' },
    );
    // Detached synchronously by postMessage: the 33 MB of a 4K frame are moved, never copied.
    expect(data.byteLength).toBe(0);
    expect(data.detached).toBe(true);
    const out = await pending;
    expect([out.width, out.height]).toEqual([640, 360]);
  });

  it('BGRA input gives exactly the pixels of the same frame as RGBA', async () => {
    const rgba = rgbaFrame(800, 600);
    const bgra = toBgra(rgba);
    const request = { provider: 'openai', model: 'gpt-5.4', detail: 'low' } as const;
    const [a, b] = await Promise.all([
      prepareImage(
        { kind: 'raw', data: rgba.slice().buffer, width: 800, height: 600, channels: 4, order: 'rgba' },
        request,
      ),
      prepareImage(
        {
          kind: 'raw',
          data: bgra.buffer as ArrayBuffer,
          width: 800,
          height: 600,
          channels: 4,
          order: 'bgra',
        },
        request,
      ),
    ]);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(a.sha256).toBe(b.sha256);
    // And the red block is red, not blue: the channels really were swapped.
    const { data, info } = await pixels(b.data);
    expect(Array.from(data.subarray(0, 3))).toEqual([220, 20, 40]);
    expect(info.channels).toBe(3);
  });

  it('never upscales and never squashes', async () => {
    const small = await sharp({ create: { width: 300, height: 90, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const out = await prepareImage(
      { kind: 'encoded', data: small },
      { provider: 'openai', model: 'gpt-5.4', detail: 'high' },
    );
    expect([out.width, out.height]).toEqual([300, 90]);
    const tall = await sharp({ create: { width: 1000, height: 7000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const t = await prepareImage(
      { kind: 'encoded', data: tall },
      { provider: 'anthropic', model: 'claude-sonnet-4-6', detail: 'high' },
    );
    expect(t.height).toBeLessThanOrEqual(1568);
    expect(Math.abs(t.width - (t.height * 1000) / 7000)).toBeLessThanOrEqual(1);
    expect((await sharp(t.data).metadata()).height).toBe(t.height);
  });

  it('passes JPEG and PNG files through untouched for the local engine', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0ffee' } })
      .jpeg()
      .toBuffer();
    const out = await prepareImage(
      { kind: 'encoded', data: jpeg },
      { provider: 'local', model: 'tesseract', detail: 'auto' },
    );
    expect(out.mediaType).toBe('image/jpeg');
    expect(out.data.equals(jpeg)).toBe(true);
    expect([out.width, out.height, out.estimatedTokens]).toEqual([640, 480, 0]);
    // For a cloud model the same JPEG becomes a PNG at the table size.
    const cloud = await prepareImage(
      { kind: 'encoded', data: jpeg },
      { provider: 'openai', model: 'gpt-4o', detail: 'high' },
    );
    expect(cloud.mediaType).toBe('image/png');
    expect([cloud.width, cloud.height]).toEqual([640, 480]);
  });

  it('gives one sentence for bad input', async () => {
    const request = { provider: 'openai', model: 'gpt-4o', detail: 'high' } as const;
    await expect(prepareImage({ kind: 'encoded', data: Buffer.alloc(0) }, request)).rejects.toThrow(
      /empty \(0 bytes\)/,
    );
    await expect(
      prepareImage({ kind: 'encoded', data: Buffer.from('%PDF-1.7 not an image') }, request),
    ).rejects.toThrow(/not a PNG, JPEG, WebP, TIFF or GIF picture\.$/);
    await expect(
      prepareImage(
        { kind: 'raw', data: new ArrayBuffer(10), width: 4, height: 4, channels: 4, order: 'rgba' },
        request,
      ),
    ).rejects.toThrow(/has 10 bytes, but 4x4 with 4 channels needs 64/);
    await expect(
      prepareImage(
        { kind: 'raw', data: new ArrayBuffer(64), width: 4, height: 4, channels: 4, order: 'rgba' },
        { ...request, detail: 'original' },
      ),
    ).rejects.toBeInstanceOf(UserError);
  });

  it("an idle pool does not keep the process alive (workers are unref'd)", async () => {
    const prepare = fileURLToPath(new URL('../../src/core/imaging/prepare.ts', import.meta.url));
    // Prepares one image and never calls closeImagingPool(): the process must still exit by itself.
    const script = `
      import { prepareImage } from ${JSON.stringify(prepare)};
      const data = new ArrayBuffer(64 * 48 * 4);
      const out = await prepareImage({ kind: 'raw', data, width: 64, height: 48, channels: 4, order: 'bgra' },
        { provider: 'openai', model: 'gpt-4o', detail: 'low' });
      console.log(out.width + 'x' + out.height);`;
    // A file, not --input-type: workers inherit execArgv, and --input-type breaks their loading.
    const dir = mkdtempSync(path.join(tmpdir(), 'extracto-pool-'));
    const file = path.join(dir, 'idle.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, [file], {
      timeout: 15_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(stdout.trim()).toBe('64x48');
  });

  it('imageInfo reads the header only', async () => {
    const png = await sharp({ create: { width: 123, height: 45, channels: 4, background: '#000' } })
      .png()
      .toBuffer();
    expect(await imageInfo(png)).toEqual({ width: 123, height: 45, format: 'png' });
    await expect(imageInfo(Buffer.from('nope'))).rejects.toThrow(UserError);
    await expect(imageInfo(Buffer.alloc(0))).rejects.toThrow(/empty/);
  });
});

describe('keepCapturedFrame', () => {
  const frameOf = (rgba: Uint8Array, width: number, height: number) => ({
    kind: 'raw' as const,
    data: toBgra(rgba).buffer as ArrayBuffer,
    width,
    height,
    channels: 4 as const,
    order: 'bgra' as const,
  });

  it('keeps a BGRA capture as an RGB PNG and hands the same pixels back without a copy', async () => {
    const rgba = rgbaFrame(640, 360);
    const frame = frameOf(rgba, 640, 360);
    const sent = frame.data;
    const kept = await keepCapturedFrame(frame);
    expect(sent.byteLength).toBe(0);
    expect(kept.input).toMatchObject({ kind: 'raw', width: 640, height: 360, channels: 4, order: 'bgra' });
    expect(kept.input.data.byteLength).toBe(640 * 360 * 4);
    const { data, info } = await pixels(kept.stored.data);
    expect([info.width, info.height, info.channels]).toEqual([640, 360, 3]);
    // The red block in the top-left corner is red, not blue: the channels were swapped back.
    expect([...data.subarray(0, 3)]).toEqual([220, 20, 40]);
    // What comes back is still a frame prepareImage takes, with nothing decoded again.
    const out = await prepareImage(kept.input, { provider: 'openai', model: 'gpt-4o', detail: 'low' });
    expect([out.width, out.height]).toEqual([512, 288]);
  });

  it('crops to a region in the frame’s pixels', async () => {
    const rgba = rgbaFrame(400, 300);
    const kept = await keepCapturedFrame(frameOf(rgba, 400, 300), { x: 90, y: 60, width: 100, height: 50 });
    expect([kept.input.width, kept.input.height]).toEqual([100, 50]);
    expect(kept.input.data.byteLength).toBe(100 * 50 * 4);
    const { data, info } = await pixels(kept.stored.data);
    expect([info.width, info.height]).toEqual([100, 50]);
    // Pixel (0,0) of the crop is pixel (90,60) of the frame; (20,5) is outside the red block.
    const at = (x: number, y: number) => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    const src = (x: number, y: number) => [...rgba.subarray((y * 400 + x) * 4, (y * 400 + x) * 4 + 3)];
    expect(at(0, 0)).toEqual(src(90, 60));
    expect(at(20, 5)).toEqual(src(110, 65));
  });

  it('keeps a JPEG instead when asked (a third of the disk), the pixels handed back the same', async () => {
    const rgba = rgbaFrame(640, 360);
    const kept = await keepCapturedFrame(frameOf(rgba, 640, 360), undefined, 'jpeg');
    expect(kept.stored.ext).toBe('jpg');
    const meta = await sharp(kept.stored.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 360]);
    expect(kept.input.data.byteLength).toBe(640 * 360 * 4);
    const { data } = await pixels(kept.stored.data);
    // JPEG is lossy: the red block stays red within a few levels.
    const [r, g, b] = [...data.subarray(0, 3)];
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(45);
    expect(b).toBeLessThan(65);
  });

  it('refuses a region outside the frame with a sentence', async () => {
    await expect(
      keepCapturedFrame(frameOf(rgbaFrame(100, 100), 100, 100), { x: 50, y: 50, width: 80, height: 10 }),
    ).rejects.toThrow(/lies outside the 100x100 screen/);
  });
});
