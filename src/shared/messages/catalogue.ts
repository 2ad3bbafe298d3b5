import type { Locale } from './locale.ts';
import { fill, type Message, type MessageParam, type ParamsOf } from './message.ts';
import { desktop } from './text/desktop.ts';
import { history } from './text/history.ts';
import { settings } from './text/settings.ts';
import { windows } from './text/windows.ts';

/**
 * The one message catalogue: every sentence a person reads, from the windows, the tray, the
 * notifications, the CLI and every error, in English and Spanish, by code. Each module under text/
 * holds one area's texts in both languages; they must not share a code (a unit test says so).
 *
 * Error codes are kept in result files (errorCode): a code, once shipped, keeps its meaning, and
 * a code this build does not know is shown as the English sentence stored beside it.
 */
export const PARTS = { windows, history, settings, desktop } as const;

const EN = { ...windows.en, ...history.en, ...settings.en, ...desktop.en };

export type MessageCode = keyof typeof EN;
type Texts = { readonly [C in MessageCode]: string };

const ES: Texts = { ...windows.es, ...history.es, ...settings.es, ...desktop.es };

export const CATALOGUE: { readonly [L in Locale]: Texts } = { en: EN, es: ES };

/** The parameters a code's text names (from its English text, so a missing one is a type error). */
export type ParamName<C extends MessageCode> = ParamsOf<(typeof EN)[C]>;

/** The arguments after a code: nothing when its text names none, else every parameter it names. */
export type ParamArgs<C extends MessageCode> = C extends MessageCode
  ? [ParamName<C>] extends [never]
    ? [params?: Record<string, never>]
    : [params: { readonly [P in ParamName<C>]: MessageParam }]
  : never;

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(EN, code);
}

/** A message for later (an error's, a result's), its parameters checked against the code's text. */
export function message<C extends MessageCode>(code: C, ...[params]: ParamArgs<C>): Message {
  return params === undefined ? { code } : { code, params };
}

/**
 * A message as a sentence in a language. A code this build does not know (a result written by a
 * newer one) gives `fallback`, the English sentence stored with it, when there is one.
 */
export function say(locale: Locale, said: Message, fallback?: string): string {
  if (!isMessageCode(said.code)) return fallback ?? said.code;
  return fill(CATALOGUE[locale][said.code], said.params, locale, (nested) => say(locale, nested));
}

export type Translate = <C extends MessageCode>(code: C, ...params: ParamArgs<C>) => string;

/** `t('resultsCount', { count })` in one language: how the windows, the tray and the CLI speak. */
export function translator(locale: Locale): Translate {
  return (code, ...[params]) =>
    fill(CATALOGUE[locale][code], params, locale, (nested) => say(locale, nested));
}

/** A translator that asks for the language at each use, so a change in Settings applies at once. */
export function liveTranslator(locale: () => Locale): Translate {
  return (code, ...params) => translator(locale())(code, ...params);
}
