import { readFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import path from 'node:path';

/** One entry of an Xauthority file (libXau's Xauth record). */
export interface XauthEntry {
  family: number;
  address: string;
  number: string;
  name: string;
  data: Buffer;
}

/** The families a unix-socket connection matches: this host by name, or any host. */
const FAMILY_LOCAL = 256;
const FAMILY_WILD = 65535;
export const MIT_MAGIC_COOKIE = 'MIT-MAGIC-COOKIE-1';

/**
 * The records of an Xauthority file: each field a big-endian 16-bit length and its bytes.
 * A record cut short ends the list, as libXau does: the entries before it are still good.
 */
export function parseXauthority(file: Buffer): XauthEntry[] {
  const entries: XauthEntry[] = [];
  let at = 0;
  const field = (): Buffer | undefined => {
    if (at + 2 > file.length) return undefined;
    const length = file.readUInt16BE(at);
    if (at + 2 + length > file.length) return undefined;
    const bytes = file.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    return bytes;
  };
  while (at + 2 <= file.length) {
    const family = file.readUInt16BE(at);
    at += 2;
    const address = field();
    const number = field();
    const name = field();
    const data = field();
    if (!address || !number || !name || !data) break;
    entries.push({
      family,
      address: address.toString('latin1'),
      number: number.toString('latin1'),
      name: name.toString('latin1'),
      data: Buffer.from(data),
    });
  }
  return entries;
}

/**
 * The cookie Xlib would send to display `number` over the unix socket: the first
 * MIT-MAGIC-COOKIE-1 entry for this host (or any host) and this display (or any display).
 */
export function pickCookie(entries: readonly XauthEntry[], number: number, host: string): Buffer | undefined {
  const entry = entries.find(
    (e) =>
      e.name === MIT_MAGIC_COOKIE &&
      (e.family === FAMILY_WILD || (e.family === FAMILY_LOCAL && e.address === host)) &&
      (e.number === '' || e.number === String(number)),
  );
  return entry?.data;
}

/** $XAUTHORITY, else ~/.Xauthority; no file means no cookie (Xvfb without -auth takes none). */
export async function readCookie(number: number): Promise<Buffer | undefined> {
  const file = process.env.XAUTHORITY || path.join(homedir(), '.Xauthority');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  return pickCookie(parseXauthority(bytes), number, hostname());
}
