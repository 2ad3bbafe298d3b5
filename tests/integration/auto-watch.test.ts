import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import type { WatchEvent } from '../../src/core/auto/watch.ts';
import type { Profile } from '../../src/shared/field.ts';
import { silentLogger } from '../../src/core/log.ts';
import { tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiError, openaiResponse } from '../helpers/fake-apis.ts';
import { screen, screenFrame } from '../helpers/auto-frames.ts';

const KEY = 'sk-test-WATCH-0123456789abcdef';
const ROUTE = 'POST /v1/responses';
const ANSWER = JSON.stringify({ total: 12.5 });

// The watch loop through the real AppService: real store, real pipeline, the real OpenAI SDK against
// a loopback server; only the screen is replaced by generated frames.
describe('AppService.watch', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let profile: Profile;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({ home, logger: silentLogger, env: { OPENAI_API_KEY: KEY } });
    profile = await app.saveProfile({
      name: 'Receipts',
      fields: [{ key: 'total', label: 'total', type: 'number' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });
  beforeEach(() => api.reset());

  /** Plays the frames at a short real interval, then stops. */
  async function play(seeds: number[], extra: { onEvent?: (e: WatchEvent) => void } = {}) {
    const pngs = await Promise.all(seeds.map((seed) => screen({ seed })));
    const controller = new AbortController();
    let i = 0;
    const events: WatchEvent[] = [];
    const summary = await app.watch({
      profile,
      provider: 'openai',
      baseUrl: api.url('/v1'),
      mode: 'change',
      intervalMs: 20,
      signal: controller.signal,
      queuePolicy: { firstDelayMs: 10, maxDelayMs: 10 },
      capture: async () => {
        const png = pngs[Math.min(i++, pngs.length - 1)]!;
        if (i >= pngs.length + 2) controller.abort();
        return screenFrame(png);
      },
      onEvent: (e) => {
        events.push(e);
        extra.onEvent?.(e);
      },
    });
    return { summary, events };
  }

  it('extracts each settled document once and stores it, with what was sent', async () => {
    api.always(ROUTE, { json: openaiResponse({ text: ANSWER }) });
    const { summary, events } = await play([1, 1, 2, 2, 2]);
    expect(summary).toMatchObject({ extracted: 2, ok: 2, duplicates: 0 });
    expect(api.calls(ROUTE)).toHaveLength(2);
    const stored = app.store.list({ status: 'ok' }).items;
    expect(stored).toHaveLength(2);
    const first = events.find((e) => e.type === 'extracted');
    expect(first?.type === 'extracted' && first.result.sent?.provider).toBe('openai');
  });

  it('does not extract an image already in the history, across runs', async () => {
    api.always(ROUTE, { json: openaiResponse({ text: ANSWER }) });
    const { summary } = await play([2, 2, 2]);
    expect(summary).toMatchObject({ extracted: 0, duplicates: 1 });
    expect(api.calls(ROUTE)).toHaveLength(0);
  });

  it('keeps what it cannot send as pending and retries it from the queue while idle', async () => {
    const down = { status: 503, json: openaiError('overloaded', 'server_error') };
    // The provider's 3 retries all fail, then the service is back.
    api.script(ROUTE, down, down, down, down);
    api.always(ROUTE, { json: openaiResponse({ text: ANSWER }) });
    const { summary, events } = await play([3, 3, 3, 3]);
    expect(summary).toMatchObject({ extracted: 1, pending: 1, retried: 1 });
    const retried = events.find((e) => e.type === 'retried');
    expect(retried?.type === 'retried' && retried.result.status).toBe('ok');
    expect(app.store.count({ status: 'pending' })).toBe(0);
  });

  it("retries with the run's own base URL and backoff, though the app's queue already exists", async () => {
    // The tray's timer made the app's queue first (settings' provider, 30 s backoff): a run with
    // its own server and backoff must not be handed that one.
    app.retryQueue();
    const down = { status: 503, json: openaiError('overloaded', 'server_error') };
    api.script(ROUTE, down, down, down, down);
    api.always(ROUTE, { json: openaiResponse({ text: ANSWER }) });
    const { summary } = await play([5, 5, 5, 5]);
    expect(summary).toMatchObject({ extracted: 1, pending: 1, retried: 1 });
    expect(app.store.count({ status: 'pending' })).toBe(0);
  });

  it('refuses a cloud provider in local-only mode, before capturing anything', async () => {
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, privacy: { ...settings.privacy, localOnly: true } });
    try {
      await expect(play([4])).rejects.toThrow(/Local-only mode is on/);
      expect(api.requests).toHaveLength(0);
    } finally {
      await app.saveSettings(settings);
    }
  });
});
