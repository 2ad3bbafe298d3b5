/**
 * Keypress to saved result with the offline engine, on a 1920x1080 X screen (Xvfb) showing a
 * generated invoice in a window (tests/helpers/auto-frames.ts, the screens the accuracy benchmark
 * reads):
 *
 *   npx node bench/keypress.ts [runs=9]
 *
 * - Warm, as the tray app and `extracto watch` run it (engine loaded, one untimed capture first):
 *   runExtraction with the pipeline's real ports (createPipelinePorts: X11 capture, imaging
 *   worker, store on disk) and the offline provider, each hand-over timed: capture (the screen
 *   read and the kept PNG encoded), preparation, OCR (the combined engine), matching (the rest of
 *   the provider's work) and storing (the pending result with its image, then the final one).
 *   Median of RUNS per stage, and of the whole.
 * - Cold: `extracto capture` as a new process each time (Node start, modules, models), its wall
 *   time and the result's own duration, median of 3.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeImagingPool } from '../src/core/imaging/pool.ts';
import { silentLogger } from '../src/core/log.ts';
import { ensureDataHome } from '../src/core/paths.ts';
import { runExtraction, type PipelinePorts } from '../src/core/pipeline.ts';
import { createPipelinePorts } from '../src/core/pipeline-ports.ts';
import { createOcrEngine } from '../src/core/providers/local/engines.ts';
import type { OcrEngine, OcrPage } from '../src/core/providers/local/ocr.ts';
import { LocalProvider } from '../src/core/providers/local/provider.ts';
import type { ProviderOutput } from '../src/core/providers/types.ts';
import { ResultStore } from '../src/core/store/store.ts';
import { parseFieldSpec, type Profile } from '../src/shared/field.ts';
import { screen } from '../tests/helpers/auto-frames.ts';
import { hasXvfb, paintRoot, startXvfb } from '../tests/helpers/xvfb.ts';

const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const FIELDS = 'invoice number, date:date, total:number';
const STAGES = ['capture', 'preparation', 'OCR', 'matching', 'storing'] as const;
type Stage = (typeof STAGES)[number];
const GOAL_MS = 400;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

if (!hasXvfb) {
  process.stderr.write('This benchmark needs Xvfb (apt-get install xvfb): it captures a real X screen.\n');
  process.exit(2);
}

/** Time spent in each stage during one capture. */
let spent: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;

function timed<A extends unknown[], R>(stage: Stage, f: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const t0 = performance.now();
    try {
      return await f(...args);
    } finally {
      spent[stage] += performance.now() - t0;
    }
  };
}

/** The combined engine, its reading timed as OCR. */
class TimedEngine implements OcrEngine {
  readonly name: string;
  private readonly inner: OcrEngine;
  constructor(inner: OcrEngine) {
    this.inner = inner;
    this.name = inner.name;
  }
  recognize(image: Buffer, options?: { signal?: AbortSignal }): Promise<OcrPage> {
    return timed('OCR', (i: Buffer) => this.inner.recognize(i, options))(image);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The offline provider; its extract minus the OCR inside it is the matching. */
class TimedProvider extends LocalProvider {
  override async extract(...args: Parameters<LocalProvider['extract']>): Promise<ProviderOutput> {
    const ocrBefore = spent.OCR;
    const t0 = performance.now();
    const out = await super.extract(...args);
    spent.matching += performance.now() - t0 - (spent.OCR - ocrBefore);
    return out;
  }
}

const x = await startXvfb('1920x1080x24');
const dir = mkdtempSync(path.join(tmpdir(), 'extracto-keypress-'));
const rows: string[] = [];
try {
  process.env.DISPLAY = x.display;
  const page = path.join(dir, 'screen.png');
  writeFileSync(page, await screen({ seed: 1 }));
  paintRoot(x.display, page);

  const home = path.join(dir, 'home');
  ensureDataHome(home);
  const store = await ResultStore.open(home, { logger: silentLogger });
  const real = createPipelinePorts({ logger: silentLogger, store });
  const ports: PipelinePorts = {
    ...real,
    captureScreen: timed('capture', real.captureScreen),
    prepareImage: timed('preparation', real.prepareImage),
    saveResult: timed('storing', real.saveResult),
  };
  const provider = new TimedProvider(new TimedEngine(createOcrEngine('combined')));
  const profile: Profile = { id: 'bench', name: 'bench', fields: parseFieldSpec(FIELDS) };

  const totals: number[] = [];
  const stages: Record<Stage, number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as unknown as Record<
    Stage,
    number[]
  >;
  const rest: number[] = [];
  let fields = '';
  for (let i = 0; i <= RUNS; i++) {
    spent = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    const t0 = performance.now();
    const result = await runExtraction(ports, {
      source: { kind: 'screen' },
      profile,
      provider,
      detail: 'high',
    });
    const total = performance.now() - t0;
    if (result.status !== 'ok') throw new Error(`capture ${i} ended ${result.status}: ${result.error ?? ''}`);
    fields = JSON.stringify(result.fields);
    if (i === 0) continue; // models loading: the cold start is timed below, as a new process
    totals.push(total);
    for (const s of STAGES) stages[s].push(spent[s]);
    rest.push(total - STAGES.reduce((sum, s) => sum + spent[s], 0));
  }
  await provider.close();
  store.close();
  await closeImagingPool();

  rows.push(
    `Warm (engine loaded), median of ${RUNS} captures; fields read: \`${fields}\``,
    '',
    '| stage | median ms | share |',
    '|---|---|---|',
    ...STAGES.map(
      (s) =>
        `| ${s} | ${median(stages[s]).toFixed(0)} | ${((median(stages[s]) / median(totals)) * 100).toFixed(0)}% |`,
    ),
    `| the rest (the pipeline between them, the result's checks) | ${median(rest).toFixed(0)} | |`,
    `| **keypress to saved result** | **${median(totals).toFixed(0)}** (goal ≤ ${GOAL_MS}: ${median(totals) <= GOAL_MS ? '✓' : `✗, over by ${(median(totals) - GOAL_MS).toFixed(0)}`}) | |`,
  );

  // Cold: a new `extracto capture` process each time.
  const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/extracto.js');
  const walls: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const out = execFileSync(
      process.execPath,
      [cli, 'capture', '--provider', 'local', '--fields', FIELDS, '--json'],
      {
        env: { ...process.env, EXTRACTO_HOME: home, DISPLAY: x.display },
        encoding: 'utf8',
      },
    );
    walls.push(performance.now() - t0);
    own.push((JSON.parse(out) as { durationMs: number }).durationMs);
  }
  rows.push(
    '',
    `\`extracto capture --provider local\` as a new process, median of 3: ${median(walls).toFixed(0)} ms wall, ` +
      `of which ${median(own).toFixed(0)} ms from the capture to the saved result (the models load in it).`,
  );
} finally {
  x.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
