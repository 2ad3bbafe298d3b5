import { existsSync, readFileSync, renameSync } from 'node:fs';
import { DEFAULT_SETTINGS, Settings } from '../shared/settings.ts';
import type { Logger } from './log.ts';
import { writeFileAtomic } from './atomic.ts';

/**
 * Reads settings.json. A damaged file is never fatal and never silently lost: it is moved aside
 * (settings.json.broken-<time>) and the defaults are used, with a warning in the log.
 */
export function loadSettings(file: string, logger: Logger): Settings {
  if (!existsSync(file)) return structuredClone(DEFAULT_SETTINGS);
  let problem: string;
  try {
    const parsed = Settings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const aside = `${file}.broken-${Date.now()}`;
  renameSync(file, aside);
  logger.warn(`settings.json could not be read (${problem}); it was moved to ${aside} and defaults are used`);
  return structuredClone(DEFAULT_SETTINGS);
}

export async function saveSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(Settings.parse(settings), null, 2)}\n`);
}
