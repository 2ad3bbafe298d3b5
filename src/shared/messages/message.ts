import type { Locale } from './locale.ts';

/**
 * A sentence as data: a code of the catalogue and the parameters its text names ({provider},
 * {file}). Errors carry one, results keep one, IPC passes one; the text is chosen only where a
 * person reads it, in their language. A parameter may be another message (a clause such as "the
 * server at {baseUrl}"), rendered in the same language.
 */
export interface Message {
  code: string;
  params?: MessageParams | undefined;
}

/**
 * A number is written the locale's way (1,234.5 / 1234,5), as the windows show counts; give a
 * string for what must stay as it is: ids, sizes such as 1920x1080, status codes, paths, and the
 * numbers in errors and CLI lines, which read as they always did (5000 fields, not 5,000).
 */
export type MessageParam = string | number | Message;
export type MessageParams = { readonly [name: string]: MessageParam };

/** The parameter names a text uses: 'Rate limited by {service}{retried}.' -> 'service' | 'retried'. */
export type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamsOf<Rest>
  : never;

/** One module's texts: English, and Spanish with exactly the same keys (a missing one is a type error). */
export function texts<const En extends Record<string, string>>(
  en: En,
  es: { readonly [K in keyof En]: string },
): { en: En; es: { readonly [K in keyof En]: string } } {
  return { en, es };
}

/** Every {name} in a text, in order: the unit test compares English's with Spanish's. */
export function paramNames(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * Fills a text's {names}. A message given as a parameter is rendered by `nested` in the same
 * language and, when it opens the sentence, starts with a capital ("The server at … is down"). A
 * parameter not given stays as {name}, so a mistake shows instead of vanishing.
 */
export function fill(
  text: string,
  params: MessageParams | undefined,
  locale: Locale,
  nested: (message: Message) => string,
): string {
  let numbers: Intl.NumberFormat | undefined;
  return text.replace(/\{(\w+)\}/g, (whole, name: string, offset: number) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return (numbers ??= new Intl.NumberFormat(locale)).format(value);
    const clause = nested(value);
    return offset === 0 ? clause.charAt(0).toUpperCase() + clause.slice(1) : clause;
  });
}
