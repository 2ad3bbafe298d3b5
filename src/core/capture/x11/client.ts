import { connect, type Socket } from 'node:net';
import { readCookie, MIT_MAGIC_COOKIE } from './xauth.ts';
import { parseDisplay } from './display-name.ts';
import { SocketReader } from './reader.ts';
import {
  encodeGetImage,
  encodeSetup,
  ERROR_NAMES,
  isBgrx,
  parseHead,
  parseSetup,
  setupReplyLength,
  type RootScreen,
} from './wire.ts';

/** A rectangle of the root window as BGRX pixels, 4 bytes a pixel, rows without padding. */
export interface X11Frame {
  data: ArrayBuffer;
  width: number;
  height: number;
}

/** An open connection to the X server's root window, for GetImage over its unix socket. */
export interface X11Screen {
  width: number;
  height: number;
  grab(x: number, y: number, width: number, height: number): Promise<X11Frame>;
  close(): void;
}

/** A server this slow to answer is stuck; the external tools get their turn. */
const ANSWER_TIMEOUT_MS = 2000;

/** Why the direct path is not taken: the capture then goes through the external tools. */
export class X11Unavailable extends Error {}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

async function openFirst(paths: readonly string[]): Promise<Socket> {
  let last: unknown;
  for (const path of paths) {
    try {
      return await open(path);
    } catch (e) {
      last = e;
    }
  }
  throw new X11Unavailable(`no X socket at ${paths[0]}`, { cause: last });
}

/**
 * Connects to DISPLAY's server the way Xlib would (its unix socket, the Xauthority cookie) and
 * reads the setup reply. Throws X11Unavailable when this path cannot serve the display: not a
 * local one, no socket, a refusal, or a pixel format other than 32-bit BGRX.
 */
export async function openX11Screen(): Promise<X11Screen> {
  const display = process.env.DISPLAY;
  const where = parseDisplay(display);
  if (!where) throw new X11Unavailable(`DISPLAY "${display ?? ''}" is not a local X server`);
  const cookie = await readCookie(where.number);
  const socket = await openFirst(where.sockets);
  // A stalled server must not hang the capture (the fallback would never run); armed only while
  // an answer is awaited, as the caller may hold the connection idle (running xrandr) in between.
  socket.on('timeout', () => socket.destroy(new X11Unavailable('X server did not answer in time')));
  const awaiting = async <T>(answer: () => Promise<T>): Promise<T> => {
    socket.setTimeout(ANSWER_TIMEOUT_MS);
    try {
      return await answer();
    } finally {
      socket.setTimeout(0);
    }
  };
  const reader = new SocketReader(socket);
  let screen: RootScreen;
  try {
    socket.write(encodeSetup(cookie ? { name: MIT_MAGIC_COOKIE, data: cookie } : undefined));
    screen = await awaiting(async () => {
      const head = await reader.read(8);
      return parseSetup(head, await reader.read(setupReplyLength(head)), where.screen);
    });
  } catch (cause) {
    socket.destroy();
    throw new X11Unavailable(cause instanceof Error ? cause.message : String(cause), { cause });
  }
  if (!isBgrx(screen)) {
    socket.destroy();
    throw new X11Unavailable(
      `root window is ${screen.depth}-bit (${screen.bitsPerPixel} bits a pixel), not BGRX`,
    );
  }
  let sequence = 0;
  return {
    width: screen.width,
    height: screen.height,
    grab: (x, y, width, height) =>
      awaiting(async () => {
        socket.write(encodeGetImage(screen.root, x, y, width, height));
        sequence = (sequence + 1) & 0xffff;
        for (;;) {
          const head = parseHead(await reader.read(32));
          if (head.kind === 'event') continue;
          if (head.kind === 'error') {
            throw new Error(
              `X server answered GetImage with ${ERROR_NAMES[head.code] ?? `error ${head.code}`}`,
            );
          }
          if (head.sequence !== sequence)
            throw new Error(`X reply ${head.sequence} came for request ${sequence}`);
          const bytes = width * height * 4;
          if (head.extra !== bytes)
            throw new Error(`X sent ${head.extra} bytes of image for ${width}x${height}`);
          const data = new ArrayBuffer(bytes);
          await reader.read(new Uint8Array(data));
          return { data, width, height };
        }
      }),
    close: () => socket.destroy(),
  };
}
