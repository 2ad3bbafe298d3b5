import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { message } from '../../src/shared/messages/catalogue.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/core/file-logger.ts';
import { redactSecrets, secretsIn } from '../../src/core/secrets.ts';
import { toUserError } from '../../src/core/providers/provider-errors.ts';
import { APIError } from 'openai';

const env = {
  OPENAI_API_KEY: 'sk-proj-OPENAIKEY0123456789',
  ANTHROPIC_API_KEY: 'sk-ant-ANTHROPIC0123456789',
  // A local server's token has no recognisable shape: only knowing it keeps it out.
  OPENAI_COMPATIBLE_API_KEY: 'lmstudio-token-5f2a9c71',
  PATH: '/usr/bin',
};

describe('one secret scrubber', () => {
  it('knows every variable a key is read from, the compatible server’s too', () => {
    expect(secretsIn(env).sort()).toEqual(
      [env.ANTHROPIC_API_KEY, env.OPENAI_API_KEY, env.OPENAI_COMPATIBLE_API_KEY].sort(),
    );
  });

  it('keeps every key out of the log file', async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    try {
      const logger = createFileLogger(logs, { secrets: () => secretsIn(env) });
      logger.error(
        `request failed with ${env.OPENAI_COMPATIBLE_API_KEY}`,
        new Error(`echo ${env.ANTHROPIC_API_KEY}`),
      );
      logger.warn('header Authorization: Bearer abcdefghijklmnopqrstuvwxyz and sk-someoneelses123456');
      await expect
        .poll(() => readFile(path.join(logs, 'extracto.log'), 'utf8').catch(() => ''))
        .toContain('[warn]');
      const text = await readFile(path.join(logs, 'extracto.log'), 'utf8');
      for (const key of Object.values(env).slice(0, 3)) expect(text).not.toContain(key);
      expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz');
      expect(text).not.toContain('someoneelses');
      expect(text).toContain('Bearer [redacted] and [redacted]');
    } finally {
      await rm(logs, { recursive: true, force: true });
    }
  });

  it('applies the same shapes to a server’s words quoted in a sentence', () => {
    const echoed = new APIError(
      400,
      { error: { message: `bad key ${env.OPENAI_COMPATIBLE_API_KEY} or sk-other-123456789` } },
      undefined,
      new Headers(),
    );
    const sentence = toUserError(echoed, {
      service: message('provider.serverAt', { baseUrl: 'http://127.0.0.1:1234/v1' }),
      baseUrl: 'http://127.0.0.1:1234/v1',
      model: 'm',
      timeoutMs: 1000,
      compatible: true,
      secrets: [env.OPENAI_COMPATIBLE_API_KEY],
    }).message;
    expect(sentence).toBe(
      'The server at http://127.0.0.1:1234/v1 rejected the request (400): bad key [key] or [key].',
    );
    expect(redactSecrets('x sk-abc123def456 y')).toBe('x [redacted] y');
  });
});
