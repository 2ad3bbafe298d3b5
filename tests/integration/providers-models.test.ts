import { describe, expect, it } from 'vitest';
import {
  canonicalModel,
  costUsd,
  DEFAULT_MODELS,
  detailFor,
  effortFor,
  MODELS,
  MODELS_AS_OF,
  resolveModel,
} from '../../src/core/providers/models.ts';
import { backoffMs, withRetry, type RetryPolicy } from '../../src/core/providers/retry.ts';

describe('model table', () => {
  it('is dated and has a known entry for every default cloud model', () => {
    expect(MODELS_AS_OF).toBe('2026-11');
    expect(MODELS[DEFAULT_MODELS.openai]?.vendor).toBe('openai');
    expect(MODELS[DEFAULT_MODELS.anthropic]?.vendor).toBe('anthropic');
  });

  it('resolves dated snapshots and fine-tunes to their family', () => {
    expect(canonicalModel('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(canonicalModel('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(canonicalModel('GPT-5.4-mini-2026-03-17')).toBe('gpt-5.4-mini');
    expect(resolveModel('openai', 'gpt-4o-2024-08-06').known).toBe('gpt-4o');
    expect(resolveModel('openai', 'ft:gpt-4o-2024-08-06:acme::abc123').known).toBe('gpt-4o');
    expect(resolveModel('anthropic', 'claude-haiku-4-5-20251001').known).toBe('claude-haiku-4-5');
    // The pro and mini variants are not their flagship: no prefix matching.
    expect(resolveModel('openai', 'gpt-5.5-pro').efforts).toEqual([]);
    expect(resolveModel('openai', 'gpt-4o-mini').known).toBe('gpt-4o-mini');
  });

  it('unknown models get safe fallbacks and never throw', () => {
    const unknown = resolveModel('openai', 'gpt-7-turbo');
    expect(unknown.known).toBeUndefined();
    expect(effortFor(unknown)).toBeUndefined();
    expect(detailFor(unknown, 'original')).toBe('high');
    expect(unknown.maxOutputTokens).toBeGreaterThan(0);
    // A Claude name asked of OpenAI is unknown there, not a crash.
    expect(resolveModel('openai', 'claude-sonnet-5-5').known).toBeUndefined();
    expect(resolveModel('anthropic', '').known).toBeUndefined();
  });

  it('lowest effort per model, raised on request to the nearest accepted value', () => {
    expect(effortFor(resolveModel('openai', 'gpt-4o'))).toBeUndefined();
    expect(effortFor(resolveModel('openai', 'gpt-5'))).toBe('minimal');
    expect(effortFor(resolveModel('openai', 'gpt-5.1'))).toBe('none');
    expect(effortFor(resolveModel('openai', 'gpt-5.5'))).toBe('none');
    expect(effortFor(resolveModel('openai', 'gpt-5.5'), 'minimal')).toBe('low');
    expect(effortFor(resolveModel('openai', 'gpt-5.5'), 'max')).toBe('xhigh');
    expect(effortFor(resolveModel('openai', 'gpt-5.6-luna'), 'max')).toBe('max');
    expect(effortFor(resolveModel('anthropic', 'claude-haiku-4-5'))).toBeUndefined();
    expect(effortFor(resolveModel('anthropic', 'claude-sonnet-5-5'))).toBe('low');
    expect(effortFor(resolveModel('anthropic', 'claude-sonnet-4-6'), 'xhigh')).toBe('max');
  });

  it('original detail only on gpt-5.4 and later', () => {
    expect(detailFor(resolveModel('openai', 'gpt-4o'), 'original')).toBe('high');
    expect(detailFor(resolveModel('openai', 'gpt-5.2'), 'original')).toBe('high');
    expect(detailFor(resolveModel('openai', 'gpt-5.4'), 'original')).toBe('original');
    expect(detailFor(resolveModel('openai', 'gpt-5.5-2026-04-23'), 'original')).toBe('original');
    expect(detailFor(resolveModel('openai', 'gpt-4o'), 'low')).toBe('low');
  });

  it('costUsd: per-million prices, dated names, overrides, unknown -> undefined', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000 };
    expect(costUsd('gpt-4o-2024-08-06', usage)).toBeCloseTo(2.5 + 1, 6);
    expect(costUsd('claude-sonnet-5-5', { inputTokens: 1600, outputTokens: 60 })).toBeCloseTo(0.0038, 8);
    expect(costUsd('gpt-4o', usage, { 'gpt-4o': { input: 1, output: 1 } })).toBeCloseTo(1.1, 6);
    expect(costUsd('qwen3-vl:8b', usage)).toBeUndefined();
    expect(costUsd('gpt-4o', undefined)).toBeUndefined();
  });
});

describe('retry', () => {
  const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 400, maxRetryAfterMs: 1000 };

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(policy, 0, () => 0)).toBe(50);
    expect(backoffMs(policy, 0, () => 1)).toBe(100);
    expect(backoffMs(policy, 2, () => 1)).toBe(400);
    expect(backoffMs(policy, 5, () => 1)).toBe(400);
  });

  it('stops at once on a non-retryable error, and after the retries on a retryable one', async () => {
    let calls = 0;
    const fail = (error: unknown, retries: number) => new Error(`${String(error)} after ${retries}`);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw 'bad request';
        },
        { policy: { ...policy, baseDelayMs: 1 }, retryable: () => false, fail },
      ),
    ).rejects.toThrow('bad request after 0');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw 'busy';
        },
        { policy: { ...policy, baseDelayMs: 1 }, retryable: () => true, fail },
      ),
    ).rejects.toThrow('busy after 3');
    expect(calls).toBe(4);
  });

  it('honours retry-after up to the cap, and a cancel during the wait ends it at once', async () => {
    const controller = new AbortController();
    const delays: number[] = [];
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 60);
    await expect(
      withRetry(
        async () => {
          throw 'limited';
        },
        {
          policy,
          signal: controller.signal,
          retryable: () => true,
          retryAfterMs: () => 60_000,
          fail: (error) => (error instanceof Error ? error : new Error(String(error))),
          onRetry: (_e, delay) => delays.push(delay),
        },
      ),
    ).rejects.toThrow('cancelled');
    expect(delays).toEqual([1000]);
    expect(performance.now() - started).toBeLessThan(900);
  });
});
