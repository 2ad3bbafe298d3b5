import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DETAILS, PROVIDER_IDS, type Detail, type ProviderId, type Region } from '../shared/result.ts';
import { usageError, type UserError } from '../shared/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parser, with its errors turned into one sentence and exit code 2. */
export function parse<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentsError((error as Error).message);
  }
}

/** Node's sentence (English, with advice about "--" we do not need) as one of ours. */
function argumentsError(said: string): UserError {
  const unknown = /^Unknown option '(.+?)'/.exec(said);
  if (unknown) return usageError('cli.unknownOption', { option: unknown[1]! });
  const missing = /^Option '(.+?) <value>' argument missing/.exec(said);
  if (missing) return usageError('cli.optionNeedsValue', { option: missing[1]! });
  const needless = /^Option '(.+?)' does not take an argument/.exec(said);
  if (needless) return usageError('cli.optionTakesNoValue', { option: needless[1]! });
  return usageError('cli.badArguments', {
    problem: `${said.replace(/\. To specify a positional.*$/s, '')}.`.replace(/\.\.$/, '.'),
  });
}

export const PROVIDER_OPTIONS = {
  profile: { type: 'string' },
  fields: { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  detail: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies Options;

export function providerArg(value: string | undefined): ProviderId | undefined {
  if (value === undefined) return undefined;
  if ((PROVIDER_IDS as readonly string[]).includes(value)) return value as ProviderId;
  throw usageError('cli.unknownProvider', { value, choices: PROVIDER_IDS.join(', ') });
}

export function detailArg(value: string | undefined): Detail | undefined {
  if (value === undefined) return undefined;
  if ((DETAILS as readonly string[]).includes(value)) return value as Detail;
  throw usageError('cli.unknownDetail', { value, choices: DETAILS.join(', ') });
}

/** The most --timeout accepts, in seconds (an hour). */
const MAX_TIMEOUT_SECONDS = 3600;

/**
 * --timeout: the longest wait for a model server's answer, retries included, in seconds ("30",
 * "1.5"; "30s", "2m" and "500ms" too).
 */
export function timeoutArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[m[2] ?? 's']! : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS)
    throw usageError('cli.badTimeout', { max: String(MAX_TIMEOUT_SECONDS), value });
  return seconds;
}

export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError('cli.badCount', { name, value });
  return n;
}

/** "x,y,w,h" in screen pixels. */
export function regionArg(value: string | undefined): Region | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  const nums = parts.map(Number);
  if (
    parts.length !== 4 ||
    nums.some((n) => !Number.isInteger(n) || n < 0) ||
    nums[2] === 0 ||
    nums[3] === 0
  ) {
    throw usageError('cli.badRegion', { value });
  }
  const [x, y, width, height] = nums as [number, number, number, number];
  return { x, y, width, height };
}

/** "1920x1080" */
export function sizeArg(value: string): { width: number; height: number } {
  const m = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(value.trim());
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) throw usageError('cli.badSize', { value });
  return { width: Number(m[1]), height: Number(m[2]) };
}
