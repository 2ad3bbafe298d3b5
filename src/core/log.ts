/**
 * The logging port. Core code logs through this; the CLI and the app give it a file logger
 * (electron-log, logs/extracto.log, rotated), tests give it one that records.
 */
export interface Logger {
  info(message: string, ...detail: unknown[]): void;
  warn(message: string, ...detail: unknown[]): void;
  error(message: string, ...detail: unknown[]): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
