import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { userError } from '../shared/errors.ts';
import { SecretName, type SecretsStatus } from '../shared/ipc.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import type { SecretPort } from './ports.ts';

const SECRET_NAMES = SecretName.options;

const SecretFile = z.record(z.string(), z.string());

/**
 * API keys encrypted with the OS keychain (Electron's safeStorage) in secrets.json beside the
 * settings; only ciphertext touches the disk, never the settings file. Where the system offers no
 * keychain, storing is refused with a sentence rather than falling back to plain text.
 */
export class SecretStore {
  private readonly file: string;
  private readonly port: SecretPort;

  constructor(file: string, port: SecretPort) {
    this.file = file;
    this.port = port;
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const parsed = SecretFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    return parsed.success ? parsed.data : {};
  }

  has(name: SecretName): boolean {
    return name in this.read();
  }

  async get(name: SecretName): Promise<string | undefined> {
    const stored = this.read()[name];
    if (stored === undefined || !(await this.port.available())) return undefined;
    const { text, stale } = await this.port.decrypt(Buffer.from(stored, 'base64'));
    if (stale) await this.set(name, text);
    return text;
  }

  async set(name: SecretName, value: string): Promise<void> {
    if (!(await this.port.available())) {
      throw userError('keychain.none', { name });
    }
    const encrypted = await this.port.encrypt(value.trim());
    const all = this.read();
    all[name] = encrypted.toString('base64');
    await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  async remove(name: SecretName): Promise<void> {
    const all = this.read();
    delete all[name];
    await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  /** Every stored key, decrypted: the environment the providers read their keys from. */
  async environment(): Promise<Partial<Record<SecretName, string>>> {
    const env: Partial<Record<SecretName, string>> = {};
    for (const name of SECRET_NAMES) {
      const value = await this.get(name);
      if (value) env[name] = value;
    }
    return env;
  }

  /** What Settings shows: which keys are kept in the keychain, which come from the environment. */
  async status(env: NodeJS.ProcessEnv): Promise<SecretsStatus> {
    const each = (test: (name: SecretName) => boolean) =>
      Object.fromEntries(SECRET_NAMES.map((name) => [name, test(name)])) as Record<SecretName, boolean>;
    return {
      keychain: await this.port.available(),
      stored: each((name) => this.has(name)),
      fromEnvironment: each((name) => Boolean(env[name]?.trim())),
    };
  }

  /** The keys found in the environment (or a .env file) that are not stored yet: offered on first run. */
  importable(env: NodeJS.ProcessEnv): SecretName[] {
    return SECRET_NAMES.filter((name) => Boolean(env[name]?.trim()) && !this.has(name));
  }
}
