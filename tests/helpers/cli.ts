import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/extracto.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `extracto` command in a child process, with its own data home and no API keys. */
export function runCli(
  args: string[],
  options: { home: string; cwd?: string; input?: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? options.home,
      env: {
        ...process.env,
        OPENAI_API_KEY: '',
        ANTHROPIC_API_KEY: '',
        // English, whatever the machine running the tests speaks; a test may ask for another.
        LANG: 'C.UTF-8',
        LC_ALL: '',
        LC_MESSAGES: '',
        LANGUAGE: '',
        ...options.env,
        EXTRACTO_HOME: options.home,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export async function tempHome(
  options: { settings?: Record<string, unknown> } = {},
): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'extracto-test-'));
  if (options.settings) await writeFile(path.join(home, 'settings.json'), JSON.stringify(options.settings));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/**
 * Settings for tests of cloud calls that are about something else (the queue, the CLI's provider
 * options): grounding reads every page with the local OCR while the model answers, which a
 * loopback model answering at once turns into seconds per call. Grounding has tests of its own.
 */
export const WITHOUT_GROUNDING = { provider: { groundAnswers: false } };
