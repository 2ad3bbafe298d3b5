import { say } from './messages/catalogue.ts';
import type { Locale } from './messages/locale.ts';
import type { Message, MessageParams } from './messages/message.ts';

/**
 * A reason as a result file (and an export's status) keeps it: the English sentence, for people
 * reading the file, and the sentence's code and parameters, said in the reader's language.
 */
export interface StoredError {
  error?: string | undefined;
  errorCode?: string | undefined;
  errorParams?: MessageParams | undefined;
}

/** All three fields for a reason, so any build and any person can read it. */
export function storedError(said: Message): {
  error: string;
  errorCode: string;
  errorParams?: MessageParams;
} {
  return {
    error: say('en', said),
    errorCode: said.code,
    ...(said.params === undefined ? {} : { errorParams: said.params }),
  };
}

/** The reason as a message, when its code was kept (result files written before were not). */
function storedErrorMessage(stored: StoredError): Message | undefined {
  if (stored.errorCode === undefined) return undefined;
  return stored.errorParams === undefined
    ? { code: stored.errorCode }
    : { code: stored.errorCode, params: stored.errorParams };
}

/**
 * The reason in a person's language; one written before codes existed (or by a newer build, with a
 * code this one does not know) shows the sentence it stored.
 */
export function sayStoredError(locale: Locale, stored: StoredError): string | undefined {
  const said = storedErrorMessage(stored);
  return said ? say(locale, said, stored.error) : stored.error;
}

/** Takes a reason off (a result run again, or given a plain sentence instead). */
export function clearStoredError<T extends StoredError>(stored: T): T {
  delete stored.error;
  delete stored.errorCode;
  delete stored.errorParams;
  return stored;
}
