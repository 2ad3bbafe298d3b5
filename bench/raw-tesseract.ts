/**
 * The yardstick of the offline engine's speed: raw tesseract.js (its default worker, the npm
 * language data) reading the same images, in a child process so its memory is not counted as
 * ours, asked for each image right before ours reads it, so both run under the same load on a
 * shared machine.
 *
 *   const raw = startRawTesseract(); await raw.read(file) -> { ms, rssMiB }; raw.stop()
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RawRead {
  /** Milliseconds tesseract.js took for the page (the first includes loading its worker). */
  ms: number;
  /** The child's peak RSS so far, MiB. */
  rssMiB: number;
}

/** The child: reads the image file named on each stdin line and answers with the time it took. */
async function child(): Promise<void> {
  const require = createRequire(import.meta.url);
  const langPath = path.join(
    path.dirname(require.resolve('@tesseract.js-data/eng/package.json')),
    '4.0.0_best_int',
  );
  const { createWorker } = await import('tesseract.js');
  const worker = await createWorker('eng', 1, { langPath, gzip: true, cacheMethod: 'none' });
  await worker.setParameters({ debug_file: '/dev/null' });
  for await (const file of createInterface({ input: process.stdin })) {
    if (file === '') break;
    const image = readFileSync(file);
    const t0 = performance.now();
    await worker.recognize(image);
    const answer: RawRead = { ms: performance.now() - t0, rssMiB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  await worker.terminate();
}

if (process.argv.includes('--raw-tesseract-child')) {
  await child();
  process.exit(0);
}

export function startRawTesseract(): { read(file: string): Promise<RawRead>; stop(): void } {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--raw-tesseract-child'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    async read(file) {
      proc.stdin.write(`${file}\n`);
      const next = await answers.next();
      if (next.done) throw new Error('the raw tesseract.js child ended early');
      return JSON.parse(next.value as string) as RawRead;
    },
    stop: () => proc.stdin.end('\n'),
  };
}
