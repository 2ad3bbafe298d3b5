/** Where a local X server listens, read from a DISPLAY string. */
export interface LocalDisplay {
  /** The display number: the N of ":N", which names the socket and picks the Xauthority entry. */
  number: number;
  /** The screen of ":N.S" (0 when absent). */
  screen: number;
  /** The socket in the file system, then the same name in Linux's abstract namespace. */
  sockets: [string, string];
}

/**
 * DISPLAY as Xlib reads it: `[protocol/][host]:number[.screen]`. Only a server on this machine's
 * unix socket is taken (no host, `unix`, or the `unix` protocol); a TCP display, DECnet (`::`)
 * or anything else gives undefined, and the capture falls back to the external tools.
 */
export function parseDisplay(value: string | undefined): LocalDisplay | undefined {
  if (!value) return undefined;
  const m = /^(?:([a-z]+)\/)?([^:/]*):(\d+)(?:\.(\d+))?$/i.exec(value);
  if (!m) return undefined;
  const [, protocol, host = '', number = '', screen] = m;
  const local = protocol === undefined ? host === '' || host === 'unix' : protocol === 'unix';
  if (!local) return undefined;
  const n = Number(number);
  const path = `/tmp/.X11-unix/X${n}`;
  return { number: n, screen: screen === undefined ? 0 : Number(screen), sockets: [path, `\0${path}`] };
}
