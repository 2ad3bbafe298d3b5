import { describe, expect, it } from 'vitest';
import { CATALOGUE, PARTS, message, say, translator } from '../../src/shared/messages/catalogue.ts';
import { pickLocale, systemLanguages } from '../../src/shared/messages/locale.ts';
import { paramNames } from '../../src/shared/messages/message.ts';

describe('the message catalogue', () => {
  const codes = Object.keys(CATALOGUE.en) as (keyof typeof CATALOGUE.en)[];

  it('has English and Spanish text for every code, naming the same parameters', () => {
    expect(Object.keys(CATALOGUE.es).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(CATALOGUE.en[code].trim(), code).not.toBe('');
      expect(CATALOGUE.es[code].trim(), code).not.toBe('');
      expect(paramNames(CATALOGUE.es[code]).sort(), code).toEqual(paramNames(CATALOGUE.en[code]).sort());
    }
  });

  it('gives each code one home: no two modules define the same one', () => {
    const seen = new Map<string, string>();
    for (const [part, { en }] of Object.entries(PARTS)) {
      for (const code of Object.keys(en)) {
        expect(seen.get(code), `${code} in ${part}`).toBeUndefined();
        seen.set(code, part);
      }
    }
    expect(seen.size).toBe(codes.length);
  });

  it('fills parameters in the language asked, numbers in its own way', () => {
    expect(translator('en')('resultsCount', { count: 1234 })).toBe('1,234 results');
    expect(translator('es')('exportRunning', { done: 1.5, total: 12 })).toBe('Exportando… 1,5 de 12');
    expect(say('es', message('profileCopyName', { name: 'Facturas' }))).toBe('Facturas (copia)');
  });

  it('shows the stored sentence for a code this build does not know', () => {
    expect(say('es', { code: 'from.a.newer.build' }, 'The English sentence.')).toBe('The English sentence.');
  });
});

describe('pickLocale', () => {
  it('follows Settings, else the first system language Extracto speaks, else English', () => {
    expect(pickLocale('es', ['en-US'])).toBe('es');
    expect(pickLocale('auto', ['es-MX'])).toBe('es');
    expect(pickLocale('auto', ['de-DE', 'es-ES', 'en'])).toBe('es');
    expect(pickLocale('auto', ['de-DE'])).toBe('en');
    expect(pickLocale('auto', [])).toBe('en');
  });

  it("reads a terminal's language as gettext does", () => {
    expect(pickLocale('auto', systemLanguages({ LANG: 'es_ES.UTF-8' }))).toBe('es');
    expect(pickLocale('auto', systemLanguages({ LANG: 'es_ES.UTF-8', LC_ALL: 'en_GB.UTF-8' }))).toBe('en');
    expect(pickLocale('auto', systemLanguages({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'es_AR' }))).toBe('es');
    expect(pickLocale('auto', systemLanguages({ LANG: 'en_US.UTF-8', LANGUAGE: 'es:en' }))).toBe('es');
    // C means no language at all: LANGUAGE is not consulted, and English is spoken.
    expect(pickLocale('auto', systemLanguages({ LANG: 'C.UTF-8', LANGUAGE: 'es' }))).toBe('en');
    expect(pickLocale('auto', systemLanguages({}))).toBe('en');
  });
});
