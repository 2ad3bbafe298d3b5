import { usageError } from '../../shared/errors.ts';
import { compileUserPattern, patternProblem, PatternError, type UserPattern } from '../../shared/pattern.ts';
import type { RedactionKind } from '../../shared/settings.ts';

/**
 * What counts as sensitive text, found in OCR'd lines: card numbers (with a Luhn check, so an order
 * number of 16 digits is left alone), IBANs (with the ISO 13616 mod-97 check), e-mail addresses,
 * phone numbers, and the user's own patterns (a national id format, say).
 */

export interface SensitiveMatch {
  kind: RedactionKind | 'custom';
  /** Character offsets in the line's text. */
  start: number;
  end: number;
  text: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

// Digits in groups, as cards are printed: 4111 1111 1111 1111, 4111-1111-1111-1111, 378282246310005.
const CARD = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b/gi;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
// An optional +country, then 9 to 15 digits in groups; never inside a longer run of digits.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])/g;

function all(re: RegExp, text: string, kind: SensitiveMatch['kind'], accept: (m: string) => boolean) {
  const out: SensitiveMatch[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0] && accept(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Compiles the user's patterns for the linear-time engine (shared/pattern.ts), so none can hang a
 * capture; one it cannot run is a sentence naming it, not a crash mid-capture. They match
 * ignoring case.
 */
export function compilePatterns(patterns: readonly string[]): UserPattern[] {
  return patterns
    .filter((p) => p.trim() !== '')
    .map((p) => {
      try {
        return compileUserPattern(p);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        throw usageError('privacy.badPattern', { pattern: p, problem: error.said }, error);
      }
    });
}

/**
 * Refuses, as a usage error, the first redaction pattern in `patterns` that is new (not in
 * `before`) and that the engine cannot run: where patterns are entered (Settings > Privacy). Ones
 * already saved are left to compilePatterns, so unrelated settings can still be saved.
 */
export function checkNewPatterns(patterns: readonly string[], before: readonly string[] = []): void {
  for (const p of patterns) {
    if (p.trim() === '' || before.includes(p)) continue;
    const problem = patternProblem(p);
    if (problem) throw usageError('privacy.patternNotSaved', { pattern: p, problem });
  }
}

/** Every sensitive span in one line of text, of the kinds asked for. */
export function findSensitive(
  text: string,
  kinds: readonly RedactionKind[],
  custom: readonly UserPattern[] = [],
): SensitiveMatch[] {
  const found: SensitiveMatch[] = [];
  if (kinds.includes('card')) found.push(...all(CARD, text, 'card', (m) => luhnValid(digitsOf(m))));
  if (kinds.includes('iban')) found.push(...all(IBAN, text, 'iban', ibanValid));
  if (kinds.includes('email')) found.push(...all(EMAIL, text, 'email', () => true));
  if (kinds.includes('phone')) {
    const taken = (m: { start: number; end: number }) =>
      found.some((f) => f.start < m.end && m.start < f.end);
    found.push(
      ...all(PHONE, text, 'phone', (m) => {
        const n = digitsOf(m).length;
        // Dates and amounts have separators too; a phone number has 9 or more digits.
        return n >= 9 && n <= 15;
      }).filter((m) => !taken(m)),
    );
  }
  for (const pattern of custom) {
    for (const m of pattern.all(text)) {
      if (m.text) found.push({ kind: 'custom', start: m.index, end: m.index + m.text.length, text: m.text });
    }
  }
  return found;
}
