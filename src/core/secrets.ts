import { SecretName } from '../shared/ipc.ts';

/**
 * API keys as the providers issue them (OpenAI sk-…, sk-proj-…, Anthropic sk-ant-…) and as they
 * travel in headers: anything shaped like one never reaches a log line or a sentence.
 */
const KEY_SHAPE = /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{6,}/g;
const HEADER_KEY = /\b(Bearer|x-api-key:?)\s+[A-Za-z0-9._-]{12,}/gi;

/**
 * `text` with every known secret and anything key-shaped replaced by `mark`. The one scrubber: the
 * log file ("[redacted]") and a server's words quoted in an error sentence ("[key]") both use it.
 */
export function redactSecrets(text: string, secrets: readonly string[] = [], mark = '[redacted]'): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(mark);
  return out.replace(KEY_SHAPE, mark).replace(HEADER_KEY, `$1 ${mark}`);
}

/** The keys in an environment, every variable a provider reads one from. */
export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return SecretName.options
    .map((name) => env[name])
    .filter((s): s is string => typeof s === 'string' && s !== '');
}
