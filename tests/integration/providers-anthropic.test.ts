import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { UserError } from '../../src/shared/errors.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';
import { AnthropicProvider } from '../../src/core/providers/anthropic.ts';
import { createProvider } from '../../src/core/providers/registry.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { extractFields } from '../../src/core/extraction/extract.ts';
import { say } from '../../src/shared/messages/catalogue.ts';
import {
  anthropicError,
  anthropicMessage,
  FakeApi,
  preparedImage,
  recordingLogger,
  refusedUrl,
  schemaObjects,
} from '../helpers/fake-apis.ts';

const KEY = 'sk-ant-api03-SECRET-0123456789abcdef';
const FAST: RetryPolicy = { retries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 };
const ROUTE = 'POST /v1/messages';
const profile: Profile = {
  id: 'receipt',
  name: 'Receipt',
  fields: parseFieldSpec('merchant, total:number, date:date, items:list'),
};
const GOOD = JSON.stringify({
  merchant: 'Café Central',
  total: 18.4,
  date: '2026-11-20',
  items: ['Tea', 'Cake'],
});

let api: FakeApi;
let png: PreparedImage;
const log = recordingLogger();

function provider(options: { timeoutMs?: number; retry?: RetryPolicy; effort?: 'medium' } = {}) {
  return new AnthropicProvider({
    apiKey: KEY,
    baseUrl: api.url(),
    logger: log.logger,
    retry: options.retry ?? FAST,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.effort ? { effort: options.effort } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).message).not.toContain('SECRET');
  return error as UserError;
}

beforeAll(async () => {
  api = await FakeApi.start();
  png = await preparedImage('png', 'high');
});
afterAll(async () => {
  await api.close();
  expect(log.lines.join('\n')).not.toContain('SECRET');
});
beforeEach(() => api.reset());

type Body = Record<string, unknown> & {
  messages: Array<{ role: string; content: unknown }>;
  output_config: { format: { type: string; schema: unknown }; effort?: string };
};

function lastBody(): Body {
  return api.requests.at(-1)!.body as Body;
}

describe('anthropic provider: request shape', () => {
  it('claude-sonnet-5-5: native structured output, effort low, no sampling parameters, no forced tools, no thinking off', async () => {
    api.script(ROUTE, { json: anthropicMessage({ thinking: 'Reading the receipt.', text: GOOD }) });
    const output = await provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' });

    const req = api.calls(ROUTE)[0]!;
    // SDK 1.x sends the API key as a bearer token (0.x used x-api-key); either way, exactly once.
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['x-api-key']).toBeUndefined();
    expect(req.headers['anthropic-version']).toBe('2026-10-21');
    const body = req.body as Body;
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.max_tokens).toBe(16000);
    expect(typeof body.system).toBe('string');
    for (const forbidden of ['temperature', 'top_p', 'top_k', 'tool_choice', 'tools', 'thinking', 'stream']) {
      expect(body, forbidden).not.toHaveProperty(forbidden);
    }
    expect(body.output_config.effort).toBe('low');
    expect(body.output_config.format.type).toBe('json_schema');
    const objects = schemaObjects(body.output_config.format.schema);
    expect(objects).toHaveLength(1);
    for (const o of objects) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(['merchant', 'total', 'date', 'items']);
    }
    expect(body.messages).toHaveLength(1);
    const [imagePart, textPart] = body.messages[0]!.content as Array<Record<string, unknown>>;
    expect(imagePart).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: png.data.toString('base64') },
    });
    expect(textPart).toMatchObject({ type: 'text' });

    expect(output.raw).toBe(GOOD); // the thinking block is not the answer
    expect(output.usage).toEqual({ inputTokens: 1650, outputTokens: 58 });
  });

  it('claude-sonnet-4-6: the same shape, effort low, no thinking parameter', async () => {
    api.script(ROUTE, { json: anthropicMessage({ text: GOOD, model: 'claude-sonnet-4-6' }) });
    await provider().extract({ image: png, profile, model: 'claude-sonnet-4-6' });
    const body = lastBody();
    expect(body.output_config.effort).toBe('low');
    expect(body.max_tokens).toBe(4096);
    for (const forbidden of ['temperature', 'top_p', 'top_k', 'tool_choice', 'thinking']) {
      expect(body, forbidden).not.toHaveProperty(forbidden);
    }
    expect(api.requests.at(-1)!.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('per model: effort only where accepted, thinking switched off only where allowed', async () => {
    const cases: Array<[string, string | undefined, boolean]> = [
      ['claude-haiku-4-5-20251001', undefined, false],
      ['claude-sonnet-4-5-20250929', undefined, false],
      ['claude-opus-4-5', 'low', false],
      ['claude-haiku-5-5', 'low', true],
      ['claude-opus-5-5', 'low', false],
      ['claude-next-7', undefined, false], // unknown: nothing a model could reject
    ];
    for (const [model, effort, thinkingOff] of cases) {
      api.script(ROUTE, { json: anthropicMessage({ text: GOOD, model }) });
      await provider().extract({ image: png, profile, model });
      const body = lastBody();
      expect(body.output_config.effort, model).toBe(effort);
      expect(body.thinking, model).toEqual(thinkingOff ? { type: 'disabled' } : undefined);
    }
    api.script(ROUTE, { json: anthropicMessage({ text: GOOD }) });
    await provider({ effort: 'medium' }).extract({ image: png, profile, model: 'claude-sonnet-5-5' });
    expect(lastBody().output_config.effort).toBe('medium');
  });

  it('media_type follows the bytes: a JPEG goes as image/jpeg', async () => {
    const jpeg = await preparedImage('jpeg');
    api.script(ROUTE, { json: anthropicMessage({ text: GOOD }) });
    await provider().extract({ image: jpeg, profile, model: 'claude-sonnet-5-5' });
    const [imagePart] = lastBody().messages[0]!.content as Array<{
      source: { media_type: string; data: string };
    }>;
    expect(imagePart!.source.media_type).toBe('image/jpeg');
    expect(Buffer.from(imagePart!.source.data, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('imageRequest: original becomes high (Claude has no detail setting)', () => {
    expect(provider().imageRequest('claude-sonnet-5-5', 'original')).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      detail: 'high',
    });
  });
});

describe('anthropic provider: replies', () => {
  it('stop_reason refusal: a failure with the explanation', async () => {
    api.script(ROUTE, {
      json: anthropicMessage({
        stopReason: 'refusal',
        stopDetails: {
          category: 'general_harms',
          explanation: 'The request could be related to a harmful area.',
        },
      }),
    });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe('The model refused: The request could be related to a harmful area.');
  });

  it('stop_reason max_tokens: a failure, never partial fields', async () => {
    api.script(ROUTE, { json: anthropicMessage({ text: '{"merchant": "Caf', stopReason: 'max_tokens' }) });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-4-6' }));
    expect(error.message).toBe("The model's answer was cut off at the token limit.");
  });

  it('malformed JSON: the repair turn quotes the answer and the problem; still bad -> failed with raw kept', async () => {
    api.script(
      ROUTE,
      { json: anthropicMessage({ text: 'Here is the data: merchant Café Central' }) },
      { json: anthropicMessage({ text: '{"merchant": "Café Central"' }) },
    );
    const outcome = await extractFields(
      provider(),
      { image: png, profile, model: 'claude-sonnet-5-5' },
      log.logger,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.raw).toBe('{"merchant": "Café Central"');
    expect(say('en', outcome.error!)).toBe(
      'The model returned no usable JSON; its answer is kept with the result.',
    );
    const repair = api.calls(ROUTE)[1]!.body as Body;
    expect(repair.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair.messages[1]!.content).toBe('Here is the data: merchant Café Central');
    expect(repair.messages[2]!.content).toContain('not valid JSON');
    expect(repair).not.toHaveProperty('temperature');
  });

  it('schema violation then a valid repair: ok', async () => {
    const wrong = JSON.stringify({
      merchant: 'Café Central',
      total: 'eighteen',
      date: '2026-11-20',
      items: [],
    });
    api.script(
      ROUTE,
      { json: anthropicMessage({ text: wrong }) },
      { json: anthropicMessage({ text: GOOD }) },
    );
    const outcome = await extractFields(
      provider(),
      { image: png, profile, model: 'claude-sonnet-5-5' },
      log.logger,
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.fields).toMatchObject({ merchant: 'Café Central', total: 18.4, items: ['Tea', 'Cake'] });
    expect((api.calls(ROUTE)[1]!.body as Body).messages[2]!.content).toContain('"total"');
  });
});

describe('anthropic provider: failures', () => {
  it('401: the key was rejected, no retry', async () => {
    api.script(ROUTE, { status: 401, json: anthropicError('authentication_error', 'invalid x-api-key') });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe(
      'The Anthropic key was rejected (401) — check it in Settings or ANTHROPIC_API_KEY.',
    );
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('400 (e.g. a rejected parameter): the API’s reason, no retry', async () => {
    api.script(ROUTE, {
      status: 400,
      json: anthropicError('invalid_request_error', 'thinking.type.disabled: not supported for this model.'),
    });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe(
      'Anthropic rejected the request (400): thinking.type.disabled: not supported for this model.',
    );
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('404: the model does not exist', async () => {
    api.script(ROUTE, { status: 404, json: anthropicError('not_found_error', 'model: claude-sonnet-9') });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-9' }));
    expect(error.message).toBe('The model claude-sonnet-9 does not exist or your key cannot use it (404).');
  });

  it('429 with retry-after (seconds, capped): retried, then succeeds', async () => {
    api.script(
      ROUTE,
      {
        status: 429,
        headers: { 'retry-after': '30' },
        json: anthropicError(
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
        ),
      },
      { json: anthropicMessage({ text: GOOD }) },
    );
    const started = performance.now();
    const output = await provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(190); // the 30 s asked for, capped at the policy's 200 ms
    expect(waited).toBeLessThan(5_000);
    expect(output.raw).toBe(GOOD);
  });

  it('429 exhausted: "Rate limited by Anthropic; retried 3 times."', async () => {
    api.always(ROUTE, {
      status: 429,
      headers: { 'retry-after': '0' },
      json: anthropicError('rate_limit_error', 'rate limited'),
    });
    const error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe('Rate limited by Anthropic; retried 3 times.');
    expect(api.calls(ROUTE)).toHaveLength(4);
  });

  it('529 overloaded and 500: retried, then a sentence', async () => {
    api.always(ROUTE, { status: 529, json: anthropicError('overloaded_error', 'Overloaded') });
    let error = await failure(provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe('Anthropic is overloaded (529); retried 3 times.');
    api.reset();
    api.script(ROUTE, { status: 500, json: anthropicError('api_error', 'Internal server error') });
    api.always(ROUTE, { json: anthropicMessage({ text: GOOD }) });
    expect((await provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' })).raw).toBe(GOOD);
    api.reset();
    api.always(ROUTE, { status: 500, json: anthropicError('api_error', 'Internal server error') });
    error = await failure(
      provider({ retry: { ...FAST, retries: 2 } }).extract({
        image: png,
        profile,
        model: 'claude-sonnet-5-5',
      }),
    );
    expect(error.message).toBe('Anthropic had a server error (500); retried 2 times.');
  });

  it('slow past the timeout', async () => {
    api.always(ROUTE, { delayMs: 1_000, json: anthropicMessage({ text: GOOD }) });
    const error = await failure(
      provider({ timeoutMs: 200, retry: { ...FAST, retries: 1 } }).extract({
        image: png,
        profile,
        model: 'claude-sonnet-5-5',
      }),
    );
    expect(error.message).toBe(
      'Anthropic did not answer within 0.2 s; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json).',
    );
    // One wait for every attempt: spent on the first, so no second attempt.
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('a truncated body is retried, and succeeds the second time', async () => {
    api.script(
      ROUTE,
      { truncate: anthropicMessage({ text: GOOD }) },
      { json: anthropicMessage({ text: GOOD }) },
    );
    expect((await provider().extract({ image: png, profile, model: 'claude-sonnet-5-5' })).raw).toBe(GOOD);
    expect(api.calls(ROUTE)).toHaveLength(2);
  });

  it('connection refused', async () => {
    const url = await refusedUrl();
    const p = new AnthropicProvider({
      apiKey: KEY,
      baseUrl: url,
      logger: log.logger,
      retry: { ...FAST, retries: 0 },
    });
    const error = await failure(p.extract({ image: png, profile, model: 'claude-sonnet-5-5' }));
    expect(error.message).toBe(`Could not reach ${url} — is the server running?`);
  });
});

describe('anthropic provider: check and registry', () => {
  it('check: retrieves the model', async () => {
    api.script('GET /v1/models/claude-haiku-5-5', {
      json: {
        type: 'model',
        id: 'claude-haiku-5-5',
        display_name: 'Claude Haiku 5.5',
        created_at: '2026-10-07T00:00:00Z',
      },
    });
    expect(say('en', await provider().check('claude-haiku-5-5'))).toBe(
      'Anthropic accepted the key, and the model claude-haiku-5-5 is available.',
    );
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('check: a rejected key', async () => {
    api.script('GET /v1/models/claude-haiku-5-5', {
      status: 401,
      json: anthropicError('authentication_error', 'invalid x-api-key'),
    });
    const error = await failure(provider().check('claude-haiku-5-5'));
    expect(error.message).toContain('ANTHROPIC_API_KEY');
  });

  it('registry: missing key is a usage sentence; with a key, the default model is claude-haiku-5-5', async () => {
    await expect(createProvider('anthropic', { logger: log.logger, env: {} })).rejects.toThrow(
      /ANTHROPIC_API_KEY.*\.env/,
    );
    const p = await createProvider('anthropic', {
      logger: log.logger,
      env: { ANTHROPIC_API_KEY: KEY },
      baseUrl: api.url(),
    });
    expect(p.defaultModel).toBe('claude-haiku-5-5');
    expect(p.remote).toBe(true);
  });

  it('registry: a base URL ending in /v1 (the OpenAI way) still reaches /v1/messages', async () => {
    api.script(ROUTE, { json: anthropicMessage({ text: GOOD }) });
    const p = await createProvider('anthropic', {
      logger: log.logger,
      env: { ANTHROPIC_API_KEY: KEY },
      baseUrl: api.url('/v1'),
    });
    await p.extract({ image: png, profile, model: 'claude-sonnet-5-5' });
    expect(api.requests.at(-1)!.path).toBe('/v1/messages');
  });
});
