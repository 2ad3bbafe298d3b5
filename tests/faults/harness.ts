import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/cli.ts';
import { openaiResponse, type RecordedRequest, type Reply } from '../helpers/fake-apis.ts';
import { renderDocument, type DocumentKind } from '../helpers/documents.ts';
import { checkHome } from '../helpers/store-procs.ts';
import { ResultStore } from '../../src/core/store/store.ts';

/**
 * The fault suite's shared parts (issue 17, "Make it stay fixed"): the real `extracto` command run
 * in child processes that can be killed at any moment, a recorder of everything they print, and the
 * checks every scenario ends with:
 *
 *   - every captured image (images/) has a result file;
 *   - every valid result file is listed by `extracto history` (parsed from the real command's output)
 *     and by the index as a fresh process opens it (checkHome); nothing listed lacks its file;
 *   - every result a command printed still exists (nothing reported as saved was lost);
 *   - no API key, nor anything shaped like one, appears in any file under the data home (logs,
 *     index.sqlite and its WAL, the journal, settings copies) or in anything a command printed.
 *
 * Counts are tunable for a longer soak (FAULT_* variables, see FAULT below); the PRNG seed is
 * printed so a failing schedule can be run again (FAULT_SEED).
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return n;
}

export const FAULT = {
  /** Seeds every random choice of the schedules (which files, when to kill, server replies). */
  seed: envInt('FAULT_SEED', randomInt(1, 2 ** 31 - 1)),
  /** kill -9 of `extract` batches against the loopback server. */
  kills: envInt('FAULT_KILLS', 120),
  /** kill -9 of `extract --provider local` batches (1-2 s of OCR per image, so fewer). */
  localKills: envInt('FAULT_LOCAL_KILLS', 12),
  /** Concurrent lanes of killed batches on the one data home. */
  killLanes: envInt('FAULT_KILL_LANES', 2),
  /** Writer processes, and results each writes, while readers loop. */
  writers: envInt('FAULT_WRITERS', 3),
  resultsPerWriter: envInt('FAULT_RESULTS_PER_WRITER', 150),
  readers: envInt('FAULT_READERS', 2),
  /** Two `profiles add` loops at once, this many profiles each. */
  profilesPerWriter: envInt('FAULT_PROFILES_PER_WRITER', 20),
};

/** Figures a scenario prints for the closing note: one line, easy to find in the output. */
export function figures(text: string): void {
  console.log(`FIGURES ${text}`);
}

// ---- Randomness ---------------------------------------------------------------------------------

export interface Rng {
  next(): number;
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, and the same sequence everywhere for one seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

// ---- Secrets ------------------------------------------------------------------------------------

export interface Secrets {
  /** Every key given to the commands, in full. */
  keys: string[];
  /** The environment that hands them to every command (unused ones too: none may leak). */
  env: Record<string, string>;
  openai: string;
}

/** Fresh keys for one scenario: random, so a hit can only come from this run. */
export function makeSecrets(): Secrets {
  const tail = () => randomBytes(12).toString('hex');
  const openai = `sk-fault-${tail()}`;
  const anthropic = `sk-ant-fault-${tail()}`;
  // Not key-shaped at all: only the "known secrets" masking can catch this one.
  const compatible = `ollama-token-${tail()}`;
  return {
    keys: [openai, anthropic, compatible],
    env: { OPENAI_API_KEY: openai, ANTHROPIC_API_KEY: anthropic, OPENAI_COMPATIBLE_API_KEY: compatible },
    openai,
  };
}

/** What a key looks like as the providers issue them (and as the log's masking knows them). */
const KEY_SHAPE = /sk-(?:ant-|proj-)?[A-Za-z0-9_-]{12,}|Bearer\s+[A-Za-z0-9._-]{12,}/g;
const IMAGE_FILE = /\.(png|jpe?g)$/i;

/** Where a secret shows in a text: each key in full, its random part, or any key-shaped string. */
export function secretHits(text: string, secrets: Secrets, shapes = true): string[] {
  const hits: string[] = [];
  for (const key of secrets.keys) {
    if (text.includes(key)) hits.push(`the key ${key}`);
    else {
      const tail = key.slice(-24);
      if (text.includes(tail)) hits.push(`the random part of ${key}`);
    }
  }
  if (shapes) for (const m of text.matchAll(KEY_SHAPE)) hits.push(`a key-shaped string "${m[0]}"`);
  return hits;
}

/**
 * Every file under a folder (dot files, the journal, the index and its WAL, logs, settings copies)
 * searched for the keys; all but images for key-shaped strings too (compressed pixels are noise).
 */
export async function scanTree(dir: string, secrets: Secrets): Promise<string[]> {
  const found: string[] = [];
  if (!existsSync(dir)) return found;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      continue; // removed meanwhile (a temp file)
    }
    for (const hit of secretHits(data.toString('latin1'), secrets, !IMAGE_FILE.test(entry.name)))
      found.push(`${path.relative(dir, file)}: ${hit}`);
  }
  return found;
}

// ---- The command, in child processes ------------------------------------------------------------

const BIN = path.join(REPO, 'bin/extracto.js');

export interface CliOutcome {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  pid: number;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  started: number;
  /** Complete stdout lines so far. */
  lines: string[];
  /** Called with each complete stdout line as it arrives. */
  onLine?: (line: string) => void;
  exited: Promise<CliOutcome>;
  /** kill -9 of the command (and of its process group, should it have started any helper). */
  kill(): void;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Run as another user (nobody, when the tests run as root and a folder must stay read-only). */
  uid?: number;
  gid?: number;
}

/**
 * Runs `extracto` for one scenario's data home, and keeps everything every run printed (the secret
 * check reads it all at the end). Each command gets the scenario's keys in its environment.
 */
export class Cli {
  readonly outputs: CliOutcome[] = [];
  /** Commands still running (each in its own process group, so a test that fails ends them). */
  private readonly running = new Set<Running>();
  readonly home: string;
  readonly secrets: Secrets;
  readonly cwd: string;

  constructor(home: string, secrets: Secrets, cwd: string) {
    this.home = home;
    this.secrets = secrets;
    this.cwd = cwd;
  }

  start(args: string[], options: CliOptions = {}): Running {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? this.cwd,
      env: {
        ...process.env,
        ...this.secrets.env,
        ...options.env,
        EXTRACTO_HOME: this.home,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: after a kill, the group tells whether anything it started lives on.
      detached: true,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const running: Running = {
      child,
      pid: child.pid!,
      started,
      lines: [],
      exited: new Promise<CliOutcome>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, signal) => {
          const outcome = {
            args,
            code,
            signal,
            stdout,
            stderr,
            ms: performance.now() - started,
            pid: child.pid!,
          };
          this.outputs.push(outcome);
          resolve(outcome);
        });
      }),
      kill: () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      },
    };
    child.stdout!.on('data', (d: Buffer) => {
      const text = d.toString();
      stdout += text;
      partial += text;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        running.lines.push(line);
        running.onLine?.(line);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    this.running.add(running);
    void running.exited.finally(() => this.running.delete(running)).catch(() => undefined);
    return running;
  }

  /** kill -9 of every command still running (a scenario that failed half-way). */
  killAll(): void {
    for (const run of this.running) run.kill();
  }

  run(args: string[], options: CliOptions = {}): Promise<CliOutcome> {
    return this.start(args, options).exited;
  }
}

/**
 * Whether any process of a killed command's group is still running (a helper it started). On Linux
 * from /proc, so that a zombie nobody reaps (PID 1 of a container may not) does not count.
 */
export function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ")".
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A stack trace on stderr: a command that was not killed must say sentences, never traces. */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(node:.*\))$/m.test(stderr);
}

/** The complete JSON lines a command printed (a line cut short by a kill has no newline: left out). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

// ---- The model's side ---------------------------------------------------------------------------

type SchemaNode = {
  type?: string | string[];
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  description?: string;
};

function valueFor(node: SchemaNode): unknown {
  const options = node.anyOf ?? [node];
  const typed = options.find((o) => o.type !== 'null' && o.type !== undefined) ?? node;
  const type = Array.isArray(typed.type) ? typed.type.find((t) => t !== 'null') : typed.type;
  switch (type) {
    case 'number':
    case 'integer':
      return 1234.56;
    case 'boolean':
      return true;
    case 'array':
      return ['PAPER A4'];
    case 'object':
      return Object.fromEntries(Object.entries(typed.properties ?? {}).map(([k, v]) => [k, valueFor(v)]));
    case 'string':
      if (/yyyy-mm-dd/.test(`${typed.description ?? ''}${node.description ?? ''}`)) return '2026-11-24';
      if (/ISO 4217/.test(typed.description ?? '')) return 'EUR';
      return 'INV-0042';
    default:
      return null;
  }
}

/**
 * A Responses API answer that follows the JSON Schema the request carried, whatever the profile:
 * a model that reads every field.
 */
export function schemaAnswer(request: RecordedRequest): Record<string, unknown> {
  const body = request.body as { text?: { format?: { schema?: SchemaNode } } } | undefined;
  const properties = body?.text?.format?.schema?.properties ?? {};
  const answer = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valueFor(v)]));
  return openaiResponse({ text: JSON.stringify(answer) });
}

/** A reply that answers each request by its schema, after `delayMs`. */
export function answering(delayMs = 0): Reply {
  return { respond: (request) => ({ json: schemaAnswer(request), delayMs }) };
}

// ---- Inputs -------------------------------------------------------------------------------------

/** Synthetic documents with known values (invoices, receipts, forms), copied to `count` files. */
export async function documentFiles(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const kinds: DocumentKind[] = ['invoice', 'receipt', 'form'];
  const docs = await Promise.all(
    [0, 1, 2, 3, 4, 5].map((seed) => renderDocument({ kind: kinds[seed % 3]!, seed: 100 + seed })),
  );
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `doc-${String(i).padStart(3, '0')}.png`);
    await writeFile(file, docs[i % docs.length]!.png);
    files.push(file);
  }
  return files;
}

/** A data home and a working folder (inputs, exports, .env), both removed by cleanup. */
export async function workspace(): Promise<{ home: string; work: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'extracto-fault-home-'));
  const work = await mkdtemp(path.join(tmpdir(), 'extracto-fault-work-'));
  return {
    home,
    work,
    cleanup: async () => {
      await rm(home, { recursive: true, force: true });
      await rm(work, { recursive: true, force: true });
    },
  };
}

// ---- The invariants -----------------------------------------------------------------------------

export interface Summary {
  id: string;
  status: string;
  profile: { id: string; name: string };
}

/** What `extracto history` lists, by id: the real command, its JSON lines parsed. */
export async function historyListing(cli: Cli): Promise<Map<string, Summary>> {
  // The index pages at most 10,000 rows per query; more than that is listed status by status.
  const CAP = 10_000;
  const listed = new Map<string, Summary>();
  const list = async (extra: string[]) => {
    const run = await cli.run(['history', '--json', '--limit', String(CAP), ...extra]);
    if (run.code !== 0 || hasStackTrace(run.stderr))
      throw new Error(`extracto history ${extra.join(' ')} failed (${run.code}): ${run.stderr}`);
    const items = jsonLines(run.stdout) as unknown as Summary[];
    for (const item of items) listed.set(item.id, item);
    return items.length;
  };
  if ((await list([])) >= CAP) {
    for (const status of ['ok', 'pending', 'failed'])
      if ((await list(['--status', status])) >= CAP)
        throw new Error(`over ${CAP} ${status} results: history cannot list them in one call`);
  }
  return listed;
}

export interface HomeReport {
  /** Valid result files on disk, by id, with their status. */
  results: Map<string, string>;
  /** Result files that are not valid results (damaged): the fault cases plant some, nothing else may. */
  damaged: string[];
  listed: number;
  /** Every broken invariant, as a sentence; empty when all hold. */
  problems: string[];
  /** Temp files of interrupted writes left behind (their writers are dead), in images/ and results/. */
  temps: { images: number; results: number };
}

/**
 * The checks every scenario ends with, run when no command is running. `printed` are the ids the
 * commands reported as saved (they must all still exist); `expectDamaged` the result files a
 * scenario damaged on purpose.
 */
export async function verifyHome(
  cli: Cli,
  options: { printed?: Iterable<string>; expectDamaged?: string[]; extraTexts?: string[] } = {},
): Promise<HomeReport> {
  const { home, secrets } = cli;
  const problems: string[] = [];

  // The files, read as the source of truth (no index involved).
  const results = new Map<string, string>();
  const damaged: string[] = [];
  const resultsDir = path.join(home, 'results');
  const names = existsSync(resultsDir) ? await readdir(resultsDir, { recursive: true }) : [];
  const store = await ResultStore.open(home);
  try {
    for (const rel of names) {
      const m = /(\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4})\.json$/.exec(path.basename(rel));
      if (!m) continue;
      const found = await store.inspect(m[1]!);
      if (found.state === 'ok') results.set(m[1]!, found.result.status);
      else damaged.push(m[1]!);
    }
  } finally {
    store.close();
  }
  const expectDamaged = new Set(options.expectDamaged ?? []);
  for (const id of damaged)
    if (!expectDamaged.has(id)) problems.push(`result file ${id} is damaged (not a valid result)`);

  // Every result file listed by `extracto history`, and nothing listed without its file.
  const listed = await historyListing(cli);
  for (const id of results.keys())
    if (!listed.has(id)) problems.push(`result ${id} is on disk but "extracto history" does not list it`);
  for (const id of listed.keys())
    if (!results.has(id) && !expectDamaged.has(id))
      problems.push(`"extracto history" lists ${id}, which has no valid result file`);
  for (const [id, item] of listed)
    if (results.has(id) && results.get(id) !== item.status)
      problems.push(`"extracto history" says ${id} is ${item.status}; its file says ${results.get(id)}`);

  // The same through the store as a new process opens it: images, files and index agree.
  const check = await checkHome(home);
  for (const id of check.imagesWithoutResult) problems.push(`image ${id} has no result: a capture lost`);
  for (const id of check.unlisted) problems.push(`result ${id} is not in the index (checkHome)`);
  for (const id of check.listedWithoutFile)
    if (!expectDamaged.has(id)) problems.push(`the index lists ${id}, which has no result file (checkHome)`);

  // Nothing a command reported as saved is gone.
  for (const id of options.printed ?? [])
    if (!results.has(id)) problems.push(`result ${id} was printed as saved and is lost`);

  // No key anywhere under the data home or in anything printed.
  for (const hit of await scanTree(home, secrets)) problems.push(`secret under the data home: ${hit}`);
  for (const run of cli.outputs)
    for (const hit of secretHits(`${run.stdout}\n${run.stderr}`, secrets))
      problems.push(`secret in the output of "extracto ${run.args.slice(0, 2).join(' ')}": ${hit}`);
  for (const text of options.extraTexts ?? [])
    for (const hit of secretHits(text, secrets)) problems.push(`secret in an exported file: ${hit}`);

  const temps = async (dir: string) =>
    existsSync(dir)
      ? (await readdir(dir, { recursive: true })).filter((n) => path.basename(n).endsWith('.tmp')).length
      : 0;
  return {
    results,
    damaged,
    listed: listed.size,
    problems,
    temps: { images: await temps(path.join(home, 'images')), results: await temps(resultsDir) },
  };
}

/** Counts of a report's statuses, for the figures. */
export function statusCounts(report: HomeReport): Record<string, number> {
  const counts: Record<string, number> = { ok: 0, pending: 0, failed: 0 };
  for (const status of report.results.values()) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
