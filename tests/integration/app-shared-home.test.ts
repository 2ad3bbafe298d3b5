import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/app/ipc-handlers.ts';
import { AppService } from '../../src/app/service.ts';
import { resultRelPath, serializeResult } from '../../src/core/store/files.ts';
import { tempHome } from '../helpers/cli.ts';
import { storedResult } from '../helpers/stored-result.ts';

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
    const result = storedResult(
      at,
      { id: 'invoices', name: 'Invoices' },
      { total: 12.5 },
      { source: { kind: 'file', path: '/docs/from-the-cli.png' } },
    );
    const file = path.join(home, 'results', resultRelPath(result.id));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, serializeResult(result));

    const page = await handlers['results:list']({ limit: 10 });
    expect(page.items.map((s) => s.id)).toEqual([result.id]);
  });
});
