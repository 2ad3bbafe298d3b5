import { createContext, useContext } from 'react';
import { IpcError } from '../../shared/ipc-client.ts';
import { translator, type Translate } from '../../shared/messages/catalogue.ts';
import type { Locale } from '../../shared/messages/locale.ts';

export interface I18n {
  locale: Locale;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ locale: 'en', t: translator('en') });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/**
 * What went wrong, in the window's language: main's sentence by its code; anything else (the
 * loopback bridge's HTTP failures, a browser error) in the words it came with.
 */
export function sayError(t: Translate, error: unknown): string {
  if (error instanceof IpcError && error.said) return t.say(error.said, error.message);
  return error instanceof Error ? error.message : String(error);
}
