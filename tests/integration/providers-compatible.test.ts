import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { UserError } from '../../src/shared/errors.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';
import { OpenAICompatibleProvider, rememberedMode } from '../../src/core/providers/openai-compatible.ts';
import { createProvider } from '../../src/core/providers/registry.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { extractFields } from '../../src/core/extraction/extract.ts';
import { say } from '../../src/shared/messages/catalogue.ts';
import { checkLocalOnly } from '../../src/core/pipeline.ts';
import {
  chatCompletion,
  FakeApi,
  modelList,
  openaiError,
  preparedImage,
  recordingLogger,
  refusedUrl,
  schemaObjects,
} from '../helpers/fake-apis.ts';

const FAST: RetryPolicy = { retries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 };
const ROUTE = 'POST /v1/chat/completions';
const MODEL = 'qwen3-vl:8b';
const profile: Profile = {
  id: 'contact',
  name: 'Contact',
  fields: parseFieldSpec('name, email:email, phone:phone'),
};
const GOOD = JSON.stringify({ name: 'Ana García', email: 'ana@example.com', phone: '+34 600 123 456' });

let api: FakeApi;
let image: PreparedImage;
const log = recordingLogger();

/** A fresh server per test: what worked is remembered per base URL, and each test starts clean. */
async function fresh(): Promise<void> {
  await api?.close();
  api = await FakeApi.start();
}

function provider(options: { baseUrl?: string; timeoutMs?: number; retry?: RetryPolicy } = {}) {
  return new OpenAICompatibleProvider({
    apiKey: 'not-needed',
    baseUrl: options.baseUrl ?? api.url('/v1'),
    logger: log.logger,
    retry: options.retry ?? FAST,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

type Body = Record<string, unknown> & { messages: Array<{ role: string; content: unknown }> };
const bodies = () => api.calls(ROUTE).map((r) => r.body as Body);
const schemaRejected = {
  status: 400,
  json: openaiError("invalid response_format: 'json_schema' is not supported", 'invalid_request_error'),
};

beforeAll(async () => {
  image = await preparedImage('png', 'auto');
});
beforeEach(fresh);
afterAll(() => api.close());

describe('openai-compatible provider: request shape', () => {
  it('Chat Completions with a strict json_schema, temperature 0, image_url data URL with detail', async () => {
    api.script(ROUTE, { json: chatCompletion({ content: GOOD }) });
    const output = await provider().extract({ image, profile, model: MODEL });
    const req = api.calls(ROUTE)[0]!;
    expect(req.headers.authorization).toBe('Bearer not-needed');
    const body = req.body as Body;
    expect(body.model).toBe(MODEL);
    expect(body.temperature).toBe(0);
    expect(body.max_tokens).toBe(8192);
    expect(body).not.toHaveProperty('reasoning_effort');
    const format = body.response_format as { type: string; json_schema: Record<string, unknown> };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'extracted_fields', strict: true });
    for (const o of schemaObjects(format.json_schema.schema)) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(['name', 'email', 'phone']);
    }
    expect(body.messages[0]!.role).toBe('system');
    const parts = body.messages[1]!.content as Array<Record<string, unknown>>;
    expect(parts[0]).toMatchObject({ type: 'text' });
    expect(parts[1]).toEqual({
      type: 'image_url',
      image_url: { url: `data:image/png;base64,${image.data.toString('base64')}`, detail: 'auto' },
    });
    expect(output).toMatchObject({ raw: GOOD, model: MODEL, usage: { inputTokens: 1203, outputTokens: 37 } });
  });
});

describe('openai-compatible provider: JSON fallbacks', () => {
  it('schema rejected with a 400: falls back to JSON mode, and remembers it for this server', async () => {
    api.script(
      ROUTE,
      schemaRejected,
      { json: chatCompletion({ content: GOOD }) },
      { json: chatCompletion({ content: GOOD }) },
    );
    const p = provider();
    expect((await p.extract({ image, profile, model: MODEL })).raw).toBe(GOOD);
    expect(rememberedMode(api.url('/v1'))).toBe('json_object');
    await p.extract({ image, profile, model: MODEL });
    const sent = bodies();
    expect(sent.map((b) => (b.response_format as { type: string } | undefined)?.type)).toEqual([
      'json_schema',
      'json_object',
      'json_object', // the next request starts where it worked
    ]);
    // In JSON mode the schema travels in the prompt.
    expect(sent[1]!.messages[0]!.content).toContain('"additionalProperties":false');
  });

  it('JSON mode rejected as well: prompt-only JSON, no response_format at all', async () => {
    api.script(ROUTE, schemaRejected, {
      status: 400,
      json: openaiError('response_format not supported', 'invalid_request_error'),
    });
    api.script(ROUTE, { json: chatCompletion({ content: '```json\n' + GOOD + '\n```' }) });
    const outcome = await extractFields(provider(), { image, profile, model: MODEL }, log.logger);
    expect(outcome.ok).toBe(true);
    expect(outcome.fields.email).toBe('ana@example.com');
    const last = bodies().at(-1)!;
    expect(last).not.toHaveProperty('response_format');
    expect(last.messages[0]!.content).toContain('JSON Schema');
    expect(rememberedMode(api.url('/v1'))).toBe('prompt');
  });

  it('malformed answer: one repair turn with the previous answer and the problems', async () => {
    api.script(
      ROUTE,
      { json: chatCompletion({ content: 'name: Ana' }) },
      { json: chatCompletion({ content: GOOD }) },
    );
    const outcome = await extractFields(provider(), { image, profile, model: MODEL }, log.logger);
    expect(outcome.ok).toBe(true);
    expect(outcome.attempts).toBe(2);
    const repair = bodies()[1]!;
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair.messages[2]!.content).toBe('name: Ana');
    expect(repair.messages[3]!.content).toContain('not valid JSON');
  });

  it('finish_reason length: cut off at the token limit', async () => {
    api.script(ROUTE, { json: chatCompletion({ content: '{"name": "Ana', finishReason: 'length' }) });
    const error = await failure(provider().extract({ image, profile, model: MODEL }));
    expect(error.message).toBe("The model's answer was cut off at the token limit.");
  });

  it('a refusal', async () => {
    api.script(ROUTE, { json: chatCompletion({ content: null, refusal: 'I cannot help with that.' }) });
    const error = await failure(provider().extract({ image, profile, model: MODEL }));
    expect(error.message).toBe('The model refused: I cannot help with that.');
  });
});

describe('openai-compatible provider: failures', () => {
  it('a base URL without /v1: the 404 says where the API should be', async () => {
    const error = await failure(provider({ baseUrl: api.url() }).extract({ image, profile, model: MODEL }));
    expect(error.message).toBe(
      `The server at ${api.url()} has no OpenAI-style API at that address (404) — the base URL should end in /v1.`,
    );
    expect(api.requests[0]!.path).toBe('/chat/completions');
  });

  it('a model the server does not have: a 404 about the model', async () => {
    api.script(ROUTE, {
      status: 404,
      json: openaiError('model "llava:13b" not found, try pulling it first', 'api_error'),
    });
    const error = await failure(provider().extract({ image, profile, model: 'llava:13b' }));
    expect(error.message).toBe('The model llava:13b does not exist or your key cannot use it (404).');
  });

  it('connection refused: is the server running?', async () => {
    const url = await refusedUrl('/v1');
    const error = await failure(
      provider({ baseUrl: url, retry: { ...FAST, retries: 0 } }).extract({ image, profile, model: MODEL }),
    );
    expect(error.message).toBe(`Could not reach ${url} — is the server running?`);
  });

  it('503 while the model loads: retried, then succeeds', async () => {
    api.script(ROUTE, { status: 503, json: openaiError('server busy, please try again', 'api_error') });
    api.script(ROUTE, { json: chatCompletion({ content: GOOD }) });
    expect((await provider().extract({ image, profile, model: MODEL })).raw).toBe(GOOD);
    expect(api.calls(ROUTE)).toHaveLength(2);
  });

  it('slow past the timeout', async () => {
    api.always(ROUTE, { delayMs: 1_000, json: chatCompletion({ content: GOOD }) });
    const error = await failure(
      provider({ timeoutMs: 200, retry: { ...FAST, retries: 0 } }).extract({ image, profile, model: MODEL }),
    );
    expect(error.message).toMatch(
      /^The server at .* did not answer within 0\.2 s; a longer wait can be set with --timeout \(or provider\.timeoutSeconds in settings\.json\)\.$/,
    );
    expect(api.calls(ROUTE)).toHaveLength(1);
  });
});

describe('openai-compatible provider: check and registry', () => {
  it('check: the server lists models but not the chosen one', async () => {
    api.script('GET /v1/models', { json: modelList(['llama3.2:3b', 'nomic-embed-text:latest']) });
    const error = await failure(provider().check(MODEL));
    expect(error.message).toBe(
      'This server has no vision model loaded named qwen3-vl:8b (it has: llama3.2:3b, nomic-embed-text:latest) — for Ollama: ollama pull qwen3-vl:8b.',
    );
    expect(api.calls(ROUTE)).toHaveLength(0);
  });

  it('check: the model is there and reads a tiny test image', async () => {
    api.script('GET /v1/models', { json: modelList([MODEL]) });
    api.script(ROUTE, { json: chatCompletion({ content: '{"colour":"white"}' }) });
    expect(say('en', await provider().check(MODEL))).toBe(
      `The server at ${api.url('/v1')} read a test image with ${MODEL} (structured output).`,
    );
    const parts = bodies()[0]!.messages[1]!.content as Array<{ type: string; image_url?: { url: string } }>;
    expect(parts[1]!.image_url!.url).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('check: a base URL without /v1', async () => {
    const error = await failure(provider({ baseUrl: api.url() }).check(MODEL));
    expect(error.message).toContain('the base URL should end in /v1');
  });

  it('local-only: a server on this machine keeps working, one on another host is refused', () => {
    for (const url of [
      api.url('/v1'),
      'http://localhost:11434/v1',
      'http://127.0.0.2:1234/v1',
      'http://[::1]:8080/v1',
    ]) {
      const local = provider({ baseUrl: url });
      expect(local.leavesMachine, url).toBe(false);
      expect(() => checkLocalOnly({ localOnly: true, provider: local })).not.toThrow();
    }
    const away = provider({ baseUrl: 'http://gpu-box.invalid:11434/v1' });
    expect(away.leavesMachine).toBe(true);
    expect(() => checkLocalOnly({ localOnly: true, provider: away })).toThrow(
      /Local-only mode is on .* nothing may be sent to openai-compatible/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it('registry: no key needed, Ollama by default; OPENAI_API_KEY is not sent to the server', async () => {
    const p = await createProvider('openai-compatible', {
      logger: log.logger,
      env: { OPENAI_API_KEY: 'sk-real-SECRET-key-000' },
    });
    expect(p.id).toBe('openai-compatible');
    expect(p.defaultModel).toBe('qwen3-vl:8b');
    expect(p.imageRequest(MODEL, 'original').detail).toBe('high');
  });

  it('registry: OPENAI_COMPATIBLE_API_KEY is sent when set', async () => {
    const p = await createProvider('openai-compatible', {
      logger: log.logger,
      env: { OPENAI_API_KEY: 'sk-real-SECRET-key-000', OPENAI_COMPATIBLE_API_KEY: 'vllm-token-1' },
      baseUrl: api.url('/v1'),
      retry: FAST,
    });
    api.script(ROUTE, { json: chatCompletion({ content: GOOD }) });
    await p.extract({ image, profile, model: MODEL });
    expect(api.calls(ROUTE)[0]!.headers.authorization).toBe('Bearer vllm-token-1');
  });
});
