#!/usr/bin/env node
import module from 'node:module';
// Runs the TypeScript CLI directly: Node 22.18+ strips types natively, so there is no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `Extracto needs Node 22.18 or later (this is ${process.version}). Inside the project, "npx extracto" uses the Node it installs.\n`,
  );
  process.exit(2);
}
// Node keeps the modules it compiled (TypeScript stripped of its types included) in a cache under
// the temp folder: a command starts in about half the time from the second run on.
module.enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nStopping after the work in progress…\n');
  controller.abort();
});
// `extracto history | head`: the reader has gone. Stop as after Ctrl+C (what is being extracted is
// still saved), silently, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  controller.abort();
});
process.exitCode = await main(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  },
  controller.signal,
);
