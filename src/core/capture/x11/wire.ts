/**
 * The few X11 core-protocol messages a screen capture needs, little-endian on our side (the
 * server answers in the byte order the client names in its first byte).
 */

const pad4 = (n: number): number => (n + 3) & ~3;

/** The connection setup request, with the cookie when there is one. */
export function encodeSetup(auth?: { name: string; data: Buffer }): Buffer {
  const name = Buffer.from(auth?.name ?? '', 'latin1');
  const data = auth?.data ?? Buffer.alloc(0);
  const out = Buffer.alloc(12 + pad4(name.length) + pad4(data.length));
  out.writeUInt8(0x6c, 0); // 'l': LSB first
  out.writeUInt16LE(11, 2);
  out.writeUInt16LE(0, 4);
  out.writeUInt16LE(name.length, 6);
  out.writeUInt16LE(data.length, 8);
  name.copy(out, 12);
  data.copy(out, 12 + pad4(name.length));
  return out;
}

/** The 8 bytes that start the setup reply: its status and how much follows. */
export function setupReplyLength(head: Buffer): number {
  return head.readUInt16LE(6) * 4;
}

export interface RootScreen {
  root: number;
  width: number;
  height: number;
  depth: number;
  bitsPerPixel: number;
  scanlinePad: number;
  /** 0: least significant byte first (every PC server), 1: most significant first. */
  imageByteOrder: number;
  red: number;
  green: number;
  blue: number;
}

/**
 * The setup reply (8-byte head and its body) as the one screen asked for. A refusal throws with
 * the server's own reason ("Authorization required, but no authorization protocol specified").
 */
export function parseSetup(head: Buffer, body: Buffer, screen: number): RootScreen {
  const status = head.readUInt8(0);
  if (status !== 1) {
    const reason = status === 0 ? body.toString('latin1', 0, head.readUInt8(1)) : body.toString('latin1');
    throw new Error(
      `X server refused the connection: ${reason.replace(/\0+$/, '').trim() || `status ${status}`}`,
    );
  }
  // The body starts at the reply's byte 8: offsets below are the protocol's minus 8.
  const vendorLength = body.readUInt16LE(16);
  const screens = body.readUInt8(20);
  const formatCount = body.readUInt8(21);
  const imageByteOrder = body.readUInt8(22);
  let at = 32 + pad4(vendorLength);
  const formats = new Map<number, { bitsPerPixel: number; scanlinePad: number }>();
  for (let i = 0; i < formatCount; i++, at += 8) {
    formats.set(body.readUInt8(at), {
      bitsPerPixel: body.readUInt8(at + 1),
      scanlinePad: body.readUInt8(at + 2),
    });
  }
  if (screen >= screens) throw new Error(`X server has ${screens} screen(s), not screen ${screen}`);
  for (let s = 0; ; s++) {
    const root = body.readUInt32LE(at);
    const width = body.readUInt16LE(at + 20);
    const height = body.readUInt16LE(at + 22);
    const rootVisual = body.readUInt32LE(at + 32);
    const depth = body.readUInt8(at + 38);
    const depthCount = body.readUInt8(at + 39);
    at += 40;
    let masks: { red: number; green: number; blue: number } | undefined;
    for (let d = 0; d < depthCount; d++) {
      const visuals = body.readUInt16LE(at + 2);
      at += 8;
      for (let v = 0; v < visuals; v++, at += 24) {
        if (body.readUInt32LE(at) === rootVisual) {
          masks = {
            red: body.readUInt32LE(at + 8),
            green: body.readUInt32LE(at + 12),
            blue: body.readUInt32LE(at + 16),
          };
        }
      }
    }
    if (s < screen) continue;
    const format = formats.get(depth);
    if (!format || !masks) throw new Error(`X server gave no pixel format for the root depth ${depth}`);
    return { root, width, height, depth, ...format, imageByteOrder, ...masks };
  }
}

/**
 * Whether a ZPixmap of this screen is the BGRA the imaging worker takes as it is: 32 bits a pixel,
 * no row padding beyond 4 bytes, blue in the lowest byte. Anything else (16-bit or 8-bit visuals,
 * a big-endian server) is left to the external tools rather than converted here.
 */
export function isBgrx(s: RootScreen): boolean {
  return (
    s.imageByteOrder === 0 &&
    s.bitsPerPixel === 32 &&
    s.scanlinePad === 32 &&
    (s.depth === 24 || s.depth === 32) &&
    s.red === 0xff0000 &&
    s.green === 0x00ff00 &&
    s.blue === 0x0000ff
  );
}

/** GetImage (opcode 73) of a rectangle of a drawable in ZPixmap format, all planes. */
export function encodeGetImage(
  drawable: number,
  x: number,
  y: number,
  width: number,
  height: number,
): Buffer {
  const out = Buffer.alloc(20);
  out.writeUInt8(73, 0);
  out.writeUInt8(2, 1); // ZPixmap
  out.writeUInt16LE(5, 2);
  out.writeUInt32LE(drawable, 4);
  out.writeInt16LE(x, 8);
  out.writeInt16LE(y, 10);
  out.writeUInt16LE(width, 12);
  out.writeUInt16LE(height, 14);
  out.writeUInt32LE(0xffffffff, 16);
  return out;
}

/** The 32 bytes every reply, error and event starts with. */
export type Head =
  | { kind: 'reply'; sequence: number; /** bytes after the 32 */ extra: number }
  | { kind: 'error'; sequence: number; code: number; value: number }
  | { kind: 'event' };

export function parseHead(head: Buffer): Head {
  const type = head.readUInt8(0);
  if (type === 1) return { kind: 'reply', sequence: head.readUInt16LE(2), extra: head.readUInt32LE(4) * 4 };
  if (type === 0)
    return {
      kind: 'error',
      sequence: head.readUInt16LE(2),
      code: head.readUInt8(1),
      value: head.readUInt32LE(4),
    };
  return { kind: 'event' };
}

/** Core error codes a GetImage can meet, for the log. */
export const ERROR_NAMES: Readonly<Record<number, string>> = {
  3: 'BadWindow',
  8: 'BadMatch',
  9: 'BadDrawable',
  11: 'BadAlloc',
  16: 'BadLength',
};
