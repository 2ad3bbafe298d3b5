import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { tempHome } from '../helpers/cli.ts';
import { renderDocument } from '../helpers/documents.ts';
import { refusedUrl } from '../helpers/fake-apis.ts';

// Settings > Capture > keep screenshots off: the image goes once read, but never one Retry needs.
describe('keeping screenshots off', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  let file: string;
  const profile = {
    id: 'p',
    name: 'Totals',
    fields: [{ key: 'total', label: 'Total', type: 'number' as const }],
  };

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-KEEP-0123456789' },
    });
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, capture: { ...settings.capture, saveImages: false } });
    file = path.join(home, 'doc.png');
    await writeFile(file, (await renderDocument({ kind: 'invoice', seed: 9 })).png);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('drops the image of a result that was read, keeping its size and hash', async () => {
    const result = await app.extract({ kind: 'file', path: file }, { profile });
    expect(result.status).toBe('ok');
    expect(result.image.path).toBe('');
    expect(result.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readdir(app.paths.images)).toEqual([]);
    expect((await app.store.get(result.id))?.image.path).toBe('');
    expect(app.store.list({ limit: 1 }).items[0]?.image.path).toBe('');
    expect(await app.imageFile(result.id)).toBeNull();
  });

  it('keeps the image of a result that could not be read yet', async () => {
    const pending = await app.extract(
      { kind: 'file', path: file },
      { profile, provider: 'openai', baseUrl: await refusedUrl('/v1') },
    );
    expect(pending.status).toBe('pending');
    expect(existsSync(pending.image.path)).toBe(true);
  });
});
