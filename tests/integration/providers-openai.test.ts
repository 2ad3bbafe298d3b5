import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFieldSpec, type Effort, type Profile } from '../../src/shared/field.ts';
import { UserError } from '../../src/shared/errors.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';
import { OpenAIProvider } from '../../src/core/providers/openai.ts';
import { createProvider } from '../../src/core/providers/registry.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { extractFields } from '../../src/core/extraction/extract.ts';
import { say } from '../../src/shared/messages/catalogue.ts';
import {
  FakeApi,
  openaiError,
  openaiResponse,
  preparedImage,
  recordingLogger,
  refusedUrl,
  schemaObjects,
} from '../helpers/fake-apis.ts';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const FAST: RetryPolicy = { retries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 300 };
const ROUTE = 'POST /v1/responses';
const profile: Profile = {
  id: 'invoice',
  name: 'Invoice',
  fields: parseFieldSpec('invoice number, total:currency, due:date, qty:number'),
};
const GOOD = JSON.stringify({
  invoice_number: 'F-2026-0042',
  total: { amount: 1234.5, currency: 'EUR' },
  due: '2026-12-01',
  qty: 3,
});

let api: FakeApi;
let image: PreparedImage;
const log = recordingLogger();

function provider(options: { effort?: Effort | undefined; timeoutMs?: number; retry?: RetryPolicy } = {}) {
  return new OpenAIProvider({
    apiKey: KEY,
    baseUrl: api.url('/v1'),
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
  const message = (error as UserError).message;
  expect(message).not.toContain(KEY);
  expect(message).not.toContain('SECRET');
  return error as UserError;
}

beforeAll(async () => {
  api = await FakeApi.start();
  image = await preparedImage('png', 'high');
});
afterAll(async () => {
  await api.close();
  expect(log.lines.join('\n')).not.toContain('SECRET');
});
beforeEach(() => api.reset());

type Body = Record<string, unknown> & {
  input: Array<{ role: string; content: unknown }>;
  text: { format: Record<string, unknown> };
};

describe('openai provider: request shape', () => {
  it('gpt-5.5: Responses API, input_image data URL with detail, strict json_schema, lowest effort (none)', async () => {
    api.script(ROUTE, { json: openaiResponse({ text: GOOD, model: 'gpt-5.5-2026-04-23' }) });
    const output = await provider().extract({ image, profile, model: 'gpt-5.5' });

    const [req] = api.calls(ROUTE);
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['content-type']).toContain('application/json');
    const body = req!.body as Body;
    expect(body.model).toBe('gpt-5.5');
    expect(body.reasoning).toEqual({ effort: 'none' });
    expect(body.store).toBe(false);
    expect(body.max_output_tokens).toBe(16000);
    expect(body).not.toHaveProperty('temperature');
    expect(typeof body.instructions).toBe('string');
    expect(body.input).toHaveLength(1);
    const user = body.input[0]!;
    expect(user.role).toBe('user');
    const parts = user.content as Array<Record<string, unknown>>;
    expect(parts[0]).toMatchObject({ type: 'input_text' });
    expect(parts[0]!.text).toContain('invoice_number');
    expect(parts[1]).toEqual({
      type: 'input_image',
      image_url: `data:image/png;base64,${image.data.toString('base64')}`,
      detail: 'high',
    });
    const format = body.text.format;
    expect(format).toMatchObject({ type: 'json_schema', name: 'extracted_fields', strict: true });
    const objects = schemaObjects(format.schema);
    expect(objects.length).toBe(2); // the answer and the currency value
    for (const o of objects) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(Object.keys(o.properties as object));
    }

    expect(output.raw).toBe(GOOD);
    expect(output.model).toBe('gpt-5.5-2026-04-23');
    expect(output.usage).toEqual({ inputTokens: 812, outputTokens: 41 });
  });

  it('gpt-4o: no reasoning parameter at all, and `original` detail falls back to high', async () => {
    const p = provider();
    expect(p.imageRequest('gpt-4o', 'original')).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      detail: 'high',
    });
    expect(p.imageRequest('gpt-5.5', 'original').detail).toBe('original');
    api.script(ROUTE, { json: openaiResponse({ text: GOOD, model: 'gpt-4o-2024-08-06' }) });
    await p.extract({ image: { ...image, detail: 'original' }, profile, model: 'gpt-4o' });
    const body = api.calls(ROUTE)[0]!.body as Body;
    expect(body).not.toHaveProperty('reasoning');
    expect(body.max_output_tokens).toBe(4096);
    expect((body.input[0]!.content as Array<Record<string, unknown>>)[1]!.detail).toBe('high');
  });

  it('sends each model its own lowest effort, dated snapshots included, and a raised one when asked', async () => {
    const cases: Array<[string, string | undefined, 'minimal' | 'medium' | undefined]> = [
      ['gpt-4o-2024-08-06', undefined, undefined],
      ['gpt-4.1-mini', undefined, undefined],
      ['gpt-5-mini', 'minimal', undefined],
      ['gpt-5.1', 'none', undefined],
      ['gpt-5.4-mini-2026-03-17', 'none', undefined],
      ['o4-mini', 'low', undefined],
      ['gpt-5.5', 'medium', 'medium'],
      ['gpt-5.5', 'low', 'minimal'], // not accepted there: the next value up
      ['gpt-7-unknown', undefined, undefined], // unknown: let the API use its default, never a 400
    ];
    for (const [model, effort, wanted] of cases) {
      api.script(ROUTE, { json: openaiResponse({ text: GOOD, model }) });
      await provider({ effort: wanted }).extract({ image, profile, model });
      const body = api.requests.at(-1)!.body as Body;
      expect(body.reasoning, model).toEqual(effort === undefined ? undefined : { effort });
    }
  });

  it("a profile's effort wins over the provider setting", async () => {
    api.script(ROUTE, { json: openaiResponse({ text: GOOD, model: 'gpt-5.5' }) });
    await provider({ effort: 'low' }).extract({
      image,
      profile: { ...profile, effort: 'high' },
      model: 'gpt-5.5',
    });
    expect((api.requests.at(-1)!.body as Body).reasoning).toEqual({ effort: 'high' });
  });
});

describe('openai provider: replies', () => {
  it('a refusal is a failure with the model’s reason', async () => {
    api.script(ROUTE, { json: openaiResponse({ refusal: 'I can’t help with reading this document.' }) });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe('The model refused: I can’t help with reading this document.');
  });

  it('an answer cut off at max_output_tokens is a failure, never partial fields', async () => {
    api.script(ROUTE, {
      json: openaiResponse({
        text: '{"invoice_number": "F-20',
        status: 'incomplete',
        incompleteReason: 'max_output_tokens',
      }),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe("The model's answer was cut off at the token limit.");
  });

  it('malformed JSON: one repair request quoting the answer and the problem, then a failed outcome with raw kept', async () => {
    api.script(ROUTE, { json: openaiResponse({ text: '{"invoice_number": "F-1",' }) });
    api.script(ROUTE, { json: openaiResponse({ text: 'still not json' }) });
    const outcome = await extractFields(provider(), { image, profile, model: 'gpt-5.5' }, log.logger);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.raw).toBe('still not json');
    expect(say('en', outcome.error!)).toBe(
      'The model returned no usable JSON; its answer is kept with the result.',
    );
    expect(outcome.usage).toEqual({ inputTokens: 1624, outputTokens: 82 });

    const repair = api.calls(ROUTE)[1]!.body as Body;
    expect(repair.input).toHaveLength(3);
    expect(repair.input[1]).toEqual({ role: 'assistant', content: '{"invoice_number": "F-1",' });
    expect(repair.input[2]!.role).toBe('user');
    expect(repair.input[2]!.content).toContain('not valid JSON');
  });

  it('schema violation: the repair answer is used when it is valid', async () => {
    const wrong = JSON.stringify({
      invoice_number: 'F-1',
      total: { amount: 10, currency: 'EUR' },
      due: 'soon',
      qty: 1,
    });
    api.script(ROUTE, { json: openaiResponse({ text: wrong }) }, { json: openaiResponse({ text: GOOD }) });
    const outcome = await extractFields(provider(), { image, profile, model: 'gpt-5.5' }, log.logger);
    expect(outcome.ok).toBe(true);
    expect(outcome.attempts).toBe(2);
    expect(outcome.fields).toMatchObject({ invoice_number: 'F-2026-0042', due: '2026-12-01', qty: 3 });
    const repair = api.calls(ROUTE)[1]!.body as Body;
    expect(repair.input[2]!.content).toContain('"due"');
  });
});

describe('openai provider: failures', () => {
  it('401: the key was rejected, no retry, no key in the sentence', async () => {
    api.script(ROUTE, {
      status: 401,
      json: openaiError(`Incorrect API key provided: ${KEY}.`, 'invalid_request_error', 'invalid_api_key'),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe('The OpenAI key was rejected (401) — check it in Settings or OPENAI_API_KEY.');
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('400: the API’s reason, with an echoed key removed, and no retry', async () => {
    api.script(ROUTE, {
      status: 400,
      json: openaiError(`Invalid value for detail (key ${KEY}).`, 'invalid_request_error', 'invalid_value'),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-4o' }));
    expect(error.message).toBe('OpenAI rejected the request (400): Invalid value for detail (key [key]).');
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('404: the model does not exist or the key cannot use it', async () => {
    api.script(ROUTE, {
      status: 404,
      json: openaiError(
        'The model `gpt-9` does not exist or you do not have access to it.',
        'invalid_request_error',
        'model_not_found',
      ),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-9' }));
    expect(error.message).toBe('The model gpt-9 does not exist or your key cannot use it (404).');
  });

  it('429 with retry-after-ms: waits as asked, retries, then succeeds', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after-ms': '120' },
      json: openaiError('Rate limit reached for gpt-5.5 on tokens per min.', 'tokens', 'rate_limit_exceeded'),
    };
    api.script(ROUTE, limited, { json: openaiResponse({ text: GOOD }) });
    const started = performance.now();
    const output = await provider().extract({ image, profile, model: 'gpt-5.5' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(output.raw).toBe(GOOD);
    expect(api.calls(ROUTE)).toHaveLength(2);
    // The SDK's own retry is off: every attempt is ours.
    expect(api.calls(ROUTE).map((r) => r.headers['x-stainless-retry-count'] ?? '0')).toEqual(['0', '0']);
  });

  it('429 until the retries run out: one sentence saying so', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '0' },
      json: openaiError('Rate limit reached.', 'requests', 'rate_limit_exceeded'),
    };
    api.always(ROUTE, limited);
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe('Rate limited by OpenAI; retried 3 times.');
    expect(api.calls(ROUTE)).toHaveLength(4);
  });

  it('429 insufficient_quota is not retried: waiting does not add credit', async () => {
    api.always(ROUTE, {
      status: 429,
      json: openaiError('You exceeded your current quota.', 'insufficient_quota', 'insufficient_quota'),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe('The OpenAI account has no credit left (429) — check its billing.');
    expect(api.calls(ROUTE)).toHaveLength(1);
  });

  it('500: retried, then a sentence', async () => {
    api.always(ROUTE, {
      status: 500,
      json: openaiError('The server had an error while processing your request.', 'server_error'),
    });
    const error = await failure(provider().extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe('OpenAI had a server error (500); retried 3 times.');
    expect(api.calls(ROUTE)).toHaveLength(4);
  });

  it('slow past the timeout: one wait for every attempt, then a sentence', async () => {
    api.always(ROUTE, { delayMs: 1_000, json: openaiResponse({ text: GOOD }) });
    const p = provider({ timeoutMs: 200, retry: { ...FAST, retries: 1 } });
    const started = performance.now();
    const error = await failure(p.extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe(
      'OpenAI did not answer within 0.2 s; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json).',
    );
    // The wait was spent on the first attempt: no second one that would overrun it.
    expect(api.calls(ROUTE)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('a server that sends headers and then stalls also times out', async () => {
    api.always(ROUTE, { hang: true });
    const p = provider({ timeoutMs: 200, retry: { ...FAST, retries: 0 } });
    const error = await failure(p.extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe(
      'OpenAI did not answer within 0.2 s; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json).',
    );
  });

  it('the wait covers the retries: a quick failure, then silence, ends at the timeout', async () => {
    api.script(ROUTE, { status: 500, json: openaiError('boom', 'server_error') });
    api.always(ROUTE, { hang: true });
    const p = provider({ timeoutMs: 300, retry: { ...FAST, retries: 3 } });
    const started = performance.now();
    const error = await failure(p.extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toMatch(/^OpenAI did not answer within 0\.3 s \(after 1 retry\); /);
    expect(api.calls(ROUTE)).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a request may set its own wait (--timeout), longer or shorter than the default', async () => {
    api.always(ROUTE, { delayMs: 400, json: openaiResponse({ text: GOOD }) });
    const p = provider({ timeoutMs: 200, retry: { ...FAST, retries: 0 } });
    expect((await p.extract({ image, profile, model: 'gpt-5.5', timeoutMs: 3_000 })).raw).toBe(GOOD);
    const error = await failure(
      provider({ timeoutMs: 3_000 }).extract({ image, profile, model: 'gpt-5.5', timeoutMs: 100 }),
    );
    expect(error.message).toMatch(/^OpenAI did not answer within 0\.1 s; /);
  });

  it('a body cut off in transit is retried', async () => {
    api.script(ROUTE, { truncate: openaiResponse({ text: GOOD }) }, { json: openaiResponse({ text: GOOD }) });
    const output = await provider().extract({ image, profile, model: 'gpt-5.5' });
    expect(output.raw).toBe(GOOD);
    expect(api.calls(ROUTE)).toHaveLength(2);
  });

  it('a body cut off every time ends in a sentence', async () => {
    api.always(ROUTE, { truncate: openaiResponse({ text: GOOD }) });
    const error = await failure(
      provider({ retry: { ...FAST, retries: 1 } }).extract({ image, profile, model: 'gpt-5.5' }),
    );
    expect(error.message).toBe('The answer from OpenAI was cut off in transit; retried 1 time.');
  });

  it('connection refused: could not reach the base URL', async () => {
    const url = await refusedUrl('/v1');
    const p = new OpenAIProvider({
      apiKey: KEY,
      baseUrl: url,
      logger: log.logger,
      retry: { ...FAST, retries: 1 },
    });
    const error = await failure(p.extract({ image, profile, model: 'gpt-5.5' }));
    expect(error.message).toBe(`Could not reach ${url} — is the server running? (retried 1 time)`);
  });

  it('cancel: an aborted signal stops the request in flight at once, without retries', async () => {
    api.always(ROUTE, { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failure(
      provider().extract({ image, profile, model: 'gpt-5.5', signal: controller.signal }),
    );
    expect(error.message).toBe('The extraction was cancelled.');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(api.calls(ROUTE)).toHaveLength(1);
  });
});

describe('openai provider: check and registry', () => {
  it('check: asks for the model, says it is available', async () => {
    api.script('GET /v1/models/gpt-5.4-mini', {
      json: { id: 'gpt-5.4-mini', object: 'model', created: 1774000000, owned_by: 'system' },
    });
    expect(say('en', await provider().check('gpt-5.4-mini'))).toBe(
      'OpenAI accepted the key, and the model gpt-5.4-mini is available.',
    );
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('check: an unknown model is a 404 sentence', async () => {
    api.script('GET /v1/models/gpt-nope', {
      status: 404,
      json: openaiError("The model 'gpt-nope' does not exist", 'invalid_request_error', 'model_not_found'),
    });
    const error = await failure(provider().check('gpt-nope'));
    expect(error.message).toBe('The model gpt-nope does not exist or your key cannot use it (404).');
  });

  it('registry: a missing key is a usage error naming the variable and .env', async () => {
    let error: unknown;
    try {
      await createProvider('openai', { logger: log.logger, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('usage');
    expect((error as UserError).message).toContain('OPENAI_API_KEY');
    expect((error as UserError).message).toContain('.env');
  });

  it('registry: builds the provider with the key from the environment and the base URL', async () => {
    const p = await createProvider('openai', {
      logger: log.logger,
      env: { OPENAI_API_KEY: KEY },
      baseUrl: `${api.url('/v1')}/`,
      retry: FAST,
    });
    expect(p.id).toBe('openai');
    expect(p.remote).toBe(true);
    expect(p.defaultModel).toBe('gpt-5.4-mini');
    api.script(ROUTE, { json: openaiResponse({ text: GOOD }) });
    await p.extract({ image, profile, model: p.defaultModel });
    expect(api.calls(ROUTE)).toHaveLength(1);
    expect((api.calls(ROUTE)[0]!.body as Body).reasoning).toEqual({ effort: 'none' });
  });
});
