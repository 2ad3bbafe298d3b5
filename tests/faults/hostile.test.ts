import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, openaiError } from '../helpers/fake-apis.ts';
import {
  answering,
  Cli,
  documentFiles,
  figures,
  hasStackTrace,
  jsonLines,
  makeSecrets,
  verifyHome,
  workspace,
} from './harness.ts';
import { pngHeader } from '../helpers/png.ts';

/**
 * Hostile input through the real command: patterns that make a backtracking engine run for ever,
 * a profile of 5,000 fields, a server that never answers or echoes the key back, an image over the
 * pixel limit, a symbolic link loop. Each must end quickly with a sentence (never a crash, a hang
 * or a trace), nothing captured may be lost, and the data home is checked after each.
 */

const ROUTE = 'POST /v1/responses';
const CHAT = 'POST /v1/chat/completions';
const EVIL = '(a+)+b';

/** A page of printed lines: what the OCR reads. */
async function textImage(lines: string[]): Promise<Buffer> {
  const rows = lines
    .map((l, i) => `<text x="30" y="${60 + i * 50}" font-family="DejaVu Sans" font-size="28">${l}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="${80 + lines.length * 50}"><rect width="100%" height="100%" fill="white"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const fieldsOf = (n: number) => Array.from({ length: n }, (_, i) => `field ${i}`).join(', ');

let ws: Awaited<ReturnType<typeof workspace>>;
let api: FakeApi;
let cli: Cli;
let docs: string[];
let evilPage: string;
const figuresLines: string[] = [];

beforeAll(async () => {
  ws = await workspace();
  api = await FakeApi.start();
  cli = new Cli(ws.home, makeSecrets(), ws.work);
  docs = await documentFiles(path.join(ws.work, 'in'), 3);
  evilPage = path.join(ws.work, 'evil.png');
  const run = 'a'.repeat(48);
  await writeFile(evilPage, await textImage(['ORDER CODE', run, `Code: ${run}`, `Ref ${run}a`]));
});
afterAll(async () => {
  cli?.killAll();
  await api.close();
  await ws.cleanup();
  figures(`hostile input: ${figuresLines.join('; ')}`);
});

async function settle(what: string, printed: string[] = []): Promise<void> {
  const report = await verifyHome(cli, { printed });
  expect(report.problems, what).toEqual([]);
}

function sentence(stderr: string): string {
  expect(hasStackTrace(stderr), stderr).toBe(false);
  return stderr.trim();
}

describe('catastrophic patterns', () => {
  it(`a field pattern ${EVIL} and a redaction pattern ${EVIL} finish quickly`, async () => {
    const profile = {
      id: 'codes',
      name: 'codes',
      fields: [
        { key: 'code', label: 'Code', type: 'text', hints: { pattern: EVIL } },
        { key: 'ref', label: 'Ref', type: 'text', hints: { pattern: `(a|aa)+$` } },
      ],
    };
    await writeFile(
      path.join(ws.home, 'settings.json'),
      JSON.stringify({
        version: 1,
        profiles: [profile],
        activeProfileId: 'codes',
        privacy: { redact: { enabled: true, kinds: ['email'], patterns: [EVIL, '(x+x+)+y'] } },
      }),
    );
    const local = await cli.run(['extract', evilPage, '--provider', 'local', '--json']);
    expect(local.code, local.stderr).toBe(0);
    expect(local.ms).toBeLessThan(30_000);
    const [offline] = jsonLines(local.stdout);
    expect(offline).toMatchObject({ status: 'ok', fields: { code: null } });

    api.reset();
    api.always(ROUTE, answering());
    const cloud = await cli.run([
      'extract',
      evilPage,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--json',
    ]);
    expect(cloud.code, cloud.stderr).toBe(0);
    expect(cloud.ms).toBeLessThan(30_000);
    expect(api.calls(ROUTE)).toHaveLength(1);
    const [sent] = jsonLines(cloud.stdout);
    expect(sent).toMatchObject({ status: 'ok' });
    await settle('catastrophic patterns', [offline!.id as string, sent!.id as string]);
    figuresLines.push(
      `${EVIL} as a field pattern read in ${(local.ms / 1000).toFixed(1)} s (offline engine), as a redaction pattern in ${(cloud.ms / 1000).toFixed(1)} s`,
    );
  });

  it('a pattern the linear-time engine cannot run is refused with a sentence; nothing is sent', async () => {
    await writeFile(
      path.join(ws.home, 'settings.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ id: 'p', name: 'p', fields: [{ key: 'total', label: 'Total', type: 'number' }] }],
        activeProfileId: 'p',
        privacy: { redact: { enabled: true, kinds: [], patterns: ['(a*)*\\1'] } },
      }),
    );
    const before = (await verifyHome(cli)).results.size;
    api.reset();
    api.always(ROUTE, answering());
    const run = await cli.run([
      'extract',
      docs[0]!,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--json',
    ]);
    // Refused before anything is read or sent: the file stays where it is, nothing to keep.
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(30_000);
    expect(api.requests).toHaveLength(0);
    expect(sentence(run.stderr)).toBe(
      'The redaction pattern "(a*)*\\1" uses a backreference "\\1", which Extracto\'s linear-time pattern engine (RE2 syntax) does not support. Fix it in Settings > Privacy.',
    );
    const after = await verifyHome(cli);
    expect(after.problems).toEqual([]);
    expect(after.results.size).toBe(before);
    figuresLines.push(
      'a backreference redaction pattern refused with a sentence before anything was read, 0 requests sent',
    );
  });
});

describe('5,000 fields', () => {
  it('are refused with a sentence where they are entered, and a stored profile of them does not crash', async () => {
    const spec = fieldsOf(5000);
    const limit =
      /^A profile can have at most 100 fields, and this one has 5000: split it into several profiles\.$/;
    const extract = await cli.run(['extract', docs[0]!, '--fields', spec, '--provider', 'local']);
    expect(extract.code).toBe(2);
    expect(sentence(extract.stderr)).toMatch(limit);
    const add = await cli.run(['profiles', 'add', 'huge', '--fields', spec]);
    expect(add.code).toBe(2);
    expect(sentence(add.stderr)).toMatch(limit);

    // Written into settings.json by hand (or by an older build): it loads, and runs without a crash.
    const fields = Array.from({ length: 5000 }, (_, i) => ({
      key: `field_${i}`,
      label: `field ${i}`,
      type: 'text',
    }));
    await writeFile(
      path.join(ws.home, 'settings.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ id: 'huge', name: 'huge', fields }],
        activeProfileId: 'huge',
      }),
    );
    const local = await cli.run(['extract', docs[0]!, '--provider', 'local', '--json']);
    expect(local.signal).toBeNull();
    expect([0, 1, 2]).toContain(local.code);
    expect(hasStackTrace(local.stderr), local.stderr).toBe(false);
    if (local.code === 2) expect(sentence(local.stderr)).toMatch(/100 fields/);
    api.reset();
    api.always(ROUTE, answering());
    const cloud = await cli.run([
      'extract',
      docs[0]!,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--json',
    ]);
    expect(cloud.signal).toBeNull();
    expect([0, 1, 2]).toContain(cloud.code);
    expect(hasStackTrace(cloud.stderr), cloud.stderr).toBe(false);
    if (cloud.code === 2) expect(sentence(cloud.stderr)).toMatch(/100 fields/);
    const printed = [...jsonLines(local.stdout), ...jsonLines(cloud.stdout)].map((r) => r.id as string);
    await settle('5,000 fields', printed);
    figuresLines.push(
      `5,000 fields refused by extract and "profiles add" with a sentence; a stored 5,000-field profile ended ` +
        `${local.code} (offline, ${(local.ms / 1000).toFixed(1)} s) and ${cloud.code} (cloud), no crash`,
    );
  });
});

describe('a server that never answers', () => {
  it('with --timeout 2 leaves the batch pending with the reason, within seconds', async () => {
    await writeFile(
      path.join(ws.home, 'settings.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ id: 'p', name: 'p', fields: [{ key: 'total', label: 'Total', type: 'number' }] }],
        activeProfileId: 'p',
      }),
    );
    api.reset();
    api.always(ROUTE, { hang: true });
    const run = await cli.run([
      'extract',
      ...docs,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--timeout',
      '2',
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(12_000);
    const results = jsonLines(run.stdout);
    expect(results).toHaveLength(docs.length);
    for (const r of results)
      expect(r).toMatchObject({
        status: 'pending',
        error: expect.stringMatching(
          /^OpenAI did not answer within 2 s; .* It is kept and will be retried\.$/,
        ),
      });
    expect(hasStackTrace(run.stderr)).toBe(false);

    api.reset();
    api.always(ROUTE, answering());
    const retry = await cli.run(['retry', '--all', '--base-url', api.url('/v1'), '--json']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(jsonLines(retry.stdout).map((r) => r.status)).toEqual(docs.map(() => 'ok'));
    await settle(
      'a server that never answers',
      results.map((r) => r.id as string),
    );
    figuresLines.push(
      `a silent server with --timeout 2: ${docs.length} images pending with the reason, the command ended in ${(run.ms / 1000).toFixed(1)} s, retry made them ok`,
    );
  });

  it('a server that echoes the key back in its errors: the key is in no result, log or output', async () => {
    api.reset();
    const { env, openai } = cli.secrets;
    const compatible = env.OPENAI_COMPATIBLE_API_KEY!;
    api.script(
      ROUTE,
      { status: 400, json: openaiError(`Invalid request from key ${openai}`, 'invalid_request_error') },
      {
        status: 401,
        json: openaiError(
          `Incorrect API key provided: ${openai}.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      },
    );
    api.always(CHAT, { status: 500, text: `internal error; Authorization: Bearer ${compatible}` });
    const first = await cli.run([
      'extract',
      docs[0]!,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--json',
    ]);
    const second = await cli.run([
      'extract',
      docs[1]!,
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
      '--json',
    ]);
    const third = await cli.run([
      'extract',
      docs[2]!,
      '--provider',
      'openai-compatible',
      '--base-url',
      api.url('/v1'),
      '--timeout',
      '5',
      '--json',
    ]);
    const results = [first, second, third].flatMap((r) => jsonLines(r.stdout));
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'pending']);
    // The key reached the server (it must), and came back in every error.
    expect(
      api.requests.every(
        (r) => JSON.stringify(r.headers).includes(openai) || JSON.stringify(r.headers).includes(compatible),
      ),
    ).toBe(true);
    await settle(
      'a server echoing the key',
      results.map((r) => r.id as string),
    );
    figuresLines.push(
      'a server echoing the key (400, 401, 500 with a token that is not key-shaped): 0 copies kept or printed',
    );
  });
});

describe('files that are not what they seem', () => {
  it('a 20000x20000 PNG and a symbolic link loop get a sentence; the batch saves nothing', async () => {
    const huge = path.join(ws.work, 'huge.png');
    await writeFile(huge, pngHeader(20_000, 20_000));
    await symlink('loop-b.png', path.join(ws.work, 'loop-a.png'));
    await symlink('loop-a.png', path.join(ws.work, 'loop-b.png'));
    const before = (await verifyHome(cli)).results.size;
    api.reset();
    api.always(ROUTE, answering());

    const big = await cli.run([
      'extract',
      docs[0]!,
      huge,
      '--fields',
      'total:number',
      '--provider',
      'openai',
      '--base-url',
      api.url('/v1'),
    ]);
    expect(big.code).toBe(2);
    expect(big.ms).toBeLessThan(10_000);
    expect(sentence(big.stderr)).toBe(
      `${huge} is 20000×20000 pixels (400 MP), over the 268 MP Extracto reads; scale it down or crop it first.`,
    );
    const loop = await cli.run([
      'extract',
      docs[0]!,
      'loop-a.png',
      '--fields',
      'total:number',
      '--provider',
      'local',
    ]);
    expect(loop.code).toBe(2);
    expect(sentence(loop.stderr)).toBe(
      `${path.join(ws.work, 'loop-a.png')} is a symbolic link that cannot be resolved: it loops back on itself (or goes through too many links).`,
    );
    expect(api.requests).toHaveLength(0);
    const after = await verifyHome(cli);
    expect(after.problems).toEqual([]);
    expect(after.results.size).toBe(before);
    expect(await readFile(huge)).toEqual(pngHeader(20_000, 20_000));
    figuresLines.push(
      'a 20000x20000 PNG and a symlink loop: one sentence each, exit 2, 0 results made, 0 requests',
    );
  });
});
