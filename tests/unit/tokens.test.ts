import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors.ts';
import type { Detail, ProviderId } from '../../src/shared/result.ts';
import {
  TOKEN_RULES_AS_OF,
  estimateImage,
  findRule,
  resolveAutoDetail,
} from '../../src/core/imaging/tokens.ts';

const est = (width: number, height: number, provider: ProviderId, model: string, detail: Detail = 'high') =>
  estimateImage({ width, height }, { provider, model, detail });

describe('token table', () => {
  it('is dated', () => {
    expect(TOKEN_RULES_AS_OF).toBe('2026-11');
  });

  it('OpenAI tile models: documented figures', () => {
    expect(est(1024, 1024, 'openai', 'gpt-4o')).toMatchObject({ width: 768, height: 768, tokens: 765 });
    expect(est(2048, 4096, 'openai', 'gpt-4o')).toMatchObject({ width: 768, height: 1536, tokens: 1105 });
    expect(est(1024, 1024, 'openai', 'gpt-4o', 'low')).toMatchObject({ width: 512, height: 512, tokens: 85 });
    expect(est(4000, 1000, 'openai', 'gpt-4o-2024-08-06', 'low')).toMatchObject({
      width: 512,
      height: 128,
      tokens: 85,
    });
    expect(est(1024, 1024, 'openai', 'gpt-4.1').tokens).toBe(765);
    // gpt-5 and gpt-5.1: 70 + 140 per tile.
    expect(est(1024, 1024, 'openai', 'gpt-5').tokens).toBe(70 + 4 * 140);
    expect(est(1024, 1024, 'openai', 'gpt-5.1', 'low').tokens).toBe(70);
  });

  it('OpenAI patch models: documented figures and multipliers', () => {
    expect(est(1024, 1024, 'openai', 'gpt-5.4')).toMatchObject({ width: 1024, height: 1024, tokens: 1229 });
    expect(est(2048, 2048, 'openai', 'gpt-5.4')).toMatchObject({ width: 1600, height: 1600, tokens: 3000 });
    expect(est(1024, 1024, 'openai', 'gpt-5.2').tokens).toBe(1229);
    expect(est(1024, 1024, 'openai', 'gpt-5.5').tokens).toBe(1229);
    expect(est(1024, 1024, 'openai', 'gpt-4.1-mini').tokens).toBe(Math.ceil(1024 * 1.62));
    expect(est(1024, 1024, 'openai', 'gpt-4.1-nano').tokens).toBe(Math.ceil(1024 * 2.46));
    expect(est(1024, 1024, 'openai', 'o4-mini').tokens).toBe(Math.ceil(1024 * 1.72));
    expect(findRule('openai', 'gpt-4.1-mini-2025-04-14').rule.kind).toBe('patch');
  });

  it('patch budgets hold for any shape', () => {
    for (const [w, h] of [
      [3840, 2160],
      [1000, 7000],
      [2561, 1441],
      [33, 5000],
    ] as const) {
      const high = est(w, h, 'openai', 'gpt-5.4');
      expect(Math.ceil(high.width / 32) * Math.ceil(high.height / 32)).toBeLessThanOrEqual(2500);
      const low = est(w, h, 'openai', 'gpt-5.4', 'low');
      expect(Math.ceil(low.width / 32) * Math.ceil(low.height / 32)).toBeLessThanOrEqual(256);
    }
  });

  it('Anthropic tiers: documented figures', () => {
    expect(est(1920, 1080, 'anthropic', 'claude-sonnet-5-5')).toMatchObject({
      width: 1920,
      height: 1080,
      tokens: 2691,
    });
    expect(est(1920, 1080, 'anthropic', 'claude-sonnet-4-6')).toMatchObject({
      width: 1456,
      height: 819,
      tokens: 1560,
    });
    expect(findRule('anthropic', 'claude-opus-4-7').label).toMatch(/high-resolution/);
    expect(findRule('anthropic', 'claude-opus-5-5').label).toMatch(/high-resolution/);
    expect(findRule('anthropic', 'claude-haiku-4-5').label).toMatch(/standard/);
    // A dated Opus 4.0 snapshot must not look like "4-7 and later".
    expect(findRule('anthropic', 'claude-opus-4-20250514').label).toMatch(/standard/);
    const big = est(3840, 2160, 'anthropic', 'claude-opus-4-7');
    expect(big.tokens).toBeLessThanOrEqual(4784);
    expect(Math.max(big.width, big.height)).toBeLessThanOrEqual(2576);
  });

  it('openai-compatible is a flagged estimate; local is free and untouched', () => {
    expect(est(3072, 1728, 'openai-compatible', 'llava')).toMatchObject({
      width: 1536,
      height: 864,
      tokens: 48 * 27,
      estimate: true,
    });
    expect(est(3840, 2160, 'local', 'tesseract', 'auto')).toMatchObject({
      width: 3840,
      height: 2160,
      tokens: 0,
      estimate: false,
    });
  });

  it('keeps the aspect ratio (within a pixel of rounding)', () => {
    const cases: [ProviderId, string, Detail][] = [
      ['openai', 'gpt-4o', 'high'],
      ['openai', 'gpt-4o', 'low'],
      ['openai', 'gpt-5.4', 'high'],
      ['openai', 'gpt-5.4', 'low'],
      ['anthropic', 'claude-sonnet-4-6', 'high'],
      ['anthropic', 'claude-sonnet-5', 'high'],
      ['openai-compatible', 'qwen2.5vl', 'high'],
    ];
    for (const [provider, model, detail] of cases) {
      for (const [w, h] of [
        [3840, 2160],
        [1080, 1920],
        [5000, 700],
      ] as const) {
        const out = est(w, h, provider, model, detail);
        expect(out.width).toBeLessThanOrEqual(w);
        expect(Math.abs(out.height - (out.width * h) / w)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('auto: small crops go low, full screens go high', () => {
    expect(resolveAutoDetail({ width: 400, height: 120 })).toBe('low');
    expect(resolveAutoDetail({ width: 1024, height: 600 })).toBe('low');
    expect(resolveAutoDetail({ width: 1920, height: 1080 })).toBe('high');
    expect(resolveAutoDetail({ width: 3840, height: 2160 })).toBe('high');
    expect(est(400, 120, 'openai', 'gpt-4o', 'auto')).toMatchObject({ detail: 'low', tokens: 85 });
    expect(est(1920, 1080, 'openai', 'gpt-4o', 'auto')).toMatchObject({ detail: 'high', tokens: 1105 });
  });

  it('original: only gpt-5.4 and later; elsewhere a sentence', () => {
    expect(est(3840, 2160, 'openai', 'gpt-5.4', 'original')).toMatchObject({
      width: 3840,
      height: 2160,
      detail: 'original',
    });
    const huge = est(12000, 9000, 'openai', 'gpt-5.5', 'original');
    expect(Math.max(huge.width, huge.height)).toBeLessThanOrEqual(6000);
    expect(Math.ceil(huge.width / 32) * Math.ceil(huge.height / 32)).toBeLessThanOrEqual(10_000);
    for (const [provider, model] of [
      ['openai', 'gpt-4o'],
      ['openai', 'gpt-5.2'],
      ['anthropic', 'claude-sonnet-5-5'],
      // Newer than the model table: extraction sends it `high`, so the estimate does not promise more.
      ['openai', 'gpt-6'],
    ] as const) {
      expect(() => est(100, 100, provider, model, 'original')).toThrow(UserError);
      expect(() => est(100, 100, provider, model, 'original')).toThrow(
        /gpt-5\.4 and later\); \S+ takes low, high or auto/,
      );
    }
  });

  it('rejects sizes that are not pixels', () => {
    expect(() => est(0, 100, 'openai', 'gpt-4o')).toThrow(/whole numbers of pixels/);
    expect(() => est(10.5, 100, 'openai', 'gpt-4o')).toThrow(UserError);
  });
});
