import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const hasXvfb = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].some((p) => existsSync(p));

export interface XServer {
  /** ":N", for DISPLAY. */
  display: string;
  /** The server's process id (benchmarks count its CPU time). */
  pid: number;
  stop(): void;
}

/**
 * A private X server for one test file. Xvfb picks a free display number itself (-displayfd), so
 * test files running at the same time never race for one; -noreset keeps what was painted on the
 * root window when a client such as ImageMagick's display disconnects.
 */
export async function startXvfb(screen = '1920x1080x24', extra: string[] = []): Promise<XServer> {
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp', '-noreset', ...extra],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
    xvfb.once('error', reject);
  });
  const display = `:${number}`;
  // The number is written once the server listens; one round trip proves it answers.
  // (With -auth, XAUTHORITY must hold the cookie by now.)
  execFileSync('xdpyinfo', [], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  return { display, pid: xvfb.pid!, stop: () => void xvfb.kill('SIGTERM') };
}

/** Paints a PNG over the whole root window, as a document on screen would appear. */
export function paintRoot(display: string, file: string): void {
  try {
    execFileSync('display', ['-window', 'root', file], {
      stdio: 'ignore',
      env: { ...process.env, DISPLAY: display },
    });
  } catch {
    // ImageMagick's display exits with status 1 on a bare server after painting.
  }
}
