import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/app/ipc-handlers.ts';
import { AppService } from '../../src/app/service.ts';
import { resultRelPath, serializeResult } from '../../src/core/store/files.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { RESULT_VERSION, type Result } from '../../src/shared/result.ts';
import { tempHome } from '../helpers/cli.ts';

// The tray app runs all day while the CLI writes to the same data home: History must show what
// arrived on disk without going through this process's index (another process's write, or one
// killed between its file and the index).
describe('the running app and results written by another process', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({ home, env: {} });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it("History's first page lists a result file that reached the disk after the app opened", async () => {
    const handlers = createHandlers(app);
    expect((await handlers['results:list']({ limit: 10 })).total).toBe(0);
    const at = new Date();
    const result: Result = {
      version: RESULT_VERSION,
      id: newResultId(at),
      createdAt: at.toISOString(),
      source: { kind: 'file', path: '/docs/from-the-cli.png' },
      profile: { id: 'invoices', name: 'Invoices' },
      provider: 'local',
      model: null,
      detail: 'auto',
      image: { path: '', width: 10, height: 10, sha256: 'ab'.repeat(32) },
      status: 'ok',
      fields: { total: 12.5 },
      fieldMeta: {},
      durationMs: 5,
    };
    const file = path.join(home, 'results', resultRelPath(result.id));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, serializeResult(result));

    const page = await handlers['results:list']({ limit: 10 });
    expect(page.items.map((s) => s.id)).toEqual([result.id]);
  });
});
