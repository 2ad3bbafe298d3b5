import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMG = path.join(ROOT, 'tests/fixtures/sroie/img');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an ES module in a fresh Node (the one running the tests) as `node script.mjs args…`, the way
 * the CLI runs: a script file, not `-e` (the command line's shape matters below).
 */
async function node(dir: string, code: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const script = path.join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(script, code);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, pid: child.pid!, stdout, stderr }));
  });
}

// The offline engine in its own process, where what it does to the process (its stderr, the files
// it leaves, how it copes with the command line) can be seen.
describe('the offline engine in a process of its own', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'extracto-ocr-process-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const env = () => {
    const { ORT_DISABLE_TELEMETRY: _, ...rest } = process.env;
    return { ...rest, HOME: home };
  };

  it('starts with a long command line (thousands of fields, hundreds of files) and leaves no telemetry', async () => {
    const code = `
      import { readFileSync } from 'node:fs';
      const { PaddleEngine } = await import(${JSON.stringify(path.join(ROOT, 'src/core/providers/local/paddle.ts'))});
      const engine = new PaddleEngine();
      const page = await engine.recognize(readFileSync(${JSON.stringify(path.join(IMG, 'X00016469670.jpg'))}));
      await engine.close();
      console.log('lines', page.lines.length);
    `;
    // 70 KB: what `extracto extract` with 5,000 fields, or a thousand file names, passes.
    const long = Array.from({ length: 6000 }, (_, i) => `label ${i}`).join(', ');
    expect(long.length).toBeGreaterThan(60_000);
    const run = await node(home, code, ['--fields', long], env());
    // Before: onnxruntime's telemetry start-up overflowed the stack on it (SIGSEGV, exit 139).
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(run.stdout).toMatch(/^lines [1-9]\d*\n$/);
    // Nothing of Microsoft's telemetry: no device id or event cache, no debug log per process.
    expect(existsSync(path.join(home, '.cache/Microsoft'))).toBe(false);
    expect(existsSync(`/tmp/mat-debug-${run.pid}.log`)).toBe(false);
  }, 60_000);

  it('prints nothing on stderr for a page whose text runs to its edge', async () => {
    const code = `
      import { readFileSync } from 'node:fs';
      const { TesseractEngine } = await import(${JSON.stringify(path.join(ROOT, 'src/core/providers/local/tesseract.ts'))});
      const engine = new TesseractEngine();
      const page = await engine.recognize(readFileSync(${JSON.stringify(path.join(IMG, 'X51005568895.jpg'))}));
      await engine.close();
      console.log(JSON.stringify(page.lines.map((l) => [l.text, l.box])));
    `;
    const run = await node(home, code, [], env());
    expect(run.code).toBe(0);
    // Before: "Error in boxClipToRectangle: box outside rectangle" and "Error in
    // pixScanForForeground: invalid box", from Leptonica inside tesseract's wasm.
    expect(run.stderr).toBe('');
    const lines = JSON.parse(run.stdout) as Array<[string, { x: number; y: number; w: number; h: number }]>;
    const company = lines.find(([text]) => text.includes('VIVOPAC'));
    expect(company).toBeDefined();
    // The margin added for tesseract is taken off again: boxes are in the image's own pixels.
    const [, box] = company!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(200);
  }, 60_000);
});
