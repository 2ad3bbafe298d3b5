import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/cli.ts';

/** Files of Electron's Linux build that electron-builder copies; empty here, only their names matter. */
const ELECTRON_FILES = [
  'electron',
  'chrome-sandbox',
  'chrome_crashpad_handler',
  'libffmpeg.so',
  'icudtl.dat',
  'resources.pak',
  'snapshot_blob.bin',
  'v8_context_snapshot.bin',
];

export interface BuiltPackage {
  /** dist/package-check/linux-unpacked: what the Linux installers hold. */
  appDir: string;
  resources: string;
  seconds: number;
}

function run(args: string[], what: string): void {
  const done = spawnSync(process.execPath, args, {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (done.status !== 0)
    throw new Error(`${what} failed (exit ${done.status}):\n${done.stdout}\n${done.stderr}`);
}

/**
 * The Linux x64 app as `npm run dist` packages it (same build, same electron-builder config),
 * with empty files where Electron's own binaries go: no Electron binary can be had on the machines
 * this runs on, and none is needed to check what the app itself ships and loads.
 */
export async function buildPackage(): Promise<BuiltPackage> {
  const started = performance.now();
  const output = path.join(REPO, 'dist', 'package-check');
  await rm(output, { recursive: true, force: true });
  const electronDist = await mkdtemp(path.join(tmpdir(), 'extracto-electron-dist-'));
  try {
    for (const name of ELECTRON_FILES) await writeFile(path.join(electronDist, name), '');
    await mkdir(path.join(electronDist, 'locales'));
    await mkdir(path.join(electronDist, 'resources'));
    run([path.join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'electron-vite build');
    run(
      [
        path.join(REPO, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${output}`,
      ],
      'electron-builder --dir',
    );
  } finally {
    await rm(electronDist, { recursive: true, force: true });
  }
  const appDir = path.join(output, 'linux-unpacked');
  return { appDir, resources: path.join(appDir, 'resources'), seconds: (performance.now() - started) / 1000 };
}
