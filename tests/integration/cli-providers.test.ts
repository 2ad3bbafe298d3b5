import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { parseResult } from '../../src/shared/result.ts';
import { runCli, tempHome, WITHOUT_GROUNDING } from '../helpers/cli.ts';
import {
  FakeApi,
  anthropicMessage,
  chatCompletion,
  openaiError,
  openaiResponse,
} from '../helpers/fake-apis.ts';
import { renderDocument } from '../helpers/documents.ts';

const KEY = 'sk-test-CLIKEY-0123456789abcdef';
const ANSWER = JSON.stringify({ invoice_number: 'INV-0042', total: 1234.56 });
const FIELDS = ['--fields', 'invoice number, total:number'];

type Body = { input?: Array<{ content: unknown }>; messages?: Array<{ content: unknown }> };

/** The image part of whichever wire format the request used, decoded. */
async function sentImage(body: Body): Promise<{ width: number; height: number }> {
  const text = JSON.stringify(body);
  const data =
    /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(text)?.[1] ??
    /"data":"([A-Za-z0-9+/=]+)"/.exec(text)?.[1];
  const meta = await sharp(Buffer.from(data!, 'base64')).metadata();
  return { width: meta.width!, height: meta.height! };
}

// The "Done when": the CLI against loopback servers that speak each API's wire format.
describe('extracto extract with cloud providers', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  const env = { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY };

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome({ settings: WITHOUT_GROUNDING }));
    api = await FakeApi.start();
    // A 1920x1080 "screenshot" with an invoice on it.
    const doc = await renderDocument({ kind: 'invoice', seed: 3 });
    const shot = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#eef' } })
      .composite([{ input: await sharp(doc.png).resize({ height: 1000 }).toBuffer(), left: 600, top: 40 }])
      .png()
      .toBuffer();
    await writeFile(path.join(home, 'shot.png'), shot);
  });
  afterAll(async () => {
    await api.close();
    await cleanup();
  });

  const cases = [
    {
      provider: 'openai',
      model: 'gpt-5.5',
      route: 'POST /v1/responses',
      reply: openaiResponse({ text: ANSWER }),
    },
    {
      provider: 'openai',
      model: 'gpt-4o',
      route: 'POST /v1/responses',
      reply: openaiResponse({ text: ANSWER, model: 'gpt-4o-2024-08-06' }),
      size: [1365, 768],
      tokens: 1105,
    },
    {
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      route: 'POST /v1/messages',
      reply: anthropicMessage({ text: ANSWER }),
      size: [1920, 1080],
      tokens: 2691,
    },
    {
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      route: 'POST /v1/messages',
      reply: anthropicMessage({ text: ANSWER }),
      size: [1456, 819],
      tokens: 1560,
    },
    {
      provider: 'openai-compatible',
      model: 'qwen3-vl:8b',
      route: 'POST /v1/chat/completions',
      reply: chatCompletion({ content: ANSWER }),
    },
  ] as const;

  it.each(cases)('$provider $model', async (c) => {
    api.reset();
    api.script(c.route, { json: c.reply });
    const baseUrl = c.provider === 'anthropic' ? api.url() : api.url('/v1');
    const run = await runCli(
      [
        'extract',
        'shot.png',
        ...FIELDS,
        '--provider',
        c.provider,
        '--model',
        c.model,
        '--base-url',
        baseUrl,
        '--detail',
        'high',
        '--json',
      ],
      { home, env },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = parseResult(JSON.parse(run.stdout));
    expect(result).toMatchObject({
      status: 'ok',
      provider: c.provider,
      fields: { invoice_number: 'INV-0042', total: 1234.56 },
    });
    const [request] = api.calls(c.route);
    const sent = await sentImage(request!.body as Body);
    expect(result.sent).toMatchObject({
      provider: c.provider,
      width: sent.width,
      height: sent.height,
      mediaType: 'image/png',
    });
    if ('size' in c) {
      expect([sent.width, sent.height]).toEqual(c.size);
      expect(result.sent!.estimatedTokens).toBe(c.tokens);
    }
    expect(run.stdout).not.toContain(KEY);
  });

  it('shows the cost of each cloud extraction in the history', async () => {
    const history = await runCli(['history', '--json'], { home });
    const items = history.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { provider: string; model: string; costUsd?: number });
    const gpt4o = items.find((i) => i.model === 'gpt-4o-2024-08-06')!;
    // 812 input + 41 output tokens reported by the server, at gpt-4o's table price (the snapshot
    // the server names is priced as its model).
    expect(gpt4o.costUsd).toBeCloseTo((812 * 2.5 + 41 * 10) / 1e6, 8);
    const text = await runCli(['history'], { home });
    expect(text.stdout).toMatch(/\$0\.0024/);
  });

  it('keeps a failed result with its image when the key is rejected, and never writes the key', async () => {
    api.reset();
    api.script('POST /v1/responses', {
      status: 401,
      json: openaiError('invalid_api_key', `Incorrect API key provided: ${KEY}`),
    });
    const run = await runCli(
      ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', api.url('/v1'), '--json'],
      { home, env },
    );
    expect(run.code).toBe(1);
    const result = parseResult(JSON.parse(run.stdout));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/OpenAI key was rejected \(401\)/);
    expect(readFileSync(result.image.path).byteLength).toBeGreaterThan(0);
    const log = readFileSync(path.join(home, 'logs', 'extracto.log'), 'utf8');
    expect(log).toContain(result.id);
    for (const text of [
      run.stdout,
      run.stderr,
      log,
      readFileSync(path.join(home, 'index.sqlite')).toString('latin1'),
    ]) {
      expect(text).not.toContain(KEY);
    }
  });

  it("says a provider's failure in the terminal's language; the result keeps its code", async () => {
    api.reset();
    api.always('POST /v1/responses', {
      status: 429,
      headers: { 'retry-after-ms': '5' },
      json: openaiError('Rate limit reached', 'requests', 'rate_limit_exceeded'),
    });
    const spanish = { ...env, LANG: 'es_ES.UTF-8' };
    const run = await runCli(
      ['extract', 'shot.png', ...FIELDS, '--provider', 'openai', '--base-url', api.url('/v1')],
      { home, env: spanish },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^\S*shot\.png: Se alcanzó el límite de peticiones de OpenAI; se reintentó 3 veces\. Se conserva y se reintentará\. La imagen se conservó como resultado \S+\.\n$/,
    );
    const [row] = (await runCli(['history', '--json', '--limit', '1'], { home })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    // The file keeps the English sentence for people reading it, and its code for any language.
    const result = parseResult(JSON.parse((await runCli(['show', row!.id], { home })).stdout));
    expect(result).toMatchObject({
      status: 'pending',
      error: 'Rate limited by OpenAI; retried 3 times. It is kept and will be retried.',
      errorCode: 'result.pending',
      errorParams: { reason: { code: 'provider.rateLimited', params: { service: 'OpenAI' } } },
    });
    // The history says the stored reason in Spanish too.
    const history = await runCli(['history'], { home, env: spanish });
    expect(history.stdout).toContain('(Se alcanzó el límite de peticiones de OpenAI; se reintentó 3 veces.');
    expect(history.stderr).toMatch(/los más recientes primero/);
  });

  it('says a rejected key in the language Settings name', async () => {
    api.reset();
    api.always('GET /v1/models/gpt-5.5', {
      status: 401,
      json: openaiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
    });
    const app = await AppService.open({ home, env: {} });
    await app.saveSettings({ ...app.getSettings(), locale: 'es' });
    try {
      const run = await runCli(
        ['providers', 'test', '--provider', 'openai', '--model', 'gpt-5.5', '--base-url', api.url('/v1')],
        { home, env: { ...env, LANG: 'en_US.UTF-8' } },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'Se rechazó la clave de OpenAI (401): compruébala en Ajustes o en OPENAI_API_KEY.\n',
      );
    } finally {
      await app.saveSettings({ ...app.getSettings(), locale: 'auto' });
      await app.close();
    }
  });

  it('says which variable to set when there is no key', async () => {
    const run = await runCli(['extract', 'shot.png', ...FIELDS, '--provider', 'anthropic'], { home });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No Anthropic API key: set ANTHROPIC_API_KEY/);
  });

  it('tests a connection and explains a base URL without /v1', async () => {
    api.reset();
    api.always('GET /v1/models', {
      json: { object: 'list', data: [{ id: 'qwen3-vl:8b', object: 'model', created: 0, owned_by: 'me' }] },
    });
    api.always('POST /v1/chat/completions', { json: chatCompletion({ content: '{"ok": true}' }) });
    const ok = await runCli(
      ['providers', 'test', '--provider', 'openai-compatible', '--base-url', api.url('/v1')],
      { home },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/qwen3-vl:8b/);
    const missing = await runCli(
      [
        'providers',
        'test',
        '--provider',
        'openai-compatible',
        '--model',
        'llava',
        '--base-url',
        api.url('/v1'),
      ],
      { home },
    );
    expect(missing.stderr).toMatch(/no vision model loaded named llava/i);
    const noV1 = await runCli(
      ['providers', 'test', '--provider', 'openai-compatible', '--base-url', api.url()],
      { home },
    );
    expect(noV1.stderr).toMatch(/should end in \/v1/);
  });
});

describe('extracto tokens', () => {
  const cases: [string[], RegExp][] = [
    [['--size', '1024x1024', '--model', 'gpt-4o', '--detail', 'high'], /sent as 768x768, 765 input tokens/],
    [['--size', '2048x4096', '--model', 'gpt-4o', '--detail', 'high'], /sent as 768x1536, 1105 input tokens/],
    [['--size', '2048x4096', '--model', 'gpt-4o', '--detail', 'low'], /, 85 input tokens/],
    [['--size', '1024x1024', '--model', 'gpt-5.4', '--detail', 'high'], /1229 input tokens/],
    [['--size', '2048x2048', '--model', 'gpt-5.4', '--detail', 'high'], /3000 input tokens/],
    [['--size', '1920x1080', '--provider', 'anthropic', '--model', 'claude-sonnet-5-5'], /2691 input tokens/],
    [
      ['--size', '1920x1080', '--provider', 'anthropic', '--model', 'claude-sonnet-4-6'],
      /sent as 1456x819, 1560 input tokens/,
    ],
  ];
  let home: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ home, cleanup } = await tempHome({ settings: WITHOUT_GROUNDING })));
  afterAll(() => cleanup());

  it.each(cases)('%j', async (args, expected) => {
    const run = await runCli(['tokens', ...args], { home });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(expected);
    expect(run.code).toBe(0);
  });

  it('refuses detail "original" on a model without it', async () => {
    const run = await runCli(['tokens', '--size', '800x600', '--model', 'gpt-4o', '--detail', 'original'], {
      home,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/take it \(gpt-5\.4 and later\); gpt-4o takes low, high or auto/);
  });
});
