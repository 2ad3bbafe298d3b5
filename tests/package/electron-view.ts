import { extractFile, listPackage, statFile } from '@electron/asar';
import { copyFile, link, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files that Electron's main process sees in a packaged app, laid out on disk for plain Node.
 *
 * In Electron, `resources/app.asar` is a file that its JavaScript file and module functions read as
 * a folder; files that electron-builder unpacked (`asarUnpack`) are read from the real
 * `app.asar.unpacked` folder beside it, even when named by their path inside the archive. Native
 * code and worker threads see only real files.
 *
 * Here `app.asar` becomes a real folder holding what the archive packs, plus the unpacked files
 * that module loading reads through the archive (code, package.json files, the names of native
 * addons, whose loading runtime.ts redirects as Electron's does). Unpacked data (models, language
 * data, wasm, shared libraries) is left out of it: named by its path inside the archive, it is not
 * there, as it is not for native code in the real app. `app.asar.unpacked` is the built one,
 * hard-linked.
 */
const THROUGH_ARCHIVE = new Set(['.js', '.cjs', '.mjs', '.json', '.node']);

export interface ElectronView {
  resources: string;
  /** The app's folder as Electron names it (`app.getAppPath()`): resources/app.asar. */
  app: string;
  unpacked: string;
  packedFiles: number;
}

export async function electronView(builtResources: string, into: string): Promise<ElectronView> {
  const archive = path.join(builtResources, 'app.asar');
  const resources = path.join(into, 'resources');
  const app = path.join(resources, 'app.asar');
  const unpacked = path.join(resources, 'app.asar.unpacked');
  await mkdir(app, { recursive: true });
  // Hard links: 250 MB of native code and models appear here in milliseconds.
  const built = path.join(builtResources, 'app.asar.unpacked');
  for (const entry of await readdir(built, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(unpacked, path.relative(built, source));
    await mkdir(path.dirname(target), { recursive: true });
    await linkFile(source, target);
  }
  let packedFiles = 0;
  for (const entry of listPackage(archive, { isPack: false })) {
    const name = entry.replace(/^[/\\]/, '');
    const stat = statFile(archive, name, false);
    if (!('size' in stat)) continue;
    const target = path.join(app, name);
    if ('unpacked' in stat && stat.unpacked) {
      if (!THROUGH_ARCHIVE.has(path.extname(name))) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await linkFile(path.join(unpacked, name), target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, extractFile(archive, name, false));
    packedFiles++;
  }
  return { resources, app, unpacked, packedFiles };
}

/** A hard link where the file system allows it (the same disk), a copy where not. */
async function linkFile(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(source, target);
  }
}
