import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppService, type Previewer } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { costUsd } from '../../src/core/providers/models.ts';
import { PreviewQueue } from '../../src/main/preview.ts';
import { tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiResponse } from '../helpers/fake-apis.ts';

const ROUTE = 'POST /v1/responses';

/** The base64 image inside an OpenAI Responses request. */
function sentImage(body: unknown): string {
  const text = JSON.stringify(body);
  return /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(text)![1]!;
}

// Preview before send through AppService and the pipeline, against an OpenAI API on loopback:
// nothing reaches the API unless the preview said yes, and what was previewed is what was sent.
describe('preview before send', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let file: string;
  const profile = {
    id: 'p',
    name: 'Totals',
    fields: [{ key: 'total', label: 'total', type: 'number' as const }],
  };
  const run = () =>
    app.extract(
      { kind: 'file', path: file },
      { profile, provider: 'openai', baseUrl: api.url('/v1'), detail: 'low' },
    );

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-PREVIEW-0123456789' },
    });
    file = path.join(home, 'doc.png');
    await writeFile(
      file,
      await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, privacy: { ...settings.privacy, previewBeforeSend: true } });
  });
  beforeEach(() => {
    api.reset();
    api.always(ROUTE, { json: openaiResponse({ text: JSON.stringify({ total: 9.5 }) }) });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  it('without a preview window (the CLI) sends nothing and says why', async () => {
    app.setPreviewer(undefined);
    const result = await run();
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/only the desktop app can show the preview/);
    expect(api.calls(ROUTE)).toHaveLength(0);
  });

  it('declined: nothing is sent, the capture is kept with the reason', async () => {
    app.setPreviewer(() => Promise.resolve(false));
    const result = await run();
    expect(result).toMatchObject({
      status: 'failed',
      error: 'Not sent: you declined it at the preview. It is kept here; Retry sends it.',
      errorCode: 'result.notSent',
    });
    expect(result.sent).toBeUndefined();
    expect(api.calls(ROUTE)).toHaveLength(0);
    expect((await app.store.get(result.id))?.image.path).toBeTruthy();
  });

  it('accepted: exactly the previewed image is sent, one question at a time', async () => {
    const shown: string[] = [];
    const queue = new PreviewQueue({ open: () => undefined, close: () => undefined });
    const previewer: Previewer = async (image, about) => {
      const asked = queue.ask(image, about);
      // The question is put once the one before it (none here) is answered: a tick later.
      await new Promise((r) => setTimeout(r, 0));
      const info = queue.info()!;
      expect(info).toMatchObject({
        provider: 'openai',
        profile: 'Totals',
        width: image.width,
        height: image.height,
      });
      // Resized to what the model takes, never the full 1600x900; priced from the model table.
      expect(image.width).toBeLessThan(1600);
      expect(info.costUsd).toBeGreaterThan(0);
      expect(info.costUsd).toBe(
        costUsd(about.model, { inputTokens: image.estimatedTokens, outputTokens: 0 }),
      );
      shown.push(info.image.split(',')[1]!);
      queue.answer(true);
      return asked;
    };
    app.setPreviewer(previewer);
    const result = await run();
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('ok');
    expect(api.calls(ROUTE)).toHaveLength(1);
    expect(sentImage(api.calls(ROUTE)[0]!.body)).toBe(shown[0]);
  });

  it('queues a second question until the first is answered; closing the window means no', async () => {
    const opened: number[] = [];
    const queue = new PreviewQueue({ open: () => void opened.push(opened.length), close: () => undefined });
    const image = {
      data: Buffer.from('png'),
      mediaType: 'image/png' as const,
      width: 1,
      height: 1,
      sourceWidth: 1,
      sourceHeight: 1,
      sha256: '',
      detail: 'low' as const,
      estimatedTokens: 85,
    };
    const first = queue.ask(image, { provider: 'openai', model: 'gpt-4o', profile: 'A', costUsd: 0.0002125 });
    const second = queue.ask(image, { provider: 'openai', model: 'gpt-4o', profile: 'B' });
    await new Promise((r) => setTimeout(r, 10));
    expect(queue.info()?.profile).toBe('A');
    expect(queue.info()?.costUsd).toBe(0.0002125);
    queue.closed();
    expect(await first).toBe(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(queue.info()?.profile).toBe('B');
    queue.answer(true);
    expect(await second).toBe(true);
    expect(opened).toHaveLength(2);
    expect(queue.info()).toBeNull();
  });
});
