/**
 * Pipeline overhead: `npx node bench/pipeline-overhead.ts [runs]`
 *
 * A whole extraction through AppService (load the file, prepare the image in the worker, the
 * official SDK's request to a loopback server that answers at once, validation, the atomic write
 * of the result and image, the index row), minus the time the server spent. Split into the parts we
 * own. Target: < 30 ms of our own time per extraction.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { AppService } from '../src/app/service.ts';
import { parseFieldSpec } from '../src/shared/field.ts';
import { prepareImage } from '../src/core/imaging/prepare.ts';
import { FakeApi, openaiResponse } from '../tests/helpers/fake-apis.ts';
import { renderDocument } from '../tests/helpers/documents.ts';

const RUNS = Number(process.argv[2] ?? 21);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const home = mkdtempSync(path.join(tmpdir(), 'extracto-bench-'));
const api = await FakeApi.start();
const answer = JSON.stringify({ invoice_number: 'INV-1', date: '2026-11-24', total: 12.5 });
api.always('POST /v1/responses', { json: openaiResponse({ text: answer, model: 'gpt-4o' }) });
const app = await AppService.open({ home, env: { OPENAI_API_KEY: 'sk-bench-0000000000000000' } });
const profile = {
  id: 'bench',
  name: 'bench',
  fields: parseFieldSpec('invoice number, date:date, total:number'),
};

// A 1920x1080 screenshot with a document on it, as a file (what `extracto extract` reads).
const doc = await renderDocument({ kind: 'invoice', seed: 11 });
const shotFile = path.join(home, 'shot.png');
const shot = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#f4f4f8' } })
  .composite([{ input: await sharp(doc.png).resize({ height: 1000 }).toBuffer(), left: 560, top: 40 }])
  .png()
  .toBuffer();
writeFileSync(shotFile, shot);

const rows: string[] = [];
for (const [model, detail] of [
  ['gpt-4o', 'low'],
  ['gpt-4o', 'high'],
  ['gpt-5.5', 'high'],
] as const) {
  const total: number[] = [];
  const prepare: number[] = [];
  const options = { profile, provider: 'openai' as const, model, detail, baseUrl: api.url('/v1') };
  await app.extract({ kind: 'file', path: shotFile }, options); // warm: worker, SDK, statements
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = await app.extract({ kind: 'file', path: shotFile }, options);
    total.push(performance.now() - t0);
    if (result.status !== 'ok') throw new Error(`bench extraction failed: ${result.error}`);
    const p0 = performance.now();
    await prepareImage({ kind: 'encoded', data: shot }, { provider: 'openai', model, detail });
    prepare.push(performance.now() - p0);
  }
  const server = median(api.calls('POST /v1/responses').map((c) => c.handledMs ?? 0));
  const ours = median(total) - server;
  rows.push(
    `| ${model} ${detail} | ${median(total).toFixed(1)} | ${server.toFixed(2)} | **${ours.toFixed(1)}** | ${median(prepare).toFixed(1)} | ${(ours - median(prepare)).toFixed(1)} | ${ours < 30 ? 'met' : `missed by ${(ours - 30).toFixed(1)} ms`} |`,
  );
  api.reset();
  api.always('POST /v1/responses', { json: openaiResponse({ text: answer, model: 'gpt-4o' }) });
}
await app.close();
await api.close();
rmSync(home, { recursive: true, force: true });

console.log(
  `Pipeline overhead, 1920x1080 PNG file -> OpenAI Responses on loopback, median of ${RUNS} runs (ms)\n`,
);
console.log(
  '| model, detail | whole extraction | server time | ours (whole − server) | of which image prep (decode, resize, encode) | of which the rest (SDK, HTTP, validation, store) | target < 30 ms |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
