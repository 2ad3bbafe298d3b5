import type { Result } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import { AlreadyRunningError, type AppService, type RetryOptions } from '../../app/service.ts';
import { PROVIDER_OPTIONS, parse } from '../args.ts';
import { providerOptionsFrom } from '../extract-options.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { resultLine } from './watch.ts';
import { damagedError } from '../../core/store/store.ts';
import { sayRepair } from './history.ts';
import { sayStoredError } from '../../shared/stored-error.ts';
import { voice } from '../voice.ts';

export const RETRY_OPTIONS = { ...PROVIDER_OPTIONS, all: { type: 'boolean' } } as const;

/**
 * `extracto retry [--all | <id>...]`: runs pending results again now (all of them by default), or
 * the named results whatever their status (a failed one a person wants to try once more).
 */
export async function retryCommand(
  app: AppService,
  io: CliIo,
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parse(args, RETRY_OPTIONS);
  if (values.all && positionals.length > 0) throw usageError('cli.allOrIds');
  if (values.fields !== undefined) throw usageError('cli.retryNoFields');
  const connection = providerOptionsFrom(values);
  // A read-only data home is said once, before anything is announced or run.
  app.store.assertWritable();
  let profile;
  if (values.profile !== undefined) {
    profile = app.findProfile(values.profile);
    if (!profile) throw usageError('cli.unknownProfile', { name: values.profile });
  }
  const overrides: RetryOptions = {
    signal,
    ...(profile ? { profile } : {}),
    ...connection,
  };
  const t = voice(io, app);
  let targets: Result[];
  if (positionals.length > 0) {
    targets = [];
    for (const id of positionals) {
      const found = await app.store.inspect(id);
      if (found.state === 'missing') throw usageError('cli.noResult', { id });
      if (found.state === 'damaged') throw damagedError(id, found);
      targets.push(found.result);
    }
  } else {
    targets = await app.pendingResults();
    sayRepair(app, io);
    if (targets.length === 0) {
      line(io.stderr, t('cli.nothingPending'));
      return EXIT.ok;
    }
    line(
      io.stderr,
      targets.length === 1 ? t('cli.retryingOne') : t('cli.retrying', { count: String(targets.length) }),
    );
  }
  let notOk = 0;
  for (const target of targets) {
    if (signal.aborted) break;
    let result: Result;
    try {
      result = await app.retry(target, overrides);
    } catch (error) {
      // One result another Extracto is running now is said, and the others still run; anything
      // else (local-only, a missing profile, a read-only home) stops the command as before.
      if (!(error instanceof AlreadyRunningError)) throw error;
      notOk++;
      line(io.stderr, `${target.id}: ${t.say(error.said)}`);
      continue;
    }
    line(io.stdout, resultLine(result, values.json === true));
    if (result.status !== 'ok') {
      notOk++;
      line(io.stderr, `${result.id}: ${sayStoredError(t.locale, result) ?? result.status}`);
    }
  }
  if (signal.aborted) line(io.stderr, t('cli.stoppedRest'));
  if (targets.length > 1)
    line(
      io.stderr,
      t('cli.retrySummary', {
        ok: String(targets.length - notOk),
        total: String(targets.length),
        notOk: String(notOk),
      }),
    );
  return notOk > 0 || signal.aborted ? EXIT.failed : EXIT.ok;
}
