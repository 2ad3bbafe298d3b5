/**
 * Token efficiency: `npx node bench/tokens.ts`
 *
 * For a 1920x1080 and a 3840x2160 screenshot, per model: the size we send and the tokens it bills,
 * against sending the full-size screenshot. A provider bills a full-size image at its own cap
 * (it downsizes on its side), so the saving there is upload bytes and time; where a model takes
 * detail "original" the full size is billed in full, and the resize saves tokens too.
 */
import sharp from 'sharp';
import { prepareImage } from '../src/core/imaging/prepare.ts';
import { closeImagingPool } from '../src/core/imaging/pool.ts';
import { estimateImage } from '../src/core/imaging/tokens.ts';
import type { ProviderId } from '../src/shared/result.ts';
import { costUsd } from '../src/core/providers/models.ts';
import { renderDocument } from '../tests/helpers/documents.ts';

const MODELS: [ProviderId, string][] = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4.1-mini'],
  ['openai', 'gpt-5'],
  ['openai', 'gpt-5.4-mini'],
  ['openai', 'gpt-5.5'],
  ['anthropic', 'claude-haiku-4-5'],
  ['anthropic', 'claude-sonnet-4-6'],
  ['anthropic', 'claude-haiku-5-5'],
  ['anthropic', 'claude-sonnet-5-5'],
  ['openai-compatible', 'qwen3-vl:8b'],
];

async function screenshot(width: number, height: number): Promise<Buffer> {
  const doc = await renderDocument({ kind: 'invoice', seed: 5, scale: height / 1080 });
  const page = await sharp(doc.png)
    .resize({ height: Math.round(height * 0.92) })
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#f2f3f7' } })
    .composite([{ input: page, left: Math.round(width * 0.3), top: Math.round(height * 0.04) }])
    .png({ compressionLevel: 1 })
    .toBuffer();
}

console.log('Image tokens per capture: what we send (detail high) against the full-size screenshot\n');
console.log(
  '| screen | model | sent size | tokens billed | est. cost | full-size tokens | tokens saved | bytes sent | full-size bytes | bytes saved |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [w, h] of [
  [1920, 1080],
  [3840, 2160],
] as const) {
  const full = await screenshot(w, h);
  for (const [provider, model] of MODELS) {
    const sent = await prepareImage({ kind: 'encoded', data: full }, { provider, model, detail: 'high' });
    let fullTokens = sent.estimatedTokens;
    try {
      fullTokens = estimateImage({ width: w, height: h }, { provider, model, detail: 'original' }).tokens;
    } catch {
      // No "original" detail on this model: a full-size upload is downsized and billed like ours.
    }
    const cost = costUsd(model, { inputTokens: sent.estimatedTokens, outputTokens: 0 });
    const pct = (a: number, b: number) => `${Math.round((1 - a / b) * 100)}%`;
    console.log(
      `| ${w}x${h} | ${model} | ${sent.width}x${sent.height} | ${sent.estimatedTokens} | ${cost === undefined ? '—' : `$${cost.toFixed(5)}`} | ${fullTokens} | ${pct(sent.estimatedTokens, fullTokens)} | ${(sent.data.byteLength / 1024).toFixed(0)} KiB | ${(full.byteLength / 1024).toFixed(0)} KiB | ${pct(sent.data.byteLength, full.byteLength)} |`,
    );
  }
}
await closeImagingPool();
