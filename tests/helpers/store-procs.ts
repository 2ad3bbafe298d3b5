import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ResultStore } from '../../src/core/store/store.ts';

/**
 * Several processes on one data home, as the CLI and the app are: start store-child.ts commands,
 * kill them, and check what must hold afterwards whatever happened (checkHome). Meant to be reused
 * by a fault suite (random kill -9 during batches, several writers and readers).
 */

export const STORE_CHILD = path.join(import.meta.dirname, 'store-child.ts');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The JSON objects the child printed, one per line. */
  lines: Record<string, unknown>[];
  stderr: string;
}

export interface StoreChild {
  process: ChildProcess;
  /** Resolves when the child has exited (killed or not), with what it printed. */
  exited: Promise<ChildRun>;
}

/** Starts `node tests/helpers/store-child.ts <args>` with the Node running the tests (24). */
export function startStoreChild(args: string[]): StoreChild {
  const child = spawn(process.execPath, [STORE_CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        lines: stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        stderr,
      }),
    );
  });
  return { process: child, exited };
}

export function runStoreChild(args: string[]): Promise<ChildRun> {
  return startStoreChild(args).exited;
}

export interface HomeCheck {
  /** Result files (valid ones) that the index does not list. */
  unlisted: string[];
  /** Ids the index lists with no result file. */
  listedWithoutFile: string[];
  /** Images (images/<id>.<ext>) with no result file: a capture that would be lost. */
  imagesWithoutResult: string[];
  /** Every id the index lists. */
  listed: string[];
  /** Temp files left (in-flight writes are over when this is called). */
  temps: string[];
}

/**
 * Opens the store as a new process would (so whatever an open repairs is repaired) and compares
 * the index with the files. When no process is writing, all three lists of problems must be empty:
 * every captured image has a result, every result file is listed, nothing listed is missing.
 */
export async function checkHome(home: string): Promise<HomeCheck> {
  const store = await ResultStore.open(home);
  try {
    const listed = store.list({ limit: 10_000 }).items.map((s) => s.id);
    const files = (await readdir(path.join(home, 'results'), { recursive: true }))
      .filter((f) => /\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4}\.json$/.test(f))
      .map((f) => path.basename(f, '.json'));
    const valid: string[] = [];
    for (const id of files) if (await store.get(id)) valid.push(id);
    const images = await readdir(path.join(home, 'images'));
    const all = [
      ...images,
      ...(await readdir(path.join(home, 'results'), { recursive: true })).map((f) => path.basename(f)),
    ];
    const listedSet = new Set(listed);
    const fileSet = new Set(files);
    return {
      unlisted: valid.filter((id) => !listedSet.has(id)),
      listedWithoutFile: listed.filter((id) => !fileSet.has(id)),
      imagesWithoutResult: images
        .filter((n) => !n.startsWith('.'))
        .map((n) => n.replace(/\.(png|jpg)$/, ''))
        .filter((id) => !fileSet.has(id)),
      listed,
      temps: all.filter((n) => n.endsWith('.tmp')),
    };
  } finally {
    store.close();
  }
}
