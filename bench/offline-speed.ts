/**
 * The offline engine's speed and memory as a user meets it, against raw tesseract.js reading the
 * same images in the same run: the first page (models loading: cold), the pages after (warm), on
 * real receipts and on generated 1920x1080 screenshots; and the peak memory after the largest
 * scans (600 dpi A4, up to 35 MP).
 *
 *   npx node bench/offline-speed.ts [receipts=20] [screens=6]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createProvider } from '../src/core/providers/registry.ts';
import { silentLogger } from '../src/core/log.ts';
import { parseFieldSpec } from '../src/shared/field.ts';
import { screen } from '../tests/helpers/auto-frames.ts';
import { startRawTesseract } from './raw-tesseract.ts';
import { receiptsDir } from './receipts.ts';

const args = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const RECEIPTS = args[0] ?? 20;
const SCREENS = args[1] ?? 6;
const DATA = path.join(receiptsDir(), 'img');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

const all = readdirSync(DATA)
  .filter((f) => f.endsWith('.jpg'))
  .sort()
  .map((f) => path.join(DATA, f));
const pixels = new Map<string, number>();
for (const file of all) {
  const { width = 0, height = 0 } = await sharp(file).metadata();
  pixels.set(file, width * height);
}
const receipts = all.slice(0, RECEIPTS);
const largest = [...all].sort((a, b) => pixels.get(b)! - pixels.get(a)!).slice(0, 3);
const dir = mkdtempSync(path.join(tmpdir(), 'extracto-offline-speed-'));
const screens: string[] = [];
for (let seed = 1; seed <= SCREENS; seed++) {
  const file = path.join(dir, `screen-${seed}.png`);
  writeFileSync(file, await screen({ seed }));
  screens.push(file);
}

/** One input set through a fresh offline provider (as a new `extracto extract` gets it). */
async function run(files: string[], fields: string, raw: ReturnType<typeof startRawTesseract>) {
  const provider = await createProvider('local', { logger: silentLogger, env: process.env });
  const profile = { id: 'b', name: 'b', fields: parseFieldSpec(fields) };
  const ours: number[] = [];
  const theirs: number[] = [];
  let rawRss = 0;
  for (const file of files) {
    const data = readFileSync(file);
    const read = await raw.read(file);
    theirs.push(read.ms);
    rawRss = Math.max(rawRss, read.rssMiB);
    const image = {
      data,
      mediaType: file.endsWith('.png') ? ('image/png' as const) : ('image/jpeg' as const),
      width: 0,
      height: 0,
      sourceWidth: 0,
      sourceHeight: 0,
      sha256: '',
      detail: 'high' as const,
      estimatedTokens: 0,
    };
    const t0 = performance.now();
    await provider.extract({ image, profile, model: '' });
    ours.push(performance.now() - t0);
  }
  await provider.close();
  const warm = median(ours.slice(1));
  const rawWarm = median(theirs.slice(1));
  return { cold: ours[0]!, warm, rawWarm, rawRss };
}

const raw = startRawTesseract();
// The raw child's first page loads its worker: read one receipt so its warm times are warm.
await raw.read(all[0]!);
const rows = [
  {
    name: `receipts (SROIE, first ${RECEIPTS})`,
    ...(await run(receipts, 'company, date:date, address, total:number', raw)),
  },
  {
    name: `1920x1080 screenshots (${SCREENS} generated)`,
    ...(await run(screens, 'invoice number, date:date, total:number', raw)),
  },
];
const before = rssMiB();
const scans = await run(largest, 'company, date:date, address, total:number', raw);
raw.stop();
rmSync(dir, { recursive: true, force: true });

console.log(
  '| input | ours, first page (models loading) | ours, warm (median) | raw tesseract.js, warm (median) | ours / raw |',
);
console.log('|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.cold.toFixed(0)} ms | ${r.warm.toFixed(0)} ms | ${r.rawWarm.toFixed(0)} ms | ${(r.warm / r.rawWarm).toFixed(2)}x |`,
  );
console.log('');
const sizes = largest.map((f) => `${path.basename(f)} (${(pixels.get(f)! / 1e6).toFixed(0)} MP)`).join(', ');
console.log(
  `Peak RSS of this process: ${before.toFixed(0)} MiB after the receipts and screenshots, ${rssMiB().toFixed(0)} MiB after the three largest scans (${sizes}; goal < 1024 MiB); raw tesseract.js child ${scans.rawRss.toFixed(0)} MiB.`,
);
console.log(
  `Median time on those scans: ours ${scans.warm.toFixed(0)} ms, raw tesseract.js ${scans.rawWarm.toFixed(0)} ms.`,
);
