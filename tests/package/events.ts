import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * What the packaged app did, as seen by the Electron stand-in: one JSON object per line in a file
 * the test names (EXTRACTO_STANDIN_EVENTS). A file, not the IPC channel, so the last events before
 * `app.exit()` are never lost.
 */
export type AppEvent =
  | { type: 'ready' }
  | { type: 'switch'; name: string; value?: string }
  | { type: 'path'; name: string; value: string }
  | { type: 'tray'; icon: string; iconFound: boolean }
  | { type: 'menu'; labels: string[] }
  | { type: 'window'; page: string; pageFound: boolean; preload: string; preloadFound: boolean; hash: string }
  | { type: 'notification'; title: string; body: string }
  | { type: 'dialog'; kind: 'error' | 'message'; title: string; content: string }
  | { type: 'shortcut'; accelerator: string }
  | { type: 'worker'; file: string }
  | { type: 'answer'; id: number; ok: boolean; value?: unknown; error?: string }
  | { type: 'exit'; code: number };

export function writeEvent(file: string, event: AppEvent): void {
  appendFileSync(file, `${JSON.stringify(event)}\n`);
}

export function readEvents(file: string): AppEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AppEvent);
}

/** What the test asks the running app to do, over the child's IPC channel. */
export type AppCommand =
  | { type: 'invoke'; id: number; channel: string; request: unknown }
  | { type: 'press'; id: number; accelerator: string }
  /** Clicks the tray menu's item of that label. */
  | { type: 'click'; id: number; label: string }
  | { type: 'fetch'; id: number; url: string }
  | { type: 'permission'; id: number; permission: string; url: string }
  | { type: 'import'; id: number; url: string }
  | { type: 'relaunch'; id: number }
  | { type: 'quit'; id: number };

/** A command as the test writes it; the id is added when it is sent. */
export type AppRequest = AppCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never;
