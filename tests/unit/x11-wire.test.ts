import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import { parseDisplay } from '../../src/core/capture/x11/display-name.ts';
import { parseXauthority, pickCookie } from '../../src/core/capture/x11/xauth.ts';
import { SocketReader } from '../../src/core/capture/x11/reader.ts';
import { bgrxToRgbx } from '../../src/core/capture/x11/pixels.ts';
import {
  encodeGetImage,
  encodeSetup,
  isBgrx,
  parseHead,
  parseSetup,
  setupReplyLength,
} from '../../src/core/capture/x11/wire.ts';

describe('DISPLAY', () => {
  it('takes a local server, its number and screen', () => {
    expect(parseDisplay(':0')).toEqual({
      number: 0,
      screen: 0,
      sockets: ['/tmp/.X11-unix/X0', '\0/tmp/.X11-unix/X0'],
    });
    expect(parseDisplay(':12.1')).toMatchObject({ number: 12, screen: 1 });
    expect(parseDisplay('unix:3')).toMatchObject({ number: 3, screen: 0 });
    expect(parseDisplay('unix/:4.2')).toMatchObject({ number: 4, screen: 2 });
  });

  it('leaves remote, DECnet and malformed displays to the external tools', () => {
    for (const d of [
      undefined,
      '',
      'localhost:0',
      '10.0.0.2:1.0',
      'tcp/:0',
      'host::0',
      ':x',
      '0',
      ':1.',
      'wayland-0',
    ])
      expect(parseDisplay(d)).toBeUndefined();
  });
});

/** One Xauthority record as xauth writes it: big-endian lengths before each field. */
function record(family: number, address: string, number: string, name: string, data: Buffer): Buffer {
  const field = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  return Buffer.concat([
    Buffer.from([family >> 8, family & 0xff]),
    field(Buffer.from(address)),
    field(Buffer.from(number)),
    field(Buffer.from(name)),
    field(data),
  ]);
}

describe('Xauthority', () => {
  const cookie = (n: number) => Buffer.alloc(16, n);

  it('reads records and picks the cookie Xlib would send over the unix socket', () => {
    const file = Buffer.concat([
      record(0, '\x0a\x00\x00\x02', '0', 'MIT-MAGIC-COOKIE-1', cookie(1)), // TCP 10.0.0.2: not ours
      record(256, 'otherhost', '0', 'MIT-MAGIC-COOKIE-1', cookie(2)),
      record(256, 'myhost', '1', 'MIT-MAGIC-COOKIE-1', cookie(3)),
      record(256, 'myhost', '0', 'XDM-AUTHORIZATION-1', cookie(4)),
      record(256, 'myhost', '0', 'MIT-MAGIC-COOKIE-1', cookie(5)),
      record(65535, '', '7', 'MIT-MAGIC-COOKIE-1', cookie(6)),
    ]);
    const entries = parseXauthority(file);
    expect(entries).toHaveLength(6);
    expect(entries[1]).toEqual({
      family: 256,
      address: 'otherhost',
      number: '0',
      name: 'MIT-MAGIC-COOKIE-1',
      data: cookie(2),
    });
    expect(pickCookie(entries, 0, 'myhost')).toEqual(cookie(5));
    expect(pickCookie(entries, 1, 'myhost')).toEqual(cookie(3));
    expect(pickCookie(entries, 7, 'anyhost')).toEqual(cookie(6)); // FamilyWild
    expect(pickCookie(entries, 2, 'myhost')).toBeUndefined();
  });

  it('keeps the records before one cut short, and an empty display number matches any', () => {
    const whole = record(256, 'h', '', 'MIT-MAGIC-COOKIE-1', cookie(9));
    const cut = record(256, 'h', '0', 'MIT-MAGIC-COOKIE-1', cookie(8)).subarray(0, 20);
    const entries = parseXauthority(Buffer.concat([whole, cut]));
    expect(entries).toHaveLength(1);
    expect(pickCookie(entries, 5, 'h')).toEqual(cookie(9));
    expect(parseXauthority(Buffer.alloc(0))).toEqual([]);
  });
});

interface Visual {
  id: number;
  red: number;
  green: number;
  blue: number;
}

/** A setup reply (head, body) as an X server sends it, little-endian, for the fields we read. */
function setupReply(opts: {
  vendor?: string;
  formats: Array<[depth: number, bpp: number, pad: number]>;
  screens: Array<{
    root: number;
    width: number;
    height: number;
    depth: number;
    visual: number;
    depths: Array<[number, Visual[]]>;
  }>;
  byteOrder?: number;
}): [Buffer, Buffer] {
  const vendor = Buffer.from(opts.vendor ?? 'The X.Org Foundation');
  const parts: Buffer[] = [];
  const fixed = Buffer.alloc(32);
  fixed.writeUInt16LE(vendor.length, 16);
  fixed.writeUInt8(opts.screens.length, 20);
  fixed.writeUInt8(opts.formats.length, 21);
  fixed.writeUInt8(opts.byteOrder ?? 0, 22);
  parts.push(fixed, Buffer.concat([vendor, Buffer.alloc((4 - (vendor.length % 4)) % 4)]));
  for (const [depth, bpp, pad] of opts.formats) parts.push(Buffer.from([depth, bpp, pad, 0, 0, 0, 0, 0]));
  for (const s of opts.screens) {
    const head = Buffer.alloc(40);
    head.writeUInt32LE(s.root, 0);
    head.writeUInt16LE(s.width, 20);
    head.writeUInt16LE(s.height, 22);
    head.writeUInt32LE(s.visual, 32);
    head.writeUInt8(s.depth, 38);
    head.writeUInt8(s.depths.length, 39);
    parts.push(head);
    for (const [depth, visuals] of s.depths) {
      const d = Buffer.alloc(8);
      d.writeUInt8(depth, 0);
      d.writeUInt16LE(visuals.length, 2);
      parts.push(d);
      for (const v of visuals) {
        const b = Buffer.alloc(24);
        b.writeUInt32LE(v.id, 0);
        b.writeUInt8(4, 4); // TrueColor
        b.writeUInt32LE(v.red, 8);
        b.writeUInt32LE(v.green, 12);
        b.writeUInt32LE(v.blue, 16);
        parts.push(b);
      }
    }
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt8(1, 0);
  head.writeUInt16LE(11, 2);
  head.writeUInt16LE(body.length / 4, 6);
  return [head, body];
}

const TRUE_COLOR = { red: 0xff0000, green: 0xff00, blue: 0xff };

describe('X11 wire', () => {
  it('encodes the setup request with the cookie, padded to 4 bytes', () => {
    const out = encodeSetup({ name: 'MIT-MAGIC-COOKIE-1', data: Buffer.alloc(16, 7) });
    expect(out.length).toBe(12 + 20 + 16);
    expect([out[0], out.readUInt16LE(2), out.readUInt16LE(6), out.readUInt16LE(8)]).toEqual([
      0x6c, 11, 18, 16,
    ]);
    expect(out.toString('latin1', 12, 30)).toBe('MIT-MAGIC-COOKIE-1');
    expect(out.subarray(32)).toEqual(Buffer.alloc(16, 7));
    expect(encodeSetup().length).toBe(12);
  });

  it('reads the asked screen of a setup reply: root, size, pixel format, visual masks', () => {
    const [head, body] = setupReply({
      vendor: 'odd',
      formats: [
        [1, 1, 32],
        [16, 16, 32],
        [24, 32, 32],
      ],
      screens: [
        {
          root: 0x100,
          width: 800,
          height: 600,
          depth: 16,
          visual: 0x21,
          depths: [[16, [{ id: 0x21, red: 0xf800, green: 0x7e0, blue: 0x1f }]]],
        },
        {
          root: 0x200,
          width: 3840,
          height: 2160,
          depth: 24,
          visual: 0x42,
          depths: [
            [1, []],
            [
              24,
              [
                { id: 0x41, red: 0xff, green: 0xff00, blue: 0xff0000 },
                { id: 0x42, ...TRUE_COLOR },
              ],
            ],
          ],
        },
      ],
    });
    expect(setupReplyLength(head)).toBe(body.length);
    const second = parseSetup(head, body, 1);
    expect(second).toEqual({
      root: 0x200,
      width: 3840,
      height: 2160,
      depth: 24,
      bitsPerPixel: 32,
      scanlinePad: 32,
      imageByteOrder: 0,
      ...TRUE_COLOR,
    });
    expect(isBgrx(second)).toBe(true);
    const first = parseSetup(head, body, 0);
    expect(first).toMatchObject({ root: 0x100, depth: 16, bitsPerPixel: 16 });
    expect(isBgrx(first)).toBe(false);
    expect(() => parseSetup(head, body, 2)).toThrow('X server has 2 screen(s), not screen 2');
  });

  it('turns down RGB-ordered visuals and big-endian servers', () => {
    const screen = (masks: Omit<Visual, 'id'>, byteOrder = 0) => {
      const [head, body] = setupReply({
        formats: [[24, 32, 32]],
        byteOrder,
        screens: [
          { root: 1, width: 10, height: 10, depth: 24, visual: 5, depths: [[24, [{ id: 5, ...masks }]]] },
        ],
      });
      return parseSetup(head, body, 0);
    };
    expect(isBgrx(screen(TRUE_COLOR))).toBe(true);
    expect(isBgrx(screen({ red: 0xff, green: 0xff00, blue: 0xff0000 }))).toBe(false);
    expect(isBgrx(screen(TRUE_COLOR, 1))).toBe(false);
  });

  it("gives a refusal with the server's reason", () => {
    const reason = Buffer.from('Authorization required, but no authorization protocol specified\n\0\0');
    const head = Buffer.from([0, reason.length - 2, 11, 0, 0, 0, reason.length / 4, 0]);
    expect(() => parseSetup(head, reason, 0)).toThrow(
      'X server refused the connection: Authorization required, but no authorization protocol specified',
    );
  });

  it('encodes GetImage and reads reply, error and event heads', () => {
    const req = encodeGetImage(0x2a, 1920, 5, 640, 480);
    expect(req.toString('hex')).toBe(
      '4902' + '0500' + '2a000000' + '8007' + '0500' + '8002' + 'e001' + 'ffffffff',
    );
    const reply = Buffer.alloc(32);
    reply.writeUInt8(1, 0);
    reply.writeUInt8(24, 1);
    reply.writeUInt16LE(3, 2);
    reply.writeUInt32LE(640 * 480, 4);
    expect(parseHead(reply)).toEqual({ kind: 'reply', sequence: 3, extra: 640 * 480 * 4 });
    const error = Buffer.alloc(32);
    error.writeUInt8(8, 1);
    error.writeUInt16LE(4, 2);
    error.writeUInt32LE(0x2a, 4);
    expect(parseHead(error)).toEqual({ kind: 'error', sequence: 4, code: 8, value: 0x2a });
    expect(parseHead(Buffer.alloc(32, 12))).toEqual({ kind: 'event' });
  });
});

describe('SocketReader', () => {
  it('fills exact lengths across and within chunks, into the given buffer', async () => {
    const stream = new PassThrough();
    const reader = new SocketReader(stream as unknown as Socket);
    const first = reader.read(3);
    stream.write(Buffer.from([1, 2]));
    stream.write(Buffer.from([3, 4, 5, 6, 7]));
    expect([...(await first)]).toEqual([1, 2, 3]);
    const into = new Uint8Array(new ArrayBuffer(4));
    const second = reader.read(into);
    stream.write(Buffer.from([8, 9]));
    expect(await second).toBe(into);
    expect([...into]).toEqual([4, 5, 6, 7]);
    expect([...(await reader.read(2))]).toEqual([8, 9]);
  });

  it('fails a read the connection closed under, after what was already received', async () => {
    const stream = new PassThrough();
    const reader = new SocketReader(stream as unknown as Socket);
    stream.write(Buffer.from([1, 2]));
    stream.emit('close');
    expect([...(await reader.read(1))]).toEqual([1]);
    await expect(reader.read(4)).rejects.toThrow('X server closed the connection');
  });
});

describe('BGRX -> RGBX', () => {
  it('swaps blue and red of every pixel in place, leaving green and the padding byte', () => {
    const data = new Uint8Array([10, 20, 30, 0, 255, 128, 1, 7, 0, 0, 255, 255]);
    expect(bgrxToRgbx(data.buffer)).toBe('rgba');
    expect([...data]).toEqual([30, 20, 10, 0, 1, 128, 255, 7, 255, 0, 0, 255]);
  });
});
