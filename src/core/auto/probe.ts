import { spawn, type ChildProcess } from 'node:child_process';
import type { Region } from '../../shared/result.ts';
import { SIGNATURE_HEIGHT, SIGNATURE_WIDTH, signatureFromGrey, type FrameSignature } from './change.ts';

/**
 * The cheap look at the screen that on-change mode makes every poll. A full capture encodes a PNG
 * (ImageMagick's `import`: ~0.3 s of CPU for 1920x1080 here), and spawning any helper per look
 * from a process holding an OCR engine costs ~0.1 s in fork alone; measured, that made an idle
 * watch cost 12-25% of a core. Instead one ffmpeg process stays running: x11grab reads the screen
 * through X shared memory at the polling rate and scales it to the signature's 64x36 grey cells,
 * so each look is 2,304 bytes down a pipe (~0.6% of a core in all, ffmpeg and the X server
 * included: see BENCHMARKS.md). Without ffmpeg there is no probe and the loop signs full captures.
 * The Electron app uses desktopCapturer thumbnails instead.
 */
export interface ScreenProbe {
  /** The signature of the newest frame; null when the stream has stopped. */
  look(): Promise<FrameSignature | null>;
  close(): void;
}

const FRAME = SIGNATURE_WIDTH * SIGNATURE_HEIGHT;
/** How long the first frame may take: ffmpeg starting and connecting to the X server. */
const FIRST_FRAME_MS = 5000;

function ffmpegArgs(display: string, fps: number, region?: Region): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-f',
    'x11grab',
    // The pointer moving over a still page is no change worth a capture.
    '-draw_mouse',
    '0',
    '-framerate',
    String(fps),
    ...(region ? ['-video_size', `${region.width}x${region.height}`] : []),
    '-i',
    region ? `${display}+${region.x},${region.y}` : display,
    // 'area' averages every pixel into its cell, like the signature of a full capture does.
    '-vf',
    `scale=${SIGNATURE_WIDTH}:${SIGNATURE_HEIGHT}:flags=area,format=gray`,
    '-f',
    'rawvideo',
    // Each frame down the pipe as soon as it is made: buffered, a 32 KB block would hold 14 of them.
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}

/**
 * A probe for the X display, or null when there is none to use (not Linux, no DISPLAY, no ffmpeg,
 * or ffmpeg could not read the screen): then the loop signs full captures. Only the default
 * screen is probed, so a capture of another display gets no probe.
 */
export async function createX11Probe(
  options: { region?: Region; display?: string; intervalMs: number },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScreenProbe | null> {
  if (process.platform !== 'linux' || !env.DISPLAY || options.display) return null;
  let child: ChildProcess;
  try {
    child = spawn('ffmpeg', ffmpegArgs(env.DISPLAY, 1000 / options.intervalMs, options.region), {
      env: { ...process.env, DISPLAY: env.DISPLAY },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  let pending: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  let latest: Buffer | null = null;
  let fresh = false;
  let ended = false;
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const w of waiting) w();
    waiting.clear();
  };
  child.on('error', () => {
    ended = true;
    wake();
  });
  child.on('exit', () => {
    ended = true;
    wake();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= FRAME) {
      latest = Buffer.from(pending.subarray(0, FRAME));
      pending = pending.subarray(FRAME);
      fresh = true;
    }
    if (fresh) wake();
  });
  const next = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiting.add(done);
    });
  const close = () => {
    ended = true;
    child.kill('SIGTERM');
  };

  await next(FIRST_FRAME_MS);
  if (!latest) {
    close();
    return null;
  }
  return {
    async look() {
      // Each look sees a frame it has not seen, when one comes within a poll; else the newest.
      if (!fresh && !ended) await next(options.intervalMs * 1.5);
      if (ended || !latest) return null;
      fresh = false;
      return signatureFromGrey(new Uint8Array(latest), SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
    },
    close,
  };
}
