import { findDates, findPhones, normalizeText } from '../../values/index.ts';
import { ADDRESS_WORDS, COMPANY_SUFFIXES, HEADER_STOP, REGISTRATION } from './labels.ts';
import { unionBoxes, type Candidate, type Line } from './match-text.ts';
import type { OcrPage } from './ocr.ts';

/**
 * The header of a receipt or invoice: the company name (the first prominent lines, a legal suffix
 * such as "SDN BHD" or "S.L." being the strongest sign) and the address printed under it, up to
 * the first phone, date or tax-id line.
 */

/** Share of the page's height, from the top, that holds its header. */
export const HEADER_TOP = 0.45;

/** The header: lines in the top part of the page, before the first document title or date. */
function headerLines(lines: Line[], page: OcrPage): Line[] {
  return lines.filter((l) => l.box.y < page.height * HEADER_TOP).slice(0, 14);
}

/** A line that is only a document title: "TAX INVOICE", "OFFICIAL RECEIPT", "FACTURA SIMPLIFICADA". */
function isTitleLine(upper: string): boolean {
  return /^[\s*:.\-=]*(?:(?:TAX|SIMPLIFIED|OFFICIAL|CASH|SALES|INVOICES?|RECEIPTS?|BILL|COPY|FACTURA|SIMPLIFICADA|TICKET|RECIBO|DE|COMPRA)[\s*:.\-=]*)+$/.test(
    upper,
  );
}

function isStopLine(line: Line): boolean {
  const upper = line.text.toUpperCase();
  return HEADER_STOP.test(upper) || findDates(line.text).length > 0 || /@/.test(line.text) || phoneLine(line);
}

/** Past an address also: tax ids and document numbers (long digit runs), and prices. */
function isAddressStop(line: Line): boolean {
  return isStopLine(line) || /\d{8,}/.test(line.text) || /(?<![\d.,])\d+[.,]\d{2}(?![\d.,])/.test(line.text);
}

function phoneLine(line: Line): boolean {
  return findPhones(line.text).some((p) => p.value.replace(/\D/g, '').length >= 9 && /[-\s]/.test(p.text));
}

function letterShare(text: string): number {
  const chars = text.replace(/\s/g, '');
  if (chars.length === 0) return 0;
  return (chars.match(/\p{L}/gu)?.length ?? 0) / chars.length;
}

/** OCR reads O as 0 inside words of letters ("0JC MARKETING"); a name has no such digits. */
function fixLetterWords(text: string): string {
  return text
    .split(' ')
    .map((w) =>
      /\p{L}/u.test(w) && /^[\p{L}0]+[.,]?$/u.test(w) && /\p{L}{2}/u.test(w) ? w.replace(/0/g, 'O') : w,
    )
    .join(' ');
}

/**
 * OCR's digit-for-letter slips inside the words of an address: "Ja1an", "Peta1ing", "FL00R",
 * "1ot" are letter words with a 1 or 0 for l, I or O, and "52i00", "4330O" are postcodes with
 * a letter for a digit. Only words that are otherwise all letters (or, for postcodes, five
 * characters that are mostly digits) are touched, so "U13/X", "G112" or "T-015B" stay as printed.
 */
function fixDigitSlips(text: string): string {
  return text
    .split(' ')
    .map((token) => {
      const [, word = '', tail = ''] = /^(.*?)([.,;:]*)$/u.exec(token)!;
      if (/^[\dOoIil|]{5}$/u.test(word) && (word.match(/\d/g)?.length ?? 0) >= 3) {
        return word.replace(/[Oo]/g, '0').replace(/[Iil|]/g, '1') + tail;
      }
      if (!/^[\p{L}01]+$/u.test(word) || (word.match(/\p{L}/gu)?.length ?? 0) < 2) return token;
      // Short upper-case codes mix them on purpose: postcodes such as "SW1A" or "K1A".
      if (word.length < 5 && !/\p{Ll}/u.test(word)) return token;
      // Between letters, or leading a lower-case word ("1ot"): never a number there.
      const fixed = word.replace(/(?<=\p{L})[01]+(?=\p{L})|^[01](?=\p{Ll}{2})/gu, (digits, at: number) =>
        [...digits]
          .map((d) => (d === '0' ? 'O' : /\p{Ll}/u.test(word[at + digits.length] ?? '') ? 'l' : 'I'))
          .join(''),
      );
      return fixed + tail;
    })
    .join(' ');
}

function addressShaped(text: string): boolean {
  const upper = text.toUpperCase();
  return ADDRESS_WORDS.test(upper) || /\d/.test(upper) || /,\s*$/.test(text);
}

/**
 * A name line without OCR debris: stray bars and colons at the edges, the registration number
 * printed after the name ("(139386 X)"), and "SON BHD" for "SDN BHD".
 */
function cleanName(text: string): string {
  const cleaned = normalizeText(
    // NFKC: full-width brackets and letters from CJK-trained OCR ("（M)") become plain ones.
    fixLetterWords(text.normalize('NFKC'))
      .replace(/^[^\p{L}\d(]+/u, '')
      .replace(/[\s|_:;,"'~\][{}=-]+$/u, '')
      // Also when OCR misread a digit as a letter or lost the closing bracket ("(S19537-X)").
      .replace(/\s*\(\s*[^()]*\d{4,}[^()]*\)?\s*$/u, '')
      .replace(/\bS[O0]N(\.?\s*BHD)\b/gu, 'SDN$1')
      // "SDNBHD": the space OCR lost between the two words of the suffix.
      .replace(/\bSDN(\.?)BHD\b/giu, (_, dot: string) => `SDN${dot} BHD`)
      .replace(/\b5\/B$/u, 'S/B'),
  );
  // In an upper-case name, short lower-case tokens at the edges are specks read as letters.
  const words = cleaned.split(' ');
  const upperName = words.filter((w) => /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u.test(w)).length >= 2;
  const speck = (w: string) => w.length <= 4 && (/\p{Ll}/u.test(w) || !/[\p{L}\d]/u.test(w));
  while (upperName && words.length > 2 && speck(words[0]!)) words.shift();
  while (upperName && words.length > 2 && speck(words[words.length - 1]!)) words.pop();
  return normalizeText(
    words
      .join(' ')
      .replace(/^[^\p{L}\d(]+/u, '')
      .replace(/[\s|_:;,"'~\][{}=-]+$/u, ''),
  );
}

export function companyCandidates(lines: Line[], page: OcrPage): Candidate[] {
  const header = headerLines(lines, page);
  const heights = header.map((l) => l.box.h).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 1;
  const out: Candidate[] = [];
  let seenPlain = 0;
  for (const line of header) {
    const text = normalizeText(line.text);
    const upper = text.toUpperCase();
    // A document title above the name ("TAX INVOICE") is no end of the header.
    if (isTitleLine(upper)) continue;
    if (isStopLine(line) && !COMPANY_SUFFIXES.test(upper)) break;
    // The registration number printed after the name ("STAR GROCER SDN BHD (1171881-W)") does not
    // make the line a registration line; what is left once it is cut off decides.
    if (REGISTRATION.test(cleanName(text).toUpperCase())) continue;
    if (text.length < 3 || letterShare(cleanName(text)) < 0.6 || line.confidence < 0.45) continue;
    if (/^(?:COPY|ORIGINAL|WELCOME|BIENVENIDO|RECEIPT|RECIBO)\b/.test(upper)) continue;
    const suffix = COMPANY_SUFFIXES.test(upper);
    const prominence = Math.min(1.3, line.box.h / median);
    let score = (suffix ? 0.85 : 0.5 - seenPlain * 0.1) * (0.85 + 0.15 * prominence);
    // Judged without the registration number printed after a name ("FLORISM DE ART (940075-X)").
    const name = cleanName(text);
    if (!suffix && addressShaped(name)) score *= /\d/.test(name) ? 0.3 : 0.5;
    if (!suffix) seenPlain++;
    const value = cleanName(text);
    if (value.length < 3) continue;
    out.push({ value, score, ocr: line.confidence, box: line.box, text: line.text, line: line.index });
    // A legal suffix wrapped onto its own line ("KEDAI UBAT & RUNCIT HONG" / "NING SDN. BHD."):
    // the name is both lines. With two words or more before the suffix the line is a name of its
    // own, and the line above it a brand or logo ("PREMIO" / "PREMIO STATIONERY SDN BHD").
    const prev = header[header.indexOf(line) - 1];
    // "CO. (M)" before "SDN BHD" is part of the suffix, not a name ("POPULAR BOOK" / "CO. (M) SDN BHD").
    const before = upper
      .split(COMPANY_SUFFIXES)[0]!
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '' && !/^(?:CO\.?|COMPANY|\(M\)|&)$/.test(w));
    if (suffix && prev && before.length <= 1 && line.box.y - (prev.box.y + prev.box.h) < line.box.h * 1.2) {
      const prevText = normalizeText(prev.text);
      const plain = letterShare(prevText) >= 0.7 && !isStopLine(prev) && !addressShaped(prevText);
      // A line that is a whole name already ends with its suffix; "KEDAI ..." only starts with one.
      const endsNamed = new RegExp(`(?:${COMPANY_SUFFIXES.source})\\W*$`).test(prevText.toUpperCase());
      if (plain && !endsNamed) {
        out.push({
          value: cleanName(`${prevText} ${text}`),
          score: score * 1.05,
          ocr: (prev.confidence + line.confidence) / 2,
          box: unionBoxes([prev.box, line.box]),
          text: `${prev.text}\n${line.text}`,
          line: prev.index,
        });
      }
    }
  }
  return out;
}

/** An address line without OCR debris at its edges (bars, brackets, dashes from the paper). */
function cleanAddressLine(text: string): string {
  const cleaned = normalizeText(
    text
      // A registration number printed before the street ("(CO.REG :860671-D) LOT 1851-A").
      .replace(/\(\s*[^()]*\d{4,}\s*-?\s*[A-Z]\s*\)/gu, ' ')
      .replace(/(^|\s)[|[\]{}~—_=]+(?=\s|$)/gu, ' ')
      // A registration number OCR read past the pattern above ("CO. REG :860671-D)", "Co-REG:750441").
      .replace(
        /^\W*(?:CO[.\s-]*)?(?:REG|ROC|BR)\.?\s*(?:N[O0]\.?)?\s*[:.]?\s*\d{4,}(?:\s*-\s*[A-Z])?\s*\)?/iu,
        ' ',
      )
      .replace(/^[^\p{L}\d(]+/u, '')
      .replace(/[\s|_:;~\][{}=—-]+$/u, '')
      .replace(/\s+\.(?=\s|$|\d)/gu, '.'),
  );
  return fixDigitSlips(cleaned);
}

/**
 * Words OCR split in two ("Bandar Mahkota Cher as,") put back together when the page prints the
 * whole word elsewhere ("43200 Cheras") and one of the halves nowhere but here.
 */
function rejoinSplitWords(text: string, lines: readonly Line[]): string {
  const bare = (w: string) => w.toUpperCase().replace(/[^\p{L}]/gu, '');
  const count = (words: string[]) => {
    const out = new Map<string, number>();
    for (const w of words.map(bare)) out.set(w, (out.get(w) ?? 0) + 1);
    return out;
  };
  const onPage = count(lines.flatMap((l) => l.text.split(/\s+/u)));
  const words = text.split(' ');
  const here = count(words);
  const elsewhere = (w: string) => (onPage.get(bare(w)) ?? 0) - (here.get(bare(w)) ?? 0) > 0;
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1];
    const split =
      b !== undefined &&
      /^\p{L}+$/u.test(a) &&
      /^\p{L}+[.,]?$/u.test(b) &&
      bare(a + b).length >= 5 &&
      (onPage.get(bare(a + b)) ?? 0) > 0 &&
      (!elsewhere(a) || !elsewhere(b));
    out.push(split ? a + b : a);
    if (split) i++;
  }
  return out.join(' ');
}

/** A mark on the paper read as a character or two: far smaller than the text around it. */
function isSpeck(line: Line, typicalHeight: number): boolean {
  return line.text.replace(/[^\p{L}\d]/gu, '').length <= 2 && line.box.h < 0.6 * typicalHeight;
}

/** A country name closing a line: "..., 56000 KUALA LUMPUR, MALAYSIA." */
const COUNTRY_END =
  /\b(?:MALAYSIA|SINGAPORE|INDONESIA|THAILAND|SPAIN|ESPAÑA|MEXICO|MÉXICO|USA|UNITED STATES|UK|UNITED KINGDOM)\W*$/iu;

/**
 * A "label: value" line such as "Site : 2059" or "Cashier: Ana": a field printed after the
 * address, never a part of it ("No: 5, Jalan ..." and "Lot: ..." are, and are left alone).
 */
function labelledLine(upper: string): boolean {
  const m = /^\s*([\p{L}][\p{L}. ]{0,14}?)\s*:/u.exec(upper);
  return m !== null && !/^(?:NO|LOT|UNIT|BLOCK|BLK|ADDRESS|ADDR)\b/u.test(m[1]!);
}

export function addressCandidates(lines: Line[], page: OcrPage): Candidate[] {
  const header = headerLines(lines, page);
  const companies = companyCandidates(lines, page).sort((a, b) => b.score - a.score);
  const company = companies[0];
  // The last line the company name covers (it may span two lines).
  const startAfter = company
    ? Math.max(
        company.line,
        ...header.filter((l) => l.cy <= company.box.y + company.box.h).map((l) => l.index),
      )
    : -1;
  const picked: Line[] = [];
  const heights = header.map((l) => l.box.h).sort((a, b) => a - b);
  const typical = heights[heights.length >> 1] ?? 1;
  let skipped = 0;
  for (const line of header) {
    if (line.index <= startAfter || isSpeck(line, typical)) continue;
    const upper = line.text.toUpperCase();
    const last = picked[picked.length - 1];
    // The address is one block: a blank line's gap, or a country (its usual last word), ends it.
    if (last && (line.box.y - (last.box.y + last.box.h) > 0.8 * typical || COUNTRY_END.test(last.text)))
      break;
    // Before the address: registration numbers, tax ids and titles may sit between it and the name.
    if (isAddressStop(line) || REGISTRATION.test(upper) || labelledLine(upper)) {
      if (picked.length > 0 || ++skipped > 4) break;
      continue;
    }
    if (line.confidence < 0.4) continue;
    if (picked.length === 0 && !addressShaped(line.text)) {
      if (++skipped > 4) break;
      continue;
    }
    picked.push(line);
    if (picked.length >= 5) break;
  }
  while (picked.length > 1 && !addressShaped(picked[picked.length - 1]!.text)) picked.pop();
  if (picked.length === 0) return [];
  const joined = picked.map((l) => cleanAddressLine(l.text)).join(' ');
  // A comma closing the whole address is the line break's, not the address's.
  const text = rejoinSplitWords(joined, lines).replace(/\s*,$/u, '');
  const ocr = picked.reduce((s, l) => s + l.confidence, 0) / picked.length;
  return [
    {
      value: text,
      score: picked.length >= 2 ? 0.7 : 0.45,
      ocr,
      box: unionBoxes(picked.map((l) => l.box)),
      text: picked.map((l) => l.text).join('\n'),
      line: picked[0]!.index,
    },
  ];
}
