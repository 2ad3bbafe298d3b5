// `npm start`: the desktop app in development (electron-vite dev: main, preload and the renderer
// with hot reload). Electron downloads its binary on first use; where it is missing and cannot be
// fetched (no network, or ELECTRON_SKIP_BINARY_DOWNLOAD), this says so in one sentence.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));

function installed() {
  try {
    return (
      readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
        .trim()
        .replace(/^v/, '') === version
    );
  } catch {
    return false;
  }
}

if (!installed() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  process.stderr.write(`Downloading Electron ${version} (once)…\n`);
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}
if (!installed()) {
  process.stderr.write(
    `The Electron ${version} binary is not installed, so the desktop app cannot start here: run "npx install-electron" on a machine with internet access (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD); meanwhile the command line works: npx extracto help\n`,
  );
  process.exit(1);
}

const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
