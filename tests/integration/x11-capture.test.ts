import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { captureScreen } from '../../src/core/capture/screen.ts';
import { openX11Screen, X11Unavailable } from '../../src/core/capture/x11/client.ts';
import { silentLogger } from '../../src/core/log.ts';
import { captureToImage } from '../../src/core/pipeline-ports.ts';
import { UserError } from '../../src/shared/errors.ts';
import { cropRgb, importRgb, paintNoise, rgb } from '../helpers/screen-pixels.ts';
import { hasXvfb, paintRoot, startXvfb, type XServer } from '../helpers/xvfb.ts';

/** An Xauthority file with one FamilyWild MIT-MAGIC-COOKIE-1 record (any host, any display). */
function xauthority(file: string, cookie: Buffer): void {
  const field = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  const name = Buffer.from('MIT-MAGIC-COOKIE-1');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from([0xff, 0xff]),
      field(Buffer.alloc(0)),
      field(Buffer.alloc(0)),
      field(name),
      field(cookie),
    ]),
  );
}

describe.skipIf(!hasXvfb)('screen capture straight from the X server (GetImage over its socket)', () => {
  const saved = { DISPLAY: process.env.DISPLAY, XAUTHORITY: process.env.XAUTHORITY };
  const servers: XServer[] = [];
  let dir = '';

  const use = (env: Partial<typeof saved>) => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'extracto-x11-'));
  });

  afterAll(() => {
    use(saved);
    for (const x of servers) x.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the same pixels as ImageMagick import, whole screen and regions', async () => {
    const x = await startXvfb('1920x1080x24');
    servers.push(x);
    use({ DISPLAY: x.display });
    await paintNoise(x.display, dir, 1920, 1080);
    const reference = await importRgb(x.display);

    const whole = await captureScreen();
    expect(whole.fallback).toBeUndefined();
    expect(whole.image.kind).toBe('raw');
    const got = await rgb(whole);
    expect([got.width, got.height]).toEqual([1920, 1080]);
    expect(got.data.equals(reference.data)).toBe(true);

    for (const region of [
      { x: 0, y: 0, width: 1, height: 1 },
      { x: 333, y: 77, width: 641, height: 479 },
      { x: 1919, y: 1079, width: 1, height: 1 },
      { x: 0, y: 1000, width: 1920, height: 80 },
    ]) {
      const shot = await captureScreen({ region });
      expect(shot.image.kind).toBe('raw');
      expect(shot.region).toEqual(region);
      const part = await rgb(shot);
      const want = cropRgb(reference, region.x, region.y, region.width, region.height);
      expect([part.width, part.height]).toEqual([region.width, region.height]);
      expect(part.data.equals(want.data)).toBe(true);
    }
  });

  it('hands the raw pixels on to be prepared, and keeps the capture as PNG or JPEG', async () => {
    const region = { x: 40, y: 30, width: 320, height: 200 };
    const want = cropRgb(
      await importRgb(process.env.DISPLAY!),
      region.x,
      region.y,
      region.width,
      region.height,
    );
    const png = await captureToImage({ region }, 'png', silentLogger);
    expect(png.input).toMatchObject({ kind: 'raw', width: 320, height: 200 });
    expect(png.source).toEqual({ kind: 'screen', display: 'default', region });
    expect(png.stored.ext).toBe('png');
    const kept = await sharp(png.stored.data).raw().toBuffer({ resolveWithObject: true });
    expect([kept.info.width, kept.info.height, kept.info.channels]).toEqual([320, 200, 3]);
    expect(kept.data.equals(want.data)).toBe(true);
    const jpeg = await captureToImage({ region }, 'jpeg', silentLogger);
    expect(jpeg.stored.ext).toBe('jpg');
    expect((await sharp(jpeg.stored.data).metadata()).format).toBe('jpeg');
  });

  it('reads the screen DISPLAY names (:N.1) on a server with two', async () => {
    const x = await startXvfb('640x480x24', ['-screen', '1', '800x600x24']);
    servers.push(x);
    use({ DISPLAY: `${x.display}.1` });
    await paintNoise(`${x.display}.1`, dir, 800, 600);
    const shot = await captureScreen();
    expect(shot.fallback).toBeUndefined();
    expect([shot.width, shot.height]).toEqual([800, 600]);
    expect((await rgb(shot)).data.equals((await importRgb(`${x.display}.1`)).data)).toBe(true);
  });

  it('falls back to import where it cannot read the pixels as they are (a 16-bit screen)', async () => {
    const x = await startXvfb('640x480x16');
    servers.push(x);
    use({ DISPLAY: x.display });
    await paintNoise(x.display, dir, 640, 480);
    await expect(openX11Screen()).rejects.toThrow(X11Unavailable);
    const shot = await captureScreen({ region: { x: 10, y: 20, width: 100, height: 50 } });
    expect(shot.fallback).toBe('root window is 16-bit (16 bits a pixel), not BGRX');
    expect(shot.image.kind).toBe('encoded');
    const want = cropRgb(await importRgb(x.display), 10, 20, 100, 50);
    expect((await rgb(shot)).data.equals(want.data)).toBe(true);
  });

  it('sends the Xauthority cookie a server started with -auth asks for, and is refused without it', async () => {
    const cookie = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const good = path.join(dir, 'good.xauth');
    const bad = path.join(dir, 'bad.xauth');
    xauthority(good, cookie);
    xauthority(bad, Buffer.alloc(16, 1));
    use({ XAUTHORITY: good });
    const x = await startXvfb('800x600x24', ['-auth', good]);
    servers.push(x);
    use({ DISPLAY: x.display });
    // startXvfb's xdpyinfo got in with XAUTHORITY: Xlib reads the file as we do.
    const solid = path.join(dir, 'solid.png');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } })
      .png()
      .toFile(solid);
    paintRoot(x.display, solid);
    const shot = await captureScreen();
    expect(shot.fallback).toBeUndefined();
    expect((await rgb(shot)).data.subarray(0, 3)).toEqual(Buffer.from([0x33, 0x66, 0x99]));

    use({ XAUTHORITY: bad });
    await expect(openX11Screen()).rejects.toThrow(/^X server refused the connection: /);
    use({ XAUTHORITY: path.join(dir, 'none') });
    await expect(openX11Screen()).rejects.toThrow(/^X server refused the connection: /);
  });

  it('gives up on a server that never answers, or hangs up, so the fallback gets its turn', async () => {
    // A socket of our own where X servers listen, under a display number nothing else uses.
    let n = 4000 + (process.pid % 1000);
    while (existsSync(`/tmp/.X11-unix/X${n}`)) n++;
    const socketPath = `/tmp/.X11-unix/X${n}`;
    let hangUp = false;
    const server = createServer((socket) => {
      if (hangUp) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      use({ DISPLAY: `:${n}` });
      const started = performance.now();
      await expect(openX11Screen()).rejects.toThrow('X server did not answer in time');
      expect(performance.now() - started).toBeLessThan(4000);
      hangUp = true;
      await expect(openX11Screen()).rejects.toThrow(X11Unavailable);
    } finally {
      server.close();
    }
  });

  it('gives up on a display with no socket, and the capture says there is no screen', async () => {
    use({ DISPLAY: ':4077', XAUTHORITY: saved.XAUTHORITY });
    await expect(openX11Screen()).rejects.toThrow('no X socket at /tmp/.X11-unix/X4077');
    const error = await captureScreen().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^No screen to capture: /);
  });
});
