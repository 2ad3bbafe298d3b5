import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { resultRelPath } from '../../src/core/store/files.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { parseResult, type ProviderId, type Result } from '../../src/shared/result.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { tempHome } from '../helpers/cli.ts';
import { renderDocument } from '../helpers/documents.ts';
import {
  anthropicMessage,
  chatCompletion,
  FakeApi,
  openaiError,
  openaiResponse,
  type RecordedRequest,
  type Reply,
} from '../helpers/fake-apis.ts';
import { sentSchema, strictly, strictSchemaProblems, type StrictVendor } from '../helpers/strict-schema.ts';

// Issue 19, part 2: a table profile through the real AppService, pipeline and store, with the
// official SDKs against loopback servers that refuse a schema the vendor would refuse.

const FAST: RetryPolicy = { retries: 1, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 };

const profile: Profile = {
  id: 'inv',
  name: 'Invoices',
  fields: parseFieldSpec(
    'invoice number, date:date, subtotal:number, tax:number, total:number, items:table(description, quantity:number, unit price:number, amount:number, delivered:date)',
  ),
};

/** What a model sends: numbers as numbers (strict output), a date as the page prints it. */
const ROWS = [
  { description: 'Bolts M8', quantity: 10, unit_price: 2.5, amount: 25, delivered: '24/11/2026' },
  { description: 'Nuts M8', quantity: 10, unit_price: 1.25, amount: 12.5, delivered: null },
];
const ANSWER = {
  invoice_number: 'INV-0042',
  date: '2026-11-20',
  subtotal: 37.5,
  tax: 7.88,
  total: 45.38,
  items: ROWS,
};
/** The rows as stored: typed, dates ISO. */
const STORED_ROWS = [
  { description: 'Bolts M8', quantity: 10, unit_price: 2.5, amount: 25, delivered: '2026-11-24' },
  { description: 'Nuts M8', quantity: 10, unit_price: 1.25, amount: 12.5, delivered: null },
];
const NO_FIELDS = {
  invoice_number: null,
  date: null,
  subtotal: null,
  tax: null,
  total: null,
  items: null,
};
/** A table cut off mid-row, as a reply stopped at the token limit leaves it. */
const CUT = `${JSON.stringify({ ...ANSWER, items: [ROWS[0]] }).slice(0, -3)}, {"description": "Wash`;

interface Vendor {
  provider: Extract<ProviderId, 'openai' | 'anthropic' | 'openai-compatible'>;
  strict: StrictVendor;
  route: string;
  base: (api: FakeApi) => string;
  models: string[];
  ok: (text: string) => Reply;
  cut: Reply;
  /** The output limit the request asked for. */
  maxTokens: (body: Record<string, unknown>) => unknown;
}

const VENDORS: Vendor[] = [
  {
    provider: 'openai',
    strict: 'openai',
    route: 'POST /v1/responses',
    base: (api) => api.url('/v1'),
    models: ['gpt-4o', 'gpt-5.5'],
    ok: (text) => ({ json: openaiResponse({ text }) }),
    cut: { json: openaiResponse({ text: CUT, status: 'incomplete', incompleteReason: 'max_output_tokens' }) },
    maxTokens: (body) => body.max_output_tokens,
  },
  {
    provider: 'anthropic',
    strict: 'anthropic',
    route: 'POST /v1/messages',
    base: (api) => api.url(),
    models: ['claude-sonnet-4-6', 'claude-sonnet-5-5'],
    ok: (text) => ({ json: anthropicMessage({ text }) }),
    cut: { json: anthropicMessage({ text: CUT, stopReason: 'max_tokens' }) },
    maxTokens: (body) => body.max_tokens,
  },
  {
    provider: 'openai-compatible',
    // What a vLLM or Ollama json_schema takes is at least what OpenAI's strict mode takes.
    strict: 'openai',
    route: 'POST /v1/chat/completions',
    base: (api) => api.url('/v1'),
    models: ['qwen3-vl:8b'],
    ok: (text) => ({ json: chatCompletion({ content: text }) }),
    cut: { json: chatCompletion({ content: CUT, finishReason: 'length' }) },
    maxTokens: (body) => body.max_tokens,
  },
];

/** The result as its file on disk says, not as the call returned it. */
function onDisk(home: string, result: Result): Result {
  const file = path.join(home, 'results', resultRelPath(result.id));
  return parseResult(JSON.parse(readFileSync(file, 'utf8')));
}

describe.each(VENDORS)('$provider: a table profile', (vendor) => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let shot: string;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-TABLE-0123456789', ANTHROPIC_API_KEY: 'sk-ant-test-TABLE-0123' },
    });
    shot = path.join(home, 'shot.png');
    await writeFile(shot, (await renderDocument({ kind: 'invoice', seed: 5 })).png);
    await app.provider(vendor.provider, { baseUrl: vendor.base(api), retry: FAST, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });
  beforeEach(() => api.reset());

  async function run(model: string, replies: Reply[], withProfile: Profile = profile): Promise<Result> {
    api.always(vendor.route, strictly(vendor.strict, replies.at(-1)!));
    if (replies.length > 1)
      api.script(vendor.route, ...replies.slice(0, -1).map((r) => strictly(vendor.strict, r)));
    const result = await app.extract(
      { kind: 'file', path: shot },
      { profile: withProfile, provider: vendor.provider, model, baseUrl: vendor.base(api), detail: 'high' },
    );
    const stored = onDisk(home, result);
    expect(stored.id).toBe(result.id);
    return stored;
  }

  const body = (request: RecordedRequest) => request.body as Record<string, unknown>;

  describe.each(vendor.models)('%s', (model) => {
    it('passes the strict wire checks, and the rows land on disk typed, with the checks', async () => {
      const r = await run(model, [vendor.ok(JSON.stringify(ANSWER))]);
      const calls = api.calls(vendor.route);
      // The compatible server's first mode is json_schema: no fallback was needed here.
      expect(calls).toHaveLength(1);
      const schema = sentSchema(calls[0]!);
      expect(schema).toBeDefined();
      expect(strictSchemaProblems(schema, vendor.strict)).toEqual([]);
      const items = (schema as { properties: Record<string, { anyOf: Array<{ type: unknown }> }> }).properties
        .items!;
      expect(items.anyOf.map((v) => v.type)).toEqual(['array', 'null']);
      // Room for a long table beyond the model's own allowance (models.ts, outputTokens).
      expect(vendor.maxTokens(body(calls[0]!))).toBeGreaterThan(4096 + 2000);

      expect(r.status).toBe('ok');
      expect(r.fields).toEqual({ ...ANSWER, items: STORED_ROWS });
      expect(r.checks?.map((c) => [c.id, c.ok])).toEqual([
        ['line_sum', true],
        ['line_math', true],
        ['subtotal_tax_total', true],
      ]);
      expect(readFileSync(path.join(home, r.image.path)).byteLength).toBeGreaterThan(0);
    });

    it('a table cut at the token limit is failed with its image, never a short table saved as ok', async () => {
      const r = await run(model, [vendor.cut]);
      expect(api.calls(vendor.route)).toHaveLength(1);
      expect(r).toMatchObject({
        status: 'failed',
        error: "The model's answer was cut off at the token limit.",
        fields: NO_FIELDS,
      });
      expect(r.checks).toBeUndefined();
      expect(readFileSync(path.join(home, r.image.path)).byteLength).toBeGreaterThan(0);
    });

    it('a cell of the wrong type: one repair request naming the row and column, then the fixed rows', async () => {
      const wrong = { ...ANSWER, items: [ROWS[0], { ...ROWS[1], quantity: 'two' }] };
      const r = await run(model, [vendor.ok(JSON.stringify(wrong)), vendor.ok(JSON.stringify(ANSWER))]);
      const calls = api.calls(vendor.route);
      expect(calls).toHaveLength(2);
      // The repair quotes the problem, with the row and the column, back to the model.
      expect(calls[1]!.rawBody).toContain('row 2, \\"quantity\\"');
      expect(calls[1]!.rawBody).toContain('\\"two\\"');
      expect(strictSchemaProblems(sentSchema(calls[1]!), vendor.strict)).toEqual([]);
      expect(r.status).toBe('ok');
      expect(r.fields.items).toEqual(STORED_ROWS);
    });
  });
});

describe('openai-compatible: the fallback chain with a table profile', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let shot: string;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({ home, logger: silentLogger, env: {} });
    shot = path.join(home, 'shot.png');
    await writeFile(shot, (await renderDocument({ kind: 'invoice', seed: 6 })).png);
    await app.provider('openai-compatible', { baseUrl: api.url('/v1'), retry: FAST, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  it('a server without json_schema: json_object with the table schema in the prompt, rows validated', async () => {
    const route = 'POST /v1/chat/completions';
    // A server that takes only JSON mode, answering a model that wrote numbers as text.
    const asText = {
      ...ANSWER,
      items: ROWS.map((row) => ({ ...row, quantity: String(row.quantity), amount: `${row.amount}` })),
    };
    api.script(
      route,
      {
        status: 400,
        json: openaiError("response_format type 'json_schema' is not supported", 'invalid_request_error'),
      },
      { json: chatCompletion({ content: JSON.stringify(asText) }) },
    );
    const result = onDisk(
      home,
      await app.extract(
        { kind: 'file', path: shot },
        {
          profile,
          provider: 'openai-compatible',
          model: 'qwen3-vl:8b',
          baseUrl: api.url('/v1'),
          detail: 'high',
        },
      ),
    );
    const [first, second] = api.calls(route);
    expect(strictSchemaProblems(sentSchema(first!), 'openai')).toEqual([]);
    const sent = second!.body as { response_format: unknown; messages: Array<{ content: unknown }> };
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(String(sent.messages[0]!.content)).toContain('"items":{"anyOf":[{"type":"array"');
    expect(result.status).toBe('ok');
    expect(result.fields.items).toEqual(STORED_ROWS);
    expect(result.checks?.every((c) => c.ok)).toBe(true);
  });
});

describe('anthropic: a profile over the union limit', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { ANTHROPIC_API_KEY: 'sk-ant-test-WIDE' },
    });
    await writeFile(path.join(home, 'shot.png'), (await renderDocument({ kind: 'invoice', seed: 7 })).png);
    await app.provider('anthropic', { baseUrl: api.url(), retry: FAST, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  it('sends the schema in the prompt, not output_config.format (which would be a 400), and validates the rows', async () => {
    const wide: Profile = {
      id: 'wide',
      name: 'Wide',
      fields: [
        ...profile.fields,
        ...parseFieldSpec(Array.from({ length: 8 }, (_, i) => `note ${i + 1}`).join(', ')),
      ],
    };
    const answer = {
      ...ANSWER,
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`note_${i + 1}`, null])),
    };
    api.always(
      'POST /v1/messages',
      strictly('anthropic', { json: anthropicMessage({ text: JSON.stringify(answer) }) }),
    );
    const result = await app.extract(
      { kind: 'file', path: path.join(home, 'shot.png') },
      {
        profile: wide,
        provider: 'anthropic',
        model: 'claude-sonnet-5-5',
        baseUrl: api.url(),
        detail: 'high',
      },
    );
    const [request] = api.calls('POST /v1/messages');
    const sent = request!.body as { system: string; output_config?: { format?: unknown; effort?: string } };
    expect(sent.output_config?.format).toBeUndefined();
    expect(sent.output_config?.effort).toBe('low');
    expect(sent.system).toContain('"items":{"anyOf":[{"type":"array"');
    expect(result.status).toBe('ok');
    expect(result.fields.items).toEqual(STORED_ROWS);
  });
});
