import log from 'electron-log/node';
import path from 'node:path';
import type { Logger } from './log.ts';
import { APP_NAME } from './paths.ts';
import { redactSecrets } from './secrets.ts';

function describe(value: unknown): string {
  if (value instanceof Error) {
    const cause = value.cause === undefined ? '' : `\n  caused by: ${describe(value.cause)}`;
    return `${value.stack ?? `${value.name}: ${value.message}`}${cause}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The log file shared by the CLI and the app: logs/extracto.log in electron-log's format, rotated
 * to extracto.old.log at 1 MiB. Known secrets and key-shaped strings are masked before writing.
 */
export function createFileLogger(
  logsDir: string,
  options: { secrets?: () => readonly string[] } = {},
): Logger {
  const logger = log.create({ logId: `extracto:${logsDir}` });
  logger.transports.console.level = false;
  logger.transports.file.level = 'info';
  logger.transports.file.maxSize = 1024 * 1024;
  logger.transports.file.resolvePathFn = () => path.join(logsDir, 'extracto.log');
  // electron-log creates the file itself (and again after each rotation) with 0666 less the umask:
  // the log says what was captured and from where, so it is the user's alone, like the data home.
  logger.transports.file.writeOptions = { ...logger.transports.file.writeOptions, mode: 0o600 };
  // Without a name electron-log looks for the nearest package.json from the working folder, and
  // when there is none it drops every message silently.
  logger.transports.file.setAppName(APP_NAME);
  const write =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, ...detail: unknown[]): void => {
      const text = [message, ...detail.map(describe)].join(' ');
      logger[level](redactSecrets(text, options.secrets?.() ?? []));
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
