import type { CurrencyValue } from '../../shared/result.ts';

/**
 * Money and numbers as printed on documents from many countries: "1.234,56", "1,234.56",
 * "1 234,56", "RM 12.50", "$1,234", "-12.00", "12.50-" (a trailing minus is how many tills print
 * refunds), "(12.00)".
 */

/** Symbols and codes we can name; "$" alone is read as USD because no better guess exists. */
const CURRENCY_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['US$', 'USD'],
  ['USD', 'USD'],
  ['MX$', 'MXN'],
  ['MXN', 'MXN'],
  ['C$', 'CAD'],
  ['CAD', 'CAD'],
  ['A$', 'AUD'],
  ['AUD', 'AUD'],
  ['S$', 'SGD'],
  ['SGD', 'SGD'],
  ['R$', 'BRL'],
  ['BRL', 'BRL'],
  ['RM', 'MYR'],
  ['MYR', 'MYR'],
  ['EUR', 'EUR'],
  ['EUROS', 'EUR'],
  ['EURO', 'EUR'],
  ['€', 'EUR'],
  ['GBP', 'GBP'],
  ['£', 'GBP'],
  ['JPY', 'JPY'],
  ['¥', 'JPY'],
  ['INR', 'INR'],
  ['₹', 'INR'],
  ['CHF', 'CHF'],
  ['COP', 'COP'],
  ['ARS', 'ARS'],
  ['CLP', 'CLP'],
  ['PEN', 'PEN'],
  ['CNY', 'CNY'],
  ['RMB', 'CNY'],
  ['IDR', 'IDR'],
  ['RP', 'IDR'],
  ['THB', 'THB'],
  ['฿', 'THB'],
  ['PHP', 'PHP'],
  ['₱', 'PHP'],
  ['KRW', 'KRW'],
  ['₩', 'KRW'],
  ['SEK', 'SEK'],
  ['NOK', 'NOK'],
  ['DKK', 'DKK'],
  ['PLN', 'PLN'],
  ['ZAR', 'ZAR'],
  ['NZD', 'NZD'],
  ['HKD', 'HKD'],
  ['$', 'USD'],
];

const CURRENCY_ALTERNATION = CURRENCY_TOKENS.map(([t]) => escapeRegExp(t))
  .sort((a, b) => b.length - a.length)
  .join('|');
const CURRENCY_BY_TOKEN = new Map(CURRENCY_TOKENS.map(([t, c]) => [t, c]));

/**
 * The digits of an amount: groups of three after a thousands mark (",", ".", space, apostrophe,
 * thin space) and an optional decimal part after "," or ".".
 */
const NUMBER_SOURCE = String.raw`\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?|[.,]\d{1,2}`;

/**
 * Inside a line of OCR text a space separates columns ("1 193.00" is a quantity and a price),
 * except right after a decimal mark, where OCR often splits cents off ("RM7. 42").
 */
const NUMBER_IN_LINE_SOURCE = String.raw`\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,] ?\d{2}(?!\d)|[.,]\d{1,3})?|[.,]\d{1,2}`;

const AMOUNT_SOURCE = amountSource(NUMBER_SOURCE);
const AMOUNT_IN_LINE_SOURCE = amountSource(NUMBER_IN_LINE_SOURCE);

function amountSource(numberSource: string): string {
  return (
    String.raw`(?<lead>[-−(]\s?)?` +
    String.raw`(?:(?<cur1>${CURRENCY_ALTERNATION})\s?(?<lead2>[-−]\s?)?)?` +
    String.raw`(?<num>${numberSource})` +
    String.raw`(?:\s?(?<cur2>${CURRENCY_ALTERNATION}))?` +
    String.raw`(?<trail>-|\))?`
  );
}

const WHOLE_AMOUNT = new RegExp(`^${AMOUNT_SOURCE}$`, 'iu');

export interface ParsedAmount extends CurrencyValue {
  /** Digits after the decimal mark as printed (0 for "1,234"); receipts' money has 2. */
  decimals: number;
}

export interface AmountMatch extends ParsedAmount {
  index: number;
  length: number;
  text: string;
}

/** Parses a whole string as an amount; null when it is anything more or less than that. */
export function parseAmount(input: string): ParsedAmount | null {
  const cleaned = input.trim().replace(/\s+/g, ' ').replace(/[:=]$/, '').trim();
  const match = WHOLE_AMOUNT.exec(cleaned);
  if (!match?.groups) return null;
  return fromGroups(match.groups);
}

/**
 * Every amount-shaped run in a line of text, left to right. Numbers glued to letters
 * ("A4", "X2") are skipped: they are codes, not money.
 */
export function findAmounts(text: string): AmountMatch[] {
  const re = new RegExp(AMOUNT_IN_LINE_SOURCE, 'giu');
  const out: AmountMatch[] = [];
  for (const match of text.matchAll(re)) {
    if (!match.groups) continue;
    const index = match.index;
    const before = text[index - 1] ?? ' ';
    const after = text[index + match[0].length] ?? ' ';
    if (/[\p{L}\d]/u.test(before) && !match.groups.cur1) continue;
    if (/[\p{L}\d]/u.test(after) && !match.groups.cur2) continue;
    const parsed = fromGroups(match.groups);
    if (!parsed) continue;
    out.push({ ...parsed, index, length: match[0].length, text: match[0] });
  }
  return out;
}

function fromGroups(groups: Record<string, string | undefined>): ParsedAmount | null {
  const number = parseNumberText((groups.num ?? '').replace(/([.,]) (\d{2})$/, '$1$2'));
  if (!number) return null;
  if (groups.cur1 && groups.cur2) return null;
  const token = (groups.cur1 ?? groups.cur2)?.toUpperCase();
  const currency = token ? (CURRENCY_BY_TOKEN.get(token) ?? null) : null;
  const lead = (groups.lead ?? '').trim();
  const negative =
    lead === '-' ||
    lead === '−' ||
    groups.lead2 !== undefined ||
    groups.trail === '-' ||
    (lead === '(' && groups.trail === ')');
  if ((lead === '(') !== (groups.trail === ')')) return null;
  const amount = negative ? -number.value : number.value;
  return { amount: Object.is(amount, -0) ? 0 : amount, currency, decimals: number.decimals };
}

/** Decides which mark is the decimal one; thousands marks must group digits by three. */
function parseNumberText(raw: string): { value: number; decimals: number } | null {
  const text = raw.replace(/[\s\u00a0\u202f]/g, ' ');
  if (!/\d/.test(text)) return null;
  const marks = [...text.matchAll(/[.,' ]/g)].map((m) => ({ mark: m[0], index: m.index }));
  let decimalIndex = -1;
  if (marks.length > 0) {
    const last = marks[marks.length - 1]!;
    const digitsAfter = text.length - last.index - 1;
    const sameKind = marks.filter((m) => m.mark === last.mark).length;
    const isDecimalMark = last.mark === '.' || last.mark === ',';
    if (isDecimalMark && sameKind === 1 && (digitsAfter !== 3 || marks.length > 1 || /^0?[.,]/.test(text))) {
      decimalIndex = last.index;
    }
  }
  const intPart = decimalIndex >= 0 ? text.slice(0, decimalIndex) : text;
  const fracPart = decimalIndex >= 0 ? text.slice(decimalIndex + 1) : '';
  const groups = intPart.split(/[.,' ]/);
  if (groups.length > 1) {
    // Every group after the first holds exactly three digits, and one kind of mark is used.
    if (groups.slice(1).some((g) => g.length !== 3) || groups[0]!.length > 3) return null;
    const kinds = new Set(intPart.replace(/\d/g, ''));
    if (kinds.size > 1) return null;
    if (decimalIndex >= 0 && kinds.has(text[decimalIndex]!)) return null;
  }
  const digits = groups.join('');
  const value = Number(`${digits === '' ? '0' : digits}.${fracPart || '0'}`);
  if (!Number.isFinite(value)) return null;
  return { value, decimals: fracPart.length };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
