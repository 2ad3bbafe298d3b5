/**
 * What the installers carry of the app's own: `npx node bench/package-size.ts`. Builds the Linux x64
 * package as `npm run test:package` does (electron-builder, placeholder Electron files), then prints
 * the archive and unpacked sizes, the biggest unpacked packages, and the app part compressed the
 * way each Linux installer compresses it: xz for the deb's data.tar.xz (electron-builder's fpm
 * default), gzip squashfs for the AppImage (electron-builder's default for its AppImage tooling;
 * needs `mksquashfs`, from Debian's squashfs-tools). Electron's own files are empty here: no
 * Electron binary can be had on these machines, so its share is not measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPackage } from '../tests/package/build-package.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function sizeOf(target: string): Promise<number> {
  const info = await stat(target);
  if (info.isFile()) return info.size;
  let total = 0;
  for (const entry of await readdir(target, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function compressed(command: string): number | null {
  const run = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 2 ** 20 });
  return run.status === 0 ? Number(run.stdout.trim()) : null;
}

const built = await buildPackage();
const asar = await sizeOf(path.join(built.resources, 'app.asar'));
const unpackedDir = path.join(built.resources, 'app.asar.unpacked');
const unpacked = await sizeOf(unpackedDir);
console.log(`Linux x64, the app's own part (Electron's files are empty placeholders here):\n`);
console.log('| part | size |');
console.log('|---|---|');
console.log(`| resources/app.asar | ${mb(asar)} |`);
console.log(`| resources/app.asar.unpacked | ${mb(unpacked)} |`);
console.log(`| together | ${mb(asar + unpacked)} |`);

const modules = path.join(unpackedDir, 'node_modules');
const packages: { name: string; bytes: number }[] = [];
for (const entry of await readdir(modules)) {
  const names = entry.startsWith('@')
    ? (await readdir(path.join(modules, entry))).map((n) => `${entry}/${n}`)
    : [entry];
  for (const name of names) packages.push({ name, bytes: await sizeOf(path.join(modules, name)) });
}
packages.sort((a, b) => b.bytes - a.bytes);
console.log('\nBiggest unpacked packages (native code, models, language data, worker dependencies):\n');
console.log('| package | size |');
console.log('|---|---|');
for (const p of packages.slice(0, 8)) console.log(`| ${p.name} | ${mb(p.bytes)} |`);

const dir = built.appDir;
const scratch = await mkdtemp(path.join(tmpdir(), 'extracto-package-size-'));
try {
  const deb = compressed(`tar -C '${dir}' -cf - . | xz -6 -T1 | wc -c`);
  const squashfs = path.join(scratch, 'app.squashfs');
  const appImage = compressed(
    `mksquashfs '${dir}' '${squashfs}' -all-root -noappend -no-xattrs -no-fragments -quiet -no-progress >/dev/null && stat -c %s '${squashfs}'`,
  );
  console.log('\nThe app part compressed as each Linux installer does:\n');
  console.log('| installer | app part |');
  console.log('|---|---|');
  console.log(`| deb (data.tar.xz, xz -6) | ${deb === null ? 'not measured (xz missing)' : mb(deb)} |`);
  console.log(
    `| AppImage (squashfs, gzip) | ${appImage === null ? 'not measured (mksquashfs missing: apt-get install squashfs-tools)' : mb(appImage)} |`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
