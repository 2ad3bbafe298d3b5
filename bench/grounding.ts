/**
 * Grounding (core/grounding): does the local OCR tell a value a model read off the page from one it
 * made up? On the SROIE receipts (receipts.ts), each receipt is read once by the OCR grounding
 * uses (PaddleOCR, as AppService runs it), and then grounded twice: with the true values (a value
 * flagged here is a false alarm) and with invented ones — another receipt's company, address, date
 * and total (a value not flagged here is a miss). No parameter of the grounding rules was fitted to
 * these receipts: the figures are what unseen documents get.
 *
 * Then the time it adds: the same receipts through AppService and a loopback OpenAI server that
 * answers after 2 s, with grounding on and off, in the same run. Run: `npm run bench grounding`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppService } from '../src/app/service.ts';
import { groundResult, rateResult } from '../src/core/grounding/judge.ts';
import { secondOpinions } from '../src/core/grounding/second-opinion.ts';
import type { OcrPage } from '../src/core/providers/local/ocr.ts';
import { silentLogger } from '../src/core/log.ts';
import { createOcrEngine } from '../src/core/providers/local/engines.ts';
import { findAmounts, parseDate } from '../src/core/values/index.ts';
import { CONFIDENCE_LEVELS, confidenceLevel } from '../src/shared/confidence.ts';
import { parseFieldSpec } from '../src/shared/field.ts';
import type { FieldMeta, FieldValue } from '../src/shared/result.ts';
import { FakeApi, openaiResponse } from '../tests/helpers/fake-apis.ts';
import { receiptsDir } from './receipts.ts';

const dir = receiptsDir();
const ids = readdirSync(path.join(dir, 'key'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const fields = parseFieldSpec('company, address, date:date, total:number');
type Truth = { company: string; address: string; date: string; total: string };
const truths = ids.map(
  (id) => JSON.parse(readFileSync(path.join(dir, 'key', `${id}.json`), 'utf8')) as Truth,
);
const valuesOf = (t: Truth): Record<string, FieldValue> => ({
  company: t.company,
  address: t.address,
  date: parseDate(t.date) ?? null,
  total: Number(t.total.replace(/[^0-9.]/g, '')),
});

const KINDS = ['company', 'address', 'date', 'total'] as const;
const tally = Object.fromEntries(KINDS.map((k) => [k, { trueN: 0, alarms: 0, inventedN: 0, caught: 0 }]));
/** Per confidence level: how many values landed there, and how many of them were right. */
const levels = Object.fromEntries(CONFIDENCE_LEVELS.map((l) => [l, { n: 0, right: 0 }]));
/** Totals answered with another amount the receipt prints (cash paid, a subtotal): on the page, wrong. */
const misplaced = { n: 0, notHigh: 0, disagreed: 0 };
const profile = { fields };
const ocr = createOcrEngine('paddle');
let opinionMs = 0;
const started = performance.now();
for (let i = 0; i < ids.length; i++) {
  const page = await ocr.recognize(readFileSync(path.join(dir, 'img', `${ids[i]}.jpg`)));
  const truth = valuesOf(truths[i]!);
  // Invented: the values of a receipt far down the list, where they differ from this one's.
  const other = valuesOf(truths[(i + 37) % ids.length]!);
  const t0 = performance.now();
  secondOpinions(page, fields, truth);
  opinionMs += performance.now() - t0;
  const onTrue = judged(page, truth);
  const onInvented = judged(page, other);
  for (const k of KINDS) {
    const t = tally[k]!;
    if (truth[k] !== null) {
      t.trueN++;
      if (onTrue[k]?.grounded === false) t.alarms++;
      rated(onTrue[k], true);
    }
    if (other[k] !== null && JSON.stringify(other[k]) !== JSON.stringify(truth[k])) {
      t.inventedN++;
      if (onInvented[k]?.grounded === false) t.caught++;
      rated(onInvented[k], false);
    }
  }
  const wrongTotal = otherAmount(page, truth.total ?? null);
  if (wrongTotal !== undefined) {
    const meta = judged(page, { ...truth, total: wrongTotal }).total;
    misplaced.n++;
    if (confidenceLevel(meta) !== 'high') misplaced.notHigh++;
    if (meta?.secondOpinion?.agrees === false) misplaced.disagreed++;
    rated(meta, false);
  }
}
const readMs = (performance.now() - started) / ids.length;
await ocr.close();

/** One answer judged as the pipeline does (grounding, second opinion, confidence; no checks apply). */
function judged(page: OcrPage, values: Record<string, FieldValue>): Record<string, FieldMeta> {
  const result = { fields: { ...values }, fieldMeta: {} as Record<string, FieldMeta> };
  rateResult(result.fieldMeta, groundResult(result, profile, page), []);
  return result.fieldMeta;
}

function rated(meta: FieldMeta | undefined, right: boolean): void {
  const level = confidenceLevel(meta);
  if (!level) return;
  levels[level]!.n++;
  if (right) levels[level]!.right++;
}

/** The largest amount the page prints that is not the total: what a model misreading the total picks. */
function otherAmount(page: OcrPage, total: FieldValue): number | undefined {
  const amounts = page.lines.flatMap((l) => findAmounts(l.text).map((a) => a.amount));
  const others = amounts.filter((a) => a > 0 && Math.abs(a - Number(total)) >= 0.005);
  return others.length > 0 ? Math.max(...others) : undefined;
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const GOALS: Record<string, string> = {
  date: '≥95% / ≤5%',
  total: '≥95% / ≤5%',
  company: 'stated',
  address: 'stated',
};
const lines = [
  `${ids.length} SROIE receipts, read once each by PaddleOCR (${readMs.toFixed(0)} ms per receipt).`,
  '',
  '| field | invented values flagged (recall) | true values flagged (false alarms) | goal |',
  '| --- | --- | --- | --- |',
  ...KINDS.map((k) => {
    const t = tally[k]!;
    return `| ${k} | ${pct(t.caught, t.inventedN)} (${t.caught} of ${t.inventedN}) | ${pct(t.alarms, t.trueN)} (${t.alarms} of ${t.trueN}) | ${GOALS[k]} |`;
  }),
];

lines.push(
  '',
  `Confidence levels (core/grounding/confidence.ts) of the same values, with the offline engine's second opinion (${(opinionMs / ids.length).toFixed(0)} ms a receipt): how often a value at each level was right. The wrong ones are the invented values above and, for ${misplaced.n} receipts, a total the receipt prints but that is not its total (the largest other amount: cash paid, a subtotal).`,
  '',
  '| level | values | right |',
  '| --- | --- | --- |',
  ...CONFIDENCE_LEVELS.map((l) => `| ${l} | ${levels[l]!.n} | ${pct(levels[l]!.right, levels[l]!.n)} |`),
  '',
  `Of the ${misplaced.n} wrong totals printed on the receipt, grounding finds every one on the page; the offline engine read another total for ${misplaced.disagreed}, and ${misplaced.notHigh} (${pct(misplaced.notHigh, misplaced.n)}) were rated below high.`,
);

// --- The time it adds to a cloud extraction ----------------------------------------------------
const MODEL_MS = 2000;
const SAMPLE = ids.slice(0, 8);
const api = await FakeApi.start();
api.always('POST /v1/responses', {
  json: openaiResponse({ text: JSON.stringify({ company: 'X', address: 'Y', date: null, total: 1 }) }),
  delayMs: MODEL_MS,
});
const timing: Record<string, number[]> = { on: [], off: [] };
for (const mode of ['off', 'on'] as const) {
  const home = await mkdtemp(path.join(tmpdir(), 'extracto-bench-ground-'));
  const app = await AppService.open({
    home,
    logger: silentLogger,
    env: { OPENAI_API_KEY: 'sk-bench-0123456789' },
  });
  const settings = app.getSettings();
  await app.saveSettings({ ...settings, provider: { ...settings.provider, groundAnswers: mode === 'on' } });
  for (const id of SAMPLE) {
    const t0 = performance.now();
    const result = await app.extract(
      { kind: 'file', path: path.join(dir, 'img', `${id}.jpg`) },
      {
        profile: { id: 'r', name: 'Receipts', fields },
        provider: 'openai',
        baseUrl: api.url('/v1'),
        detail: 'original',
      },
    );
    if (result.status !== 'ok') throw new Error(`${id}: ${result.error}`);
    timing[mode]!.push(performance.now() - t0);
  }
  await app.close();
  await rm(home, { recursive: true, force: true });
}
await api.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const warm = (xs: number[]) => median(xs.slice(1));
lines.push(
  '',
  `Time per cloud extraction through AppService, a loopback model answering after ${MODEL_MS} ms, ${SAMPLE.length} receipts (median of the warm ones; the first loads the OCR models):`,
  '',
  '| grounding | first | warm (median) |',
  '| --- | --- | --- |',
  `| off | ${timing.off![0]!.toFixed(0)} ms | ${warm(timing.off!).toFixed(0)} ms |`,
  `| on | ${timing.on![0]!.toFixed(0)} ms | ${warm(timing.on!).toFixed(0)} ms |`,
  '',
  `Added by grounding, warm: ${(warm(timing.on!) - warm(timing.off!)).toFixed(0)} ms, while the OCR alone takes ${readMs.toFixed(0)} ms a receipt: it runs while the model is asked.`,
);
const out = lines.join('\n');
console.log(out);
