import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.ts';

/** What `npm run lint` says about one import line placed in a file of the given layer. */
async function lintImport(file: string, importLine: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO });
  const [report] = await eslint.lintText(`${importLine}\nexport type T = typeof x;\n`, { filePath: file });
  return report!.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('the layer rule (main, cli, renderer -> app -> core -> shared)', () => {
  it('fails lint when core imports from app, or the renderer from core', async () => {
    expect(await lintImport('src/core/x.ts', "import { AppService as x } from '../app/service.ts';")).toEqual(
      [expect.stringContaining('src/core may not import from this layer')],
    );
    expect(
      await lintImport(
        'src/renderer/src/x.ts',
        "import { ResultStore as x } from '../../core/store/store.ts';",
      ),
    ).toEqual([expect.stringContaining('src/renderer may not import from this layer')]);
    expect(
      await lintImport('src/shared/x.ts', "import { userMessage as x } from '../cli/io.ts';"),
    ).toHaveLength(1);
  });

  it('lets a layer import from those to its right', async () => {
    expect(await lintImport('src/cli/x.ts', "import { AppService as x } from '../app/service.ts';")).toEqual(
      [],
    );
    expect(
      await lintImport('src/app/x.ts', "import { ResultStore as x } from '../core/store/store.ts';"),
    ).toEqual([]);
    expect(
      await lintImport('src/renderer/src/x.ts', "import { Settings as x } from '../../shared/settings.ts';"),
    ).toEqual([]);
  });
});
