/**
 * Idle cost of automatic capture: `extracto watch --on-change` on a static screen (Xvfb, a
 * generated document painted on it) for a while, with the CPU time it used — the watch process, its
 * children (the screen probe's helpers) and, apart, the X server's work for it — per second of
 * wall time, and its memory. An unchanged screen must cost no extraction and almost no CPU.
 *
 *   npx node bench/idle.ts [seconds=60] [--interval=2s]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { paintRoot, startXvfb } from '../tests/helpers/xvfb.ts';
import { screen } from '../tests/helpers/auto-frames.ts';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 60);
const interval = args.find((a) => a.startsWith('--interval='))?.split('=')[1] ?? '2s';
const ROOT = path.resolve(import.meta.dirname, '..');
/** Clock ticks per second on Linux (getconf CLK_TCK). */
const TICK = 100;
/** --profile=DIR: a V8 CPU profile of the watch process, for finding where idle time goes. */
const profileDir = args.find((a) => a.startsWith('--profile='))?.split('=')[1];

function stat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // it has ended
  }
}

/** Its running children (ffmpeg, an xwd or import under way), from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * CPU seconds a process used: itself, and its children — those that ended (waited for) and those
 * still running (a persistent helper such as the ffmpeg probe), with their own descendants.
 */
function cpu(pid: number): { self: number; children: number } {
  const fields = stat(pid);
  if (!fields) return { self: 0, children: 0 };
  // After the name: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
  const n = (i: number) => Number(fields[i]) / TICK;
  let children = n(13) + n(14);
  for (const child of childrenOf(pid)) {
    const c = cpu(child);
    children += c.self + c.children;
  }
  return { self: n(11) + n(12), children };
}

/** VmHWM: the peak resident memory; VmRSS: what it holds now. */
function memoryMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

const x = await startXvfb();
const home = await mkdtemp(path.join(tmpdir(), 'extracto-idle-'));
try {
  const file = path.join(home, 'screen.png');
  await writeFile(file, await screen({ seed: 4 }));
  paintRoot(x.display, file);
  const xserver = x.pid;
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'extracto.js'),
      'watch',
      '--on-change',
      '--interval',
      interval,
      '--fields',
      'total:number',
      '--for',
      `${seconds + 20}s`,
    ],
    {
      env: {
        ...process.env,
        DISPLAY: x.display,
        EXTRACTO_HOME: home,
        ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // The first look extracts the screen once (loading the OCR engine); idle starts after it.
  const started = performance.now();
  while (!/\t(ok|failed)\t/.test(stdout) && performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 200));
    if (child.exitCode !== null) break;
  }
  await new Promise((r) => setTimeout(r, 3000));
  const a = cpu(child.pid!);
  const xa = cpu(xserver).self;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (performance.now() - t0) / 1000;
  const b = cpu(child.pid!);
  const xb = cpu(xserver).self;
  const rss = memoryMiB(child.pid!, 'VmHWM');
  const rssNow = memoryMiB(child.pid!, 'VmRSS');
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const own = ((b.self - a.self) / wall) * 100;
  const helpers = ((b.children - a.children) / wall) * 100;
  const server = ((xb - xa) / wall) * 100;
  const probe = /no cheap screen probe/.test(readFileSync(path.join(home, 'logs', 'extracto.log'), 'utf8'))
    ? 'full captures (no ffmpeg)'
    : 'ffmpeg x11grab stream';
  const summary = stderr.trim().split('\n').at(-1);
  console.log(
    `### Idle cost of \`extracto watch --on-change --interval ${interval}\` on a static 1920x1080 screen`,
  );
  console.log('');
  console.log(
    '| measured over | look | watch process CPU | its helpers (ffmpeg / import) | X server for it | total | target | peak RSS | RSS at the end |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const total = own + helpers + server;
  console.log(
    `| ${wall.toFixed(0)} s | ${probe} | ${own.toFixed(2)}% | ${helpers.toFixed(2)}% | ${server.toFixed(2)}% | **${total.toFixed(2)}%** | < 1% ${total < 1 ? '✓' : '✗'} | ${rss.toFixed(0)} MiB | ${rssNow.toFixed(0)} MiB |`,
  );
  console.log('');
  console.log(`CPU as a share of one core. Its own summary: ${summary}`);
} finally {
  x.stop();
  await rm(home, { recursive: true, force: true });
}
