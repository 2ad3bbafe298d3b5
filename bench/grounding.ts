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
import { groundValues } from '../src/core/grounding/ground.ts';
import { silentLogger } from '../src/core/log.ts';
import { createOcrEngine } from '../src/core/providers/local/engines.ts';
import { parseDate } from '../src/core/values/index.ts';
import { parseFieldSpec } from '../src/shared/field.ts';
import type { FieldValue } from '../src/shared/result.ts';
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
const ocr = createOcrEngine('paddle');
const started = performance.now();
for (let i = 0; i < ids.length; i++) {
  const page = await ocr.recognize(readFileSync(path.join(dir, 'img', `${ids[i]}.jpg`)));
  const truth = valuesOf(truths[i]!);
  // Invented: the values of a receipt far down the list, where they differ from this one's.
  const other = valuesOf(truths[(i + 37) % ids.length]!);
  const onTrue = groundValues(page, fields, truth);
  const onInvented = groundValues(page, fields, other);
  for (const k of KINDS) {
    const t = tally[k]!;
    if (truth[k] !== null) {
      t.trueN++;
      if (onTrue[k]?.grounded === false) t.alarms++;
    }
    if (other[k] !== null && JSON.stringify(other[k]) !== JSON.stringify(truth[k])) {
      t.inventedN++;
      if (onInvented[k]?.grounded === false) t.caught++;
    }
  }
}
const readMs = (performance.now() - started) / ids.length;
await ocr.close();

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
