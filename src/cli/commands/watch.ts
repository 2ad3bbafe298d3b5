import type { Result } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import type { Translate } from '../../shared/messages/catalogue.ts';
import { sayStoredError } from '../../shared/stored-error.ts';
import type { AppService, WatchRunOptions } from '../../app/service.ts';
import type { WatchEvent, WatchSummary } from '../../core/auto/watch.ts';
import { PROVIDER_OPTIONS, parse, positiveInt, regionArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { extractOptionsFrom } from '../extract-options.ts';
import { voice } from '../voice.ts';

/** "10s", "500ms", "2m", "1h", or a bare number of seconds. */
function durationArg(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m?.[2] ?? 's'] ?? 1000;
  const ms = m ? Number(m[1]) * unit : NaN;
  if (!Number.isFinite(ms) || ms < 100) throw usageError('cli.badDuration', { name, value });
  return ms;
}

/** "0.5%" or 0.005: the share of the screen that must change. */
function thresholdArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const percent = value.trim().endsWith('%');
  const n = Number(percent ? value.trim().slice(0, -1) : value);
  const share = percent ? n / 100 : n;
  if (!Number.isFinite(share) || share < 0 || share >= 1) throw usageError('cli.badThreshold', { value });
  return share;
}

function usdArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(n) || n <= 0) throw usageError('cli.badMaxCost', { value });
  return n;
}

export function resultLine(result: Result, json: boolean): string {
  if (json) return JSON.stringify(result);
  return `${result.id}\t${result.status}\t${JSON.stringify(result.fields)}`;
}

function describe(event: WatchEvent, t: Translate): string | undefined {
  switch (event.type) {
    case 'extracted':
    case 'retried': {
      const r = event.result;
      if (r.status === 'ok') return undefined;
      return `${r.id}: ${sayStoredError(t.locale, r) ?? r.status}`;
    }
    case 'duplicate':
      return t('cli.duplicate');
    case 'paused':
      return t.say(event.reason);
    case 'resumed':
      return t('cli.resumed', { time: new Date().toLocaleTimeString(t.locale) });
    case 'capture-failed':
      return t.say(event.message);
    case 'blocked':
      return t.say(event.reason);
  }
}

function summaryLine(s: WatchSummary, ms: number, t: Translate): string {
  const n = String;
  const parts = [
    ...(s.looks > s.captures
      ? [s.looks === 1 ? t('cli.looksOne') : t('cli.looks', { count: n(s.looks) })]
      : []),
    s.captures === 1 ? t('cli.capturesOne') : t('cli.captures', { count: n(s.captures) }),
    t('cli.extractedCounts', {
      count: n(s.extracted),
      ok: n(s.ok),
      failed: n(s.failed),
      pending: n(s.pending),
    }),
    t('cli.unchanged', { count: n(s.unchanged) }),
    s.duplicates === 1 ? t('cli.duplicatesOne') : t('cli.duplicates', { count: n(s.duplicates) }),
  ];
  if (s.retried) parts.push(t('cli.retriedFromQueue', { count: n(s.retried) }));
  if (s.pauses)
    parts.push(s.pauses === 1 ? t('cli.budgetPausesOne') : t('cli.budgetPauses', { count: n(s.pauses) }));
  if (s.blocked) parts.push(t('cli.blockedCount', { count: n(s.blocked) }));
  if (s.costUsd) parts.push(t('cli.estimatedCost', { cost: `$${s.costUsd.toFixed(4)}` }));
  return t('cli.watched', { seconds: n(Math.round(ms / 1000)), parts: parts.join(', ') });
}

export const WATCH_OPTIONS = {
  ...PROVIDER_OPTIONS,
  interval: { type: 'string' },
  'on-change': { type: 'boolean' },
  threshold: { type: 'string' },
  region: { type: 'string' },
  display: { type: 'string' },
  'max-per-hour': { type: 'string' },
  'max-cost-per-day': { type: 'string' },
  again: { type: 'boolean' },
  for: { type: 'string' },
} as const;

export async function watchCommand(
  app: AppService,
  io: CliIo,
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parse(args, WATCH_OPTIONS);
  if (positionals.length > 0) throw usageError('cli.watchNoFiles', { name: positionals[0]! });
  const auto = app.getSettings().auto;
  const onChange = values['on-change'] === true;
  if (!onChange && values.interval === undefined) throw usageError('cli.watchHow');
  if (!onChange && values.threshold !== undefined) throw usageError('cli.thresholdOnChange');
  const intervalMs =
    values.interval !== undefined ? durationArg('interval', values.interval) : auto.intervalSeconds * 1000;
  const region = regionArg(values.region) ?? auto.region;
  const maxPerHour =
    values['max-per-hour'] !== undefined
      ? positiveInt('max-per-hour', values['max-per-hour'], 1)
      : auto.maxPerHour;
  const maxCostPerDayUsd = usdArg(values['max-cost-per-day']) ?? auto.maxCostPerDayUsd;
  const stopAfter = values.for !== undefined ? durationArg('for', values.for) : undefined;
  const options = await extractOptionsFrom(app, io, values);
  const json = values.json === true;
  const t = voice(io, app);

  // Ctrl+C (the signal) or --for: either one ends the loop after the work in progress.
  const stop = new AbortController();
  const stopLoop = () => stop.abort();
  signal.addEventListener('abort', stopLoop, { once: true });
  const timer = stopAfter === undefined ? undefined : setTimeout(stopLoop, stopAfter);
  const started = performance.now();
  let lastDuplicate: string | undefined;
  const run: WatchRunOptions = {
    ...options,
    mode: onChange ? 'change' : 'interval',
    intervalMs,
    threshold: thresholdArg(values.threshold, auto.threshold),
    ...(region ? { region } : {}),
    ...(values.display ? { display: values.display } : {}),
    ...(maxPerHour === undefined ? {} : { maxPerHour }),
    ...(maxCostPerDayUsd === undefined ? {} : { maxCostPerDayUsd }),
    allowDuplicates: values.again === true || auto.allowDuplicates,
    signal: stop.signal,
    onEvent: (event) => {
      if (event.type === 'extracted' || event.type === 'retried')
        line(io.stdout, resultLine(event.result, json));
      // An interval watch over a still screen meets the same image every round: say it once.
      if (event.type === 'duplicate') {
        if (event.sha256 === lastDuplicate) return;
        lastDuplicate = event.sha256;
      } else if (event.type === 'extracted') lastDuplicate = undefined;
      const said = describe(event, t);
      if (said) line(io.stderr, said);
    },
  };
  const every = { seconds: String(intervalMs / 1000) };
  line(
    io.stderr,
    onChange
      ? t(region ? 'cli.watchingChangesRegion' : 'cli.watchingChanges', every)
      : t(region ? 'cli.capturingEveryRegion' : 'cli.capturingEvery', every),
  );
  try {
    const summary = await app.watch(run);
    line(io.stderr, summaryLine(summary, performance.now() - started, t));
    return EXIT.ok;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stopLoop);
  }
}
