/**
 * An error whose message is a sentence for the person using Extracto (shown in the UI, a
 * notification or on stderr). The technical detail travels in `cause` and goes to the log only.
 */
export class UserError extends Error {
  /** "usage": the request itself is wrong (CLI exit 2); "failed": the work was attempted and failed. */
  readonly kind: 'usage' | 'failed';

  constructor(message: string, options: { kind?: 'usage' | 'failed'; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.kind = options.kind ?? 'failed';
  }
}

export const usageError = (message: string, cause?: unknown): UserError =>
  new UserError(message, { kind: 'usage', cause });

/** The sentence to show a person for any thrown value. */
export function userMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  return 'Something went wrong; the details are in the log file.';
}
