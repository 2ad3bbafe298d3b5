import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Extracto';

/**
 * The data home: where Electron keeps userData for this app (so the CLI and the app share one
 * history), or EXTRACTO_HOME when set.
 */
export function defaultDataHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.EXTRACTO_HOME) return path.resolve(env.EXTRACTO_HOME);
  const home = homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export interface DataPaths {
  home: string;
  results: string;
  images: string;
  logs: string;
  settings: string;
  index: string;
  /** The app's exports (the CLI writes where it is told). */
  exports: string;
  /** Bytes dropped or pasted on a window, kept here only while they are read. */
  incoming: string;
}

export function dataPaths(home: string): DataPaths {
  return {
    home,
    results: path.join(home, 'results'),
    images: path.join(home, 'images'),
    logs: path.join(home, 'logs'),
    settings: path.join(home, 'settings.json'),
    index: path.join(home, 'index.sqlite'),
    exports: path.join(home, 'exports'),
    incoming: path.join(home, 'incoming'),
  };
}

/**
 * Creates the folders the brief asks for at start-up; cheap when they exist. Those it creates (the
 * home too) are private to the user on POSIX, 0700, whatever the umask; makeDataHomePrivate
 * (private-files.ts) closes an existing home.
 */
export function ensureDataHome(home: string): DataPaths {
  const paths = dataPaths(home);
  for (const dir of [paths.results, paths.images, paths.logs])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  return paths;
}
