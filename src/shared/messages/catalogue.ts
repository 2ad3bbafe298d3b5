import type { Locale } from './locale.ts';
import { fill, type Message, type MessageParam, type ParamsOf } from './message.ts';
import { app } from './text/app.ts';
import { auto } from './text/auto.ts';
import { checks } from './text/checks.ts';
import { cli } from './text/cli.ts';
import { desktop } from './text/desktop.ts';
import { help } from './text/help.ts';
import { history } from './text/history.ts';
import { input } from './text/input.ts';
import { outcomes } from './text/outcomes.ts';
import { privacy } from './text/privacy.ts';
import { profiles } from './text/profiles.ts';
import { providers } from './text/providers.ts';
import { settings } from './text/settings.ts';
import { store } from './text/store.ts';
import { windows } from './text/windows.ts';

/**
 * The one message catalogue: every sentence a person reads, from the windows, the tray, the
 * notifications, the CLI and every error, in English and Spanish, by code. Each module under text/
 * holds one area's texts in both languages; they must not share a code (a unit test says so).
 *
 * Error codes are kept in result files (errorCode): a code, once shipped, keeps its meaning, and
 * a code this build does not know is shown as the English sentence stored beside it.
 */
export const PARTS = {
  windows,
  history,
  settings,
  desktop,
  cli,
  help,
  outcomes,
  input,
  profiles,
  privacy,
  store,
  auto,
  providers,
  app,
  checks,
} as const;

const EN = {
  ...windows.en,
  ...history.en,
  ...settings.en,
  ...desktop.en,
  ...cli.en,
  ...help.en,
  ...outcomes.en,
  ...input.en,
  ...profiles.en,
  ...privacy.en,
  ...store.en,
  ...auto.en,
  ...providers.en,
  ...app.en,
  ...checks.en,
};

export type MessageCode = keyof typeof EN;
type Texts = { readonly [C in MessageCode]: string };

const ES: Texts = {
  ...windows.es,
  ...history.es,
  ...settings.es,
  ...desktop.es,
  ...cli.es,
  ...help.es,
  ...outcomes.es,
  ...input.es,
  ...profiles.es,
  ...privacy.es,
  ...store.es,
  ...auto.es,
  ...providers.es,
  ...app.es,
  ...checks.es,
};

export const CATALOGUE: { readonly [L in Locale]: Texts } = { en: EN, es: ES };

/** The parameters a code's text names (from its English text, so a missing one is a type error). */
type ParamName<C extends MessageCode> = ParamsOf<(typeof EN)[C]>;

/** Every parameter a code's text names. */
type ParamsFor<C extends MessageCode> = { readonly [P in ParamName<C>]: MessageParam };

/**
 * The arguments after a code: nothing when its text names no parameter, else every one it names;
 * then, optionally, `Last` (an error's options).
 */
export type ParamArgs<C extends MessageCode, Last = never> = C extends MessageCode
  ? [ParamName<C>] extends [never]
    ? [params?: Record<string, never>, last?: Last]
    : [params: ParamsFor<C>, last?: Last]
  : never;

function isMessageCode(code: string): code is MessageCode {
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

type Text = <C extends MessageCode>(code: C, ...params: ParamArgs<C>) => string;

/**
 * How the windows, the tray and the CLI speak, in one language: `t('resultsCount', { count })`
 * for a text, `t.say(error.said)` for a message made elsewhere (an error, a result's reason).
 */
export interface Translate extends Text {
  readonly locale: Locale;
  say(said: Message, fallback?: string): string;
}

export function translator(locale: Locale): Translate {
  const text: Text = (code, ...[params]) =>
    fill(CATALOGUE[locale][code], params, locale, (nested) => say(locale, nested));
  return Object.assign(text, {
    locale,
    say: (said: Message, fallback?: string) => say(locale, said, fallback),
  });
}

/** A translator that asks for the language at each use, so a change in Settings applies at once. */
export function liveTranslator(locale: () => Locale): Translate {
  const text: Text = (code, ...params) => translator(locale())(code, ...params);
  return Object.defineProperty(
    Object.assign(text, { say: (said: Message, fallback?: string) => say(locale(), said, fallback) }),
    'locale',
    { get: locale },
  ) as Translate;
}
