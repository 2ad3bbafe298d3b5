import { createContext, useContext } from 'react';
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
