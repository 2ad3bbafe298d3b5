import type { Result } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import type { AppService, WatchRunOptions } from '../../app/service.ts';
import type { WatchEvent, WatchSummary } from '../../core/auto/watch.ts';
import { PROVIDER_OPTIONS, parse, positiveInt, regionArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { extractOptionsFrom } from '../extract-options.ts';

/** "10s", "500ms", "2m", "1h", or a bare number of seconds. */
function durationArg(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m?.[2] ?? 's'] ?? 1000;
  const ms = m ? Number(m[1]) * unit : NaN;
  if (!Number.isFinite(ms) || ms < 100)
    throw usageError(
      `--${name} must be a duration such as 10s, 500ms or 2m (at least 100ms), not "${value}".`,
    );
  return ms;
}

/** "0.5%" or 0.005: the share of the screen that must change. */
function thresholdArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const percent = value.trim().endsWith('%');
  const n = Number(percent ? value.trim().slice(0, -1) : value);
  const share = percent ? n / 100 : n;
  if (!Number.isFinite(share) || share < 0 || share >= 1)
    throw usageError(`--threshold must be a share of the screen such as 0.005 or 0.5%, not "${value}".`);
  return share;
}

function usdArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(
      `--max-cost-per-day must be an amount in US dollars above 0, such as 0.50, not "${value}".`,
    );
  return n;
}

export function resultLine(result: Result, json: boolean): string {
  if (json) return JSON.stringify(result);
  return `${result.id}\t${result.status}\t${JSON.stringify(result.fields)}`;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

function describe(event: WatchEvent): string | undefined {
  switch (event.type) {
    case 'extracted':
    case 'retried': {
      const r = event.result;
      if (r.status === 'ok') return undefined;
      return `${r.id}: ${r.error ?? r.status}`;
    }
    case 'duplicate':
      return 'The same image was extracted before; skipped (use --again to extract it anyway).';
    case 'paused':
      return event.reason;
    case 'resumed':
      return `Auto-capture resumed at ${time(Date.now())}.`;
    case 'capture-failed':
      return event.message;
    case 'blocked':
      return event.reason;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(s: WatchSummary, ms: number): string {
  const parts = [
    ...(s.looks > s.captures ? [plural(s.looks, 'look')] : []),
    plural(s.captures, 'capture'),
    `${s.extracted} extracted (${s.ok} ok, ${s.failed} failed, ${s.pending} pending)`,
    `${s.unchanged} unchanged`,
    `${plural(s.duplicates, 'duplicate')} skipped`,
  ];
  if (s.retried) parts.push(`${s.retried} retried from the queue`);
  if (s.pauses) parts.push(plural(s.pauses, 'budget pause'));
  if (s.blocked) parts.push(`${s.blocked} blocked by an excluded window`);
  if (s.costUsd) parts.push(`~$${s.costUsd.toFixed(4)} estimated`);
  return `Watched for ${Math.round(ms / 1000)} s: ${parts.join(', ')}.`;
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
  if (positionals.length > 0) throw usageError(`watch takes no file names (got "${positionals[0]}").`);
  const auto = app.getSettings().auto;
  const onChange = values['on-change'] === true;
  if (!onChange && values.interval === undefined)
    throw usageError(
      'Say how to watch: --interval 10s (every 10 seconds) or --on-change (when the screen changes).',
    );
  if (!onChange && values.threshold !== undefined)
    throw usageError('--threshold only applies with --on-change.');
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
      const said = describe(event);
      if (said) line(io.stderr, said);
    },
  };
  line(
    io.stderr,
    onChange
      ? `Watching for changes every ${intervalMs / 1000} s${region ? ' in the region' : ''}; Ctrl+C stops.`
      : `Capturing every ${intervalMs / 1000} s${region ? ' in the region' : ''}; Ctrl+C stops.`,
  );
  try {
    const summary = await app.watch(run);
    line(io.stderr, summaryLine(summary, performance.now() - started));
    return EXIT.ok;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stopLoop);
  }
}
