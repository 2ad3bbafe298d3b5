/** E-mail addresses and phone numbers, by shape. */

const EMAIL_SOURCE = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;

export interface TextMatch {
  value: string;
  index: number;
  length: number;
  text: string;
}

/** A whole string as an e-mail address, lower-cased (addresses are case-insensitive in practice). */
export function parseEmail(input: string): string | null {
  const text = input
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/\s*@\s*/, '@');
  if (!new RegExp(`^${EMAIL_SOURCE}$`).test(text)) return null;
  if (/\.\.|^\.|\.@|@-/.test(text)) return null;
  return text.toLowerCase();
}

export function findEmails(text: string): TextMatch[] {
  return [...text.matchAll(new RegExp(EMAIL_SOURCE, 'g'))].flatMap((m) => {
    const value = parseEmail(m[0]);
    return value ? [{ value, index: m.index, length: m[0].length, text: m[0] }] : [];
  });
}

/**
 * A phone number kept readable: a leading "+" when printed, digit groups as printed joined by
 * single spaces ("(91) 234-56-78" -> "91 234 56 78"). Needs 6 to 15 digits (E.164's limit).
 */
export function parsePhone(input: string): string | null {
  let text = input
    .trim()
    .replace(/^(?:tel(?:efono|éfono)?|phone|ph|tlf|mob(?:ile)?|m[óo]vil|fax)\.?\s*[:.]?\s*/i, '');
  text = text.replace(/\s*(?:ext\.?|x)\s*\d{1,5}$/i, '');
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return null;
  const plus = text.startsWith('+') || text.startsWith('00');
  const digits = text.replace(/\D/g, '');
  const significant = text.startsWith('00') ? digits.slice(2) : digits;
  if (significant.length < 6 || significant.length > 15) return null;
  const groups = text
    .replace(/^\+|^00/, '')
    .split(/[^\d]+/)
    .filter((g) => g !== '');
  return (plus ? '+' : '') + groups.join(' ');
}

const PHONE_SOURCE = String.raw`(?:\+|\b00)?\(?\d{1,4}\)?(?:[\s.\-/]?\(?\d{2,5}\)?){1,5}`;

export function findPhones(text: string): TextMatch[] {
  return [...text.matchAll(new RegExp(PHONE_SOURCE, 'g'))].flatMap((m) => {
    const value = parsePhone(m[0]);
    const before = text[m.index - 1] ?? ' ';
    if (!value || /[\p{L}\d]/u.test(before)) return [];
    return [{ value, index: m.index, length: m[0].length, text: m[0] }];
  });
}
