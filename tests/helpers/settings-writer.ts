/**
 * A second Extracto process for the settings tests: opens the data home as the app and the CLI do,
 * says "ready" on stdout, and at the first line on stdin saves COUNT profiles named TAG-0, TAG-1 …
 * one after the other, as fast as it can (so two of them started together overlap throughout).
 *
 *   node tests/helpers/settings-writer.ts HOME TAG COUNT
 */
import { once } from 'node:events';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';

const [home, tag, count] = process.argv.slice(2);
const app = await AppService.open({ home: home!, logger: silentLogger, env: {} });
try {
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  for (let i = 0; i < Number(count); i++)
    await app.saveProfile({
      name: `${tag}-${i}`,
      fields: [{ key: 'total', label: 'Total', type: 'number' }],
    });
} finally {
  await app.close();
  process.stdin.destroy();
}
