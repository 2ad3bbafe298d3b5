import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { resultRelPath } from '../../src/core/store/files.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { parseResult, type ProviderId, type Result } from '../../src/shared/result.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { tempHome } from '../helpers/cli.ts';
import { renderDocument } from '../helpers/documents.ts';
import {
  anthropicError,
  anthropicMessage,
  FakeApi,
  openaiError,
  openaiResponse,
  refusedUrl,
  type Reply,
} from '../helpers/fake-apis.ts';

const FAST: RetryPolicy = { retries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 };
const GOOD = JSON.stringify({ invoice_number: 'INV-0042', total: 1234.56 });

interface Vendor {
  provider: Extract<ProviderId, 'openai' | 'anthropic'>;
  route: string;
  /** The API's base URL on the fake server (Anthropic's SDK adds /v1 itself). */
  base: (api: FakeApi) => string;
  models: [older: string, newest: string];
  ok: (text: string, model?: string) => Reply;
  refusal: Reply;
  truncated: Reply;
  badKey: Reply;
  rateLimited: Reply;
  serverError: Reply;
  sentences: { refusal: RegExp; badKey: string; rateLimited: string; serverError: string };
}

const VENDORS: Vendor[] = [
  {
    provider: 'openai',
    route: 'POST /v1/responses',
    base: (api) => api.url('/v1'),
    models: ['gpt-4o', 'gpt-5.5'],
    ok: (text, model) => ({ json: openaiResponse({ text, ...(model ? { model } : {}) }) }),
    refusal: { json: openaiResponse({ refusal: 'I can’t help with that.' }) },
    truncated: {
      json: openaiResponse({
        text: '{"invoice_nu',
        status: 'incomplete',
        incompleteReason: 'max_output_tokens',
      }),
    },
    badKey: {
      status: 401,
      json: openaiError('Incorrect API key', 'invalid_request_error', 'invalid_api_key'),
    },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '0' },
      json: openaiError('Rate limit reached', 'requests', 'rate_limit_exceeded'),
    },
    serverError: { status: 500, json: openaiError('The server had an error', 'server_error') },
    sentences: {
      refusal: /^The model refused: I can’t help with that\.$/,
      badKey: 'The OpenAI key was rejected (401) — check it in Settings or OPENAI_API_KEY.',
      rateLimited: 'Rate limited by OpenAI; retried 2 times. It is kept and will be retried.',
      serverError: 'OpenAI had a server error (500); retried 2 times. It is kept and will be retried.',
    },
  },
  {
    provider: 'anthropic',
    route: 'POST /v1/messages',
    base: (api) => api.url(),
    models: ['claude-sonnet-4-6', 'claude-sonnet-5-5'],
    ok: (text, model) => ({ json: anthropicMessage({ text, ...(model ? { model } : {}) }) }),
    refusal: {
      json: anthropicMessage({
        stopReason: 'refusal',
        stopDetails: { category: 'cyber', explanation: 'This looks like an attempt to bypass security.' },
      }),
    },
    truncated: { json: anthropicMessage({ text: '{"invoice_nu', stopReason: 'max_tokens' }) },
    badKey: { status: 401, json: anthropicError('authentication_error', 'invalid x-api-key') },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '0' },
      json: anthropicError('rate_limit_error', 'Number of requests has exceeded your rate limit'),
    },
    serverError: { status: 500, json: anthropicError('api_error', 'Internal server error') },
    sentences: {
      refusal: /^The model refused: /,
      badKey: 'The Anthropic key was rejected (401) — check it in Settings or ANTHROPIC_API_KEY.',
      rateLimited: 'Rate limited by Anthropic; retried 2 times. It is kept and will be retried.',
      serverError: 'Anthropic had a server error (500); retried 2 times. It is kept and will be retried.',
    },
  },
];

/** The result as its file on disk says, not as the call returned it. */
function onDisk(home: string, result: Result): Result {
  const file = path.join(home, 'results', resultRelPath(result.id));
  const stored = parseResult(JSON.parse(readFileSync(file, 'utf8')));
  // The image path is stored relative to the data home (images/<id>.png): resolved as the store does.
  expect(stored.image.path).toBe(`images/${result.id}.png`);
  stored.image.path = path.join(home, stored.image.path);
  return stored;
}

// Every failure a provider can meet, through the real AppService, pipeline and store, with the official
// SDKs against a loopback server, for an older and a newest model of each vendor: each ends with the
// right status and sentence in the result file, its image kept, and a `sent` record whenever the image
// reached the server.
describe.each(VENDORS)('$provider failures end on disk', (vendor) => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let shot: string;
  const profile: Profile = {
    id: 'inv',
    name: 'Invoices',
    fields: parseFieldSpec('invoice number, total:number'),
  };

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-FAIL-0123456789', ANTHROPIC_API_KEY: 'sk-ant-test-FAIL-0123456789' },
    });
    shot = path.join(home, 'shot.png');
    await writeFile(shot, (await renderDocument({ kind: 'invoice', seed: 3 })).png);
    // Created first with a short retry policy and timeout; extractions at this base URL reuse it.
    await app.provider(vendor.provider, { baseUrl: vendor.base(api), retry: FAST, timeoutMs: 300 });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  async function run(model: string, replies: Reply[], baseUrl = vendor.base(api)): Promise<Result> {
    api.reset();
    if (replies.length > 0) api.always(vendor.route, replies.at(-1)!);
    if (replies.length > 1) api.script(vendor.route, ...replies.slice(0, -1));
    const result = await app.extract(
      { kind: 'file', path: shot },
      { profile, provider: vendor.provider, model, baseUrl, detail: 'high' },
    );
    const stored = onDisk(home, result);
    expect(stored).toEqual(result);
    expect(readFileSync(stored.image.path).equals(readFileSync(shot))).toBe(true);
    return stored;
  }

  it('prices in settings override the dated table for the cost kept', async () => {
    const [model] = vendor.models;
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, prices: { [model]: { input: 1000, output: 0 } } });
    try {
      const r = await run(model, [vendor.ok(GOOD, model)]);
      expect(r.sent?.costUsd).toBeCloseTo((r.usage!.inputTokens * 1000) / 1_000_000, 6);
    } finally {
      await app.saveSettings(settings);
    }
  });

  describe.each(vendor.models)('%s', (model) => {
    it('ok: the fields, usage and what was sent with its cost', async () => {
      const r = await run(model, [vendor.ok(GOOD, model)]);
      expect(r).toMatchObject({ status: 'ok', fields: { invoice_number: 'INV-0042', total: 1234.56 } });
      expect(r.usage?.inputTokens).toBeGreaterThan(0);
      expect(r.sent).toMatchObject({ provider: vendor.provider, model, detail: 'high' });
      expect(r.sent?.costUsd).toBeGreaterThan(0);
    });

    it('a refusal is failed with the model’s reason', async () => {
      const r = await run(model, [vendor.refusal]);
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(vendor.sentences.refusal);
      expect(r.sent?.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('cut off at the token limit is failed, never partial fields', async () => {
      const r = await run(model, [vendor.truncated]);
      expect(r).toMatchObject({
        status: 'failed',
        error: "The model's answer was cut off at the token limit.",
      });
      expect(r.fields).toEqual({ invoice_number: null, total: null });
      expect(r.sent).toBeDefined();
    });

    it('malformed JSON twice: one repair, then failed with the raw answer kept', async () => {
      const r = await run(model, [vendor.ok('not json at all')]);
      expect(api.calls(vendor.route)).toHaveLength(2);
      expect(r.status).toBe('failed');
      expect(r.raw).toBe('not json at all');
      expect(r.error).toMatch(/^The model returned no usable JSON/);
    });

    it('a schema violation twice: failed with the problem named', async () => {
      const r = await run(model, [vendor.ok(JSON.stringify({ invoice_number: 42, total: 'lots' }))]);
      expect(api.calls(vendor.route)).toHaveLength(2);
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/^The answer did not match the fields: .*total/);
    });

    it('401: failed, the key named, not retried', async () => {
      const r = await run(model, [vendor.badKey]);
      expect(api.calls(vendor.route)).toHaveLength(1);
      expect(r).toMatchObject({ status: 'failed', error: vendor.sentences.badKey });
      expect(JSON.stringify(r)).not.toContain('FAIL-0123456789');
    });

    it('429 with retry-after beyond the retries: pending, to try later', async () => {
      const r = await run(model, [vendor.rateLimited]);
      expect(api.calls(vendor.route)).toHaveLength(3);
      expect(r).toMatchObject({ status: 'pending', error: vendor.sentences.rateLimited });
      expect(r.sent).toBeDefined();
    });

    it('500 beyond the retries: pending', async () => {
      const r = await run(model, [vendor.serverError]);
      expect(r).toMatchObject({ status: 'pending', error: vendor.sentences.serverError });
    });

    it('slow past the timeout: pending', async () => {
      const r = await run(model, [{ hang: true }]);
      expect(r.status).toBe('pending');
      expect(r.error).toMatch(
        /^.+ did not answer within 0\.3 s; a longer wait can be set with --timeout \(or provider\.timeoutSeconds in settings\.json\)\. It is kept and will be retried\.$/,
      );
    });

    it('a body cut off in transit: pending', async () => {
      const r = await run(model, [{ truncate: { id: 'x', content: [] } }]);
      expect(r.status).toBe('pending');
      expect(r.error).toMatch(/was cut off in transit; retried 2 times\. It is kept and will be retried\.$/);
    });

    it('connection refused: pending, and nothing was sent', async () => {
      const down = await refusedUrl(vendor.provider === 'openai' ? '/v1' : '');
      await app.provider(vendor.provider, { baseUrl: down, retry: FAST, timeoutMs: 300 });
      const r = await run(model, [], down);
      expect(r.status).toBe('pending');
      expect(r.error).toMatch(
        /^Could not reach .* — is the server running\?.* It is kept and will be retried\.$/,
      );
      expect(r.sent).toBeUndefined();
    });
  });
});
