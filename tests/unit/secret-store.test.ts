import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretPort } from '../../src/main/ports.ts';
import { SecretStore } from '../../src/main/secrets.ts';

describe('SecretStore', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));
  // Stands in for safeStorage: reversible, and never the plain text.
  const keychain = (available = true): SecretPort => ({
    available: () => Promise.resolve(available),
    encrypt: (text) => Promise.resolve(Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a))),
    decrypt: (data) =>
      Promise.resolve({ text: Buffer.from([...data].map((b) => b ^ 0x5a)).toString(), stale: false }),
  });

  it('keeps keys encrypted on disk and gives them back', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const file = path.join(dir, 'secrets.json');
    const store = new SecretStore(file, keychain());
    await store.set('OPENAI_API_KEY', ' sk-secret-123456789 ');
    expect(await readFile(file, 'utf8')).not.toContain('sk-secret');
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-secret-123456789');
    expect(await store.environment()).toEqual({ OPENAI_API_KEY: 'sk-secret-123456789' });
    expect(store.importable({ OPENAI_API_KEY: 'x', ANTHROPIC_API_KEY: 'sk-ant-1' })).toEqual([
      'ANTHROPIC_API_KEY',
    ]);
    await store.remove('OPENAI_API_KEY');
    expect(store.has('OPENAI_API_KEY')).toBe(false);
  });

  it('encrypts a key again when the keychain says its key changed since', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const file = path.join(dir, 'secrets.json');
    // The first byte says which key version encrypted the rest.
    let version = 1;
    const rotating: SecretPort = {
      available: () => Promise.resolve(true),
      encrypt: (text) => Promise.resolve(Buffer.concat([Buffer.from([version]), Buffer.from(text)])),
      decrypt: (data) => Promise.resolve({ text: data.subarray(1).toString(), stale: data[0] !== version }),
    };
    const store = new SecretStore(file, rotating);
    await store.set('OPENAI_API_KEY', 'sk-rotated-123456789');
    version = 2;
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-rotated-123456789');
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(Buffer.from(stored.OPENAI_API_KEY!, 'base64')[0]).toBe(2);
  });

  it('refuses to store a key without a keychain instead of writing it in clear', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const store = new SecretStore(path.join(dir, 'secrets.json'), keychain(false));
    await expect(store.set('ANTHROPIC_API_KEY', 'sk-ant-123')).rejects.toThrow(
      /no keychain.*environment instead/,
    );
  });
});
