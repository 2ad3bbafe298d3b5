import { foldText } from './text.ts';

/**
 * Dates as printed on documents -> ISO yyyy-mm-dd. Day-first when a numeric date is ambiguous
 * (most of the world, and the receipts we test on); `monthFirst` flips that for US documents.
 * Impossible dates (31/02, month 13) are rejected rather than guessed.
 */
export interface DateOptions {
  monthFirst?: boolean;
}

export interface DateMatch {
  iso: string;
  index: number;
  length: number;
  text: string;
}

const MONTHS: Record<string, number> = {};
for (const [n, names] of [
  [1, 'JANUARY JAN ENERO ENE JANVIER JANUAR GENNAIO JANEIRO'],
  [2, 'FEBRUARY FEB FEBRERO FEVRIER FEBRUAR FEBBRAIO FEVEREIRO FEV'],
  [3, 'MARCH MAR MARZO MARS MARZ MARCO'],
  [4, 'APRIL APR ABRIL ABR AVRIL APRILE'],
  [5, 'MAY MAYO MAI MAGGIO MAIO'],
  [6, 'JUNE JUN JUNIO JUIN JUNI GIUGNO JUNHO'],
  [7, 'JULY JUL JULIO JUILLET JULI LUGLIO JULHO'],
  [8, 'AUGUST AUG AGOSTO AGO AOUT'],
  [9, 'SEPTEMBER SEPT SEP SEPTIEMBRE SETIEMBRE SETEMBRO SET SETTEMBRE'],
  [10, 'OCTOBER OCT OCTUBRE OCTOBRE OKTOBER OTTOBRE OUTUBRO OUT'],
  [11, 'NOVEMBER NOV NOVIEMBRE NOVEMBRE NOVEMBRO'],
  [12, 'DECEMBER DEC DICIEMBRE DIC DECEMBRE DEZEMBER DICEMBRE DEZEMBRO DEZ'],
] as const) {
  for (const name of names.split(' ')) MONTHS[name] = n;
}
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const D = String.raw`(\d{1,2})`;
const Y = String.raw`(\d{4}|\d{2})`;
const M = `(${MONTH_ALT})\\.?`;
const SEP = String.raw`\s*[/\-.]\s*`;
const OF = String.raw`(?:\s+DE(?:L)?\s+|\s*[/\-.,]?\s*)`;
/**
 * A time of day printed after a date. OCR (PaddleOCR above all) often drops the space between
 * them ("15/01/201911:05:16"): after a four-digit year, a time may follow with no gap.
 */
const TIME = String.raw`\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AP]\.?M\.?)?`;
const END = String.raw`(?:(?![\dA-Z])|(?<=(?<![\d])\d{4})(?=${TIME}(?![\d])))`;

/** Each pattern says which capture holds the year, month and day. */
const PATTERNS: ReadonlyArray<{ re: string; order: 'ymd' | 'numeric' | 'dMy' | 'Mdy' }> = [
  { re: String.raw`(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})`, order: 'ymd' },
  { re: `${D}${OF}${M}${OF}${Y}`, order: 'dMy' },
  { re: String.raw`${M}\s*${D}(?:ST|ND|RD|TH)?\s*[,.]?\s*${Y}`, order: 'Mdy' },
  { re: String.raw`(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})`, order: 'numeric' },
  { re: String.raw`(\d{1,2})${SEP}(\d{1,2})${SEP}(\d{4})`, order: 'numeric' },
];

/** Parses a whole string as a date (an ISO date-time keeps only its date). */
export function parseDate(input: string, options: DateOptions = {}): string | null {
  const text = foldText(input).trim().replace(/\s+/g, ' ');
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text,
  );
  if (iso) return checkIso(iso[1]!);
  for (const { re, order } of PATTERNS) {
    // A trailing time of day is not part of the date ("22-03-2018 04:01 PM", "15/01/201911:05").
    const m = new RegExp(`^(?:${re})(?:${END}\\s*(?:${TIME})?)?$`, 'i').exec(text);
    if (!m) continue;
    const parsed = fromMatch(m, order, options);
    if (parsed) return parsed;
  }
  return null;
}

/** Every date-shaped run in a line of text (OCR lines often hold a date and a time). */
export function findDates(input: string, options: DateOptions = {}): DateMatch[] {
  // Folding keeps string length for the characters that matter here (accents drop one code unit
  // each, so indexes are mapped back through a per-character fold instead).
  const folded = [...input].map((ch) => (ch.length > 1 ? ch : foldText(ch).slice(0, 1) || ch)).join('');
  const out: DateMatch[] = [];
  const taken: Array<[number, number]> = [];
  for (const { re, order } of PATTERNS) {
    const regex = new RegExp(`(?<![\\dA-Z])(?:${re})${END}`, 'g');
    for (const m of folded.matchAll(regex)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const iso = fromMatch(m, order, options);
      if (!iso) continue;
      taken.push([start, end]);
      out.push({ iso, index: start, length: m[0].length, text: input.slice(start, end) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function fromMatch(
  m: RegExpMatchArray,
  order: 'ymd' | 'numeric' | 'dMy' | 'Mdy',
  options: DateOptions,
): string | null {
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  switch (order) {
    case 'ymd':
      return build(Number(a), Number(b), Number(c));
    case 'dMy':
      return build(year(c), MONTHS[b] ?? 0, Number(a));
    case 'Mdy':
      return build(year(c), MONTHS[a] ?? 0, Number(b));
    case 'numeric': {
      const first = Number(a);
      const second = Number(b);
      const y = year(c);
      // The unambiguous reading wins; otherwise the configured order.
      if (first > 12 && second <= 12) return build(y, second, first);
      if (second > 12 && first <= 12) return build(y, first, second);
      return options.monthFirst ? build(y, first, second) : build(y, second, first);
    }
  }
}

/** Two-digit years: 00-69 -> 2000s, 70-99 -> 1900s. */
function year(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function build(y: number, month: number, day: number): string | null {
  if (y < 1900 || y > 2199 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(y, month)) return null;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function checkIso(iso: string): string | null {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return build(y, m, d);
}

function daysInMonth(y: number, month: number): number {
  return new Date(Date.UTC(y, month, 0)).getUTCDate();
}
