import { say, type MessageCode, type ParamArgs } from './messages/catalogue.ts';
import type { Message, MessageParams } from './messages/message.ts';

/** "usage": the request itself is wrong (CLI exit 2); "failed": the work was attempted and failed. */
type ErrorKind = 'usage' | 'failed';

interface ErrorOptions {
  kind?: ErrorKind;
  cause?: unknown;
}

/**
 * An error for the person using Extracto: a code of the message catalogue and its parameters, so
 * each edge (stderr, a notification, a window) says it in the person's language. `message` is the
 * English sentence, for the log file and for a result file's `error`. The technical detail travels
 * in `cause` and goes to the log only.
 */
export class UserError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly params: MessageParams;

  constructor(said: Message, options: ErrorOptions = {}) {
    super(say('en', said), { cause: options.cause });
    this.name = 'UserError';
    this.kind = options.kind ?? 'failed';
    this.code = said.code;
    this.params = said.params ?? {};
  }

  /** The sentence as data: what results keep and IPC carries. */
  get said(): Message {
    return Object.keys(this.params).length === 0
      ? { code: this.code }
      : { code: this.code, params: this.params };
  }
}

/** `userError('store.readOnly', { home }, { cause })`: the parameters are checked against the text. */
export function userError<C extends MessageCode>(
  code: C,
  ...[params, options]: ParamArgs<C, ErrorOptions>
): UserError {
  return new UserError(params === undefined ? { code } : { code, params }, options);
}

/** A mistake in the request itself (CLI exit 2): `usageError('file.missing', { file }, cause)`. */
export function usageError<C extends MessageCode>(
  code: C,
  ...[params, cause]: ParamArgs<C, unknown>
): UserError {
  return new UserError(params === undefined ? { code } : { code, params }, { kind: 'usage', cause });
}

/** The sentence, as data, to show a person for any thrown value. */
export function errorMessage(error: unknown): Message {
  return error instanceof UserError ? error.said : { code: 'error.unexpected' };
}

/** The same in English: for the log, and for what a result file keeps beside the code. */
export function userMessage(error: unknown): string {
  return say('en', errorMessage(error));
}
