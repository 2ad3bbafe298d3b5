/**
 * A process working on a data home, for tests where several processes share one (see
 * store-procs.ts). Run with Node 24: `node tests/helpers/store-child.ts <command> <home> ...`.
 * Prints one JSON object per line on stdout.
 *
 *   write <home> <count> [--status pending|ok] [--kill-at result-rename:N | image-rename:N | index:N]
 *       Saves `count` new results, each with an image, one after another, printing {"saved": id}
 *       or {"failed": id, "error": message} for each, then {"done": true}. With --kill-at the
 *       process kills itself with SIGKILL at the Nth save (1-based), at that point exactly:
 *       `result-rename` after the image is stored and before the result file is renamed into
 *       place, `index` after the result file is in place and before the index row is written.
 *   set-status <home> <id> <status> [--kill-at index:1]
 *       Changes one result's status (a re-run's outcome), optionally killed before the index.
 *   describe <home>
 *       Opens the store and prints {"readOnly", "indexSource", "count"}.
 *   read-loop <home> <ms> [--stop-file FILE]
 *       Opens the store, lists a page and closes it again, for `ms` milliseconds or until FILE
 *       exists; counts the temp files of other writers it saw in images/ just before opening.
 *       Prints {"opens", "tempsSeen"}.
 */
import fs from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import type { Result, ResultStatus } from '../../src/shared/result.ts';
import { ResultStore } from '../../src/core/store/store.ts';
import { IndexDb } from '../../src/core/store/index-db.ts';
import { storedResult } from './stored-result.ts';

const [command, home, ...rest] = process.argv.slice(2);
if (!command || !home) throw new Error('usage: store-child.ts <command> <home> ...');

function option(name: string): string | undefined {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
}

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

/** Arms the kill: at the Nth result-file or image rename, or the Nth index write, of this process. */
function armKill(spec: string | undefined): void {
  if (!spec) return;
  const [point, nth] = spec.split(':') as [string, string];
  const at = Number(nth);
  let seen = 0;
  if (point === 'index') {
    // The store puts a result's row after its file is in place (IndexDb.putRow, in a transaction).
    const putRow = IndexDb.prototype.putRow;
    IndexDb.prototype.putRow = function (this: IndexDb, ...args: Parameters<typeof putRow>) {
      if (++seen === at) die();
      return putRow.apply(this, args);
    };
  } else if (point === 'result-rename' || point === 'image-rename') {
    const into = point === 'result-rename' ? `${path.sep}results${path.sep}` : `${path.sep}images${path.sep}`;
    const rename = fs.rename;
    fs.rename = async (from, to) => {
      if (String(to).includes(into) && ++seen === at) die();
      return rename(from, to);
    };
    // The store imports rename by name: make that binding see the patched function.
    syncBuiltinESMExports();
  } else throw new Error(`unknown kill point ${point}`);
}

/** A PNG's bytes are not looked at by the store; any bytes do, as long as they round-trip. */
const IMAGE = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(30_000, 7)]);

function makeResult(status: ResultStatus): Result {
  return storedResult(
    new Date(),
    { id: 'invoices', name: 'Invoices' },
    { total: 12.5, supplier: `Supplier ${process.pid}` },
    { status, ...(status === 'pending' ? { error: 'Not extracted yet.' } : {}) },
  );
}

if (command === 'write') {
  const count = Number(rest[0]);
  const status = (option('--status') ?? 'pending') as ResultStatus;
  const store = await ResultStore.open(home);
  armKill(option('--kill-at'));
  for (let i = 0; i < count; i++) {
    const result = makeResult(status);
    try {
      await store.save(result, { data: IMAGE, ext: 'png' });
      out({ saved: result.id });
    } catch (error) {
      out({ failed: result.id, error: (error as Error).message });
    }
  }
  store.close();
  out({ done: true });
} else if (command === 'set-status') {
  const [id, status] = rest as [string, ResultStatus];
  const store = await ResultStore.open(home);
  armKill(option('--kill-at'));
  await store.replace({ ...(await store.get(id))!, status });
  store.close();
  out({ done: true });
} else if (command === 'read-loop') {
  const until = Date.now() + Number(rest[0]);
  const stop = option('--stop-file');
  let opens = 0;
  let tempsSeen = 0;
  while (Date.now() < until && !(stop && existsSync(stop))) {
    try {
      tempsSeen += readdirSync(path.join(home, 'images')).filter((n) => n.endsWith('.tmp')).length;
    } catch {
      // not made yet
    }
    const store = await ResultStore.open(home);
    store.list({ limit: 5 });
    store.close();
    opens++;
  }
  out({ opens, tempsSeen });
} else if (command === 'describe') {
  const store = await ResultStore.open(home);
  out({ readOnly: store.readOnly, indexSource: store.indexSource, count: store.count() });
  store.close();
} else {
  throw new Error(`unknown command ${command}`);
}
