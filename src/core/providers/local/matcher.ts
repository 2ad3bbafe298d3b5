import { isAmountType, type Field } from '../../../shared/field.ts';
import { userError } from '../../../shared/errors.ts';
import { compileUserPattern, PatternError, type UserPattern } from '../../../shared/pattern.ts';
import type { Box, FieldMeta, FieldValue } from '../../../shared/result.ts';
import {
  coerceValue,
  findAmounts,
  findDates,
  findEmails,
  findPhones,
  normalizeText,
  parseAmount,
  parseBoolean,
} from '../../values/index.ts';
import { knowledgeFor, type Knowledge, type LabelSpec } from './labels.ts';
import {
  boxOf,
  confidenceOf,
  findLabel,
  prepareLines,
  type Candidate,
  type Line,
  type Span,
} from './match-text.ts';
import { addressCandidates, companyCandidates } from './match-header.ts';
import { matchTable } from './match-table.ts';
import { bestCompany } from './company-ranker.ts';
import type { OcrPage } from './ocr.ts';

export interface MatchOutput {
  fields: Record<string, FieldValue>;
  fieldMeta: Record<string, FieldMeta>;
}

/** Below this a candidate is too weak to report: the field stays null rather than guessed. */
const MIN_SCORE = 0.2;

/**
 * The offline field matcher: for each field, collect every plausible value on the OCR page —
 * next to one of its labels (same line, same row, or the line below), or by shape alone where the
 * shape says enough (dates, e-mails, phones) — score them and keep the best. Nothing is invented:
 * a field with no candidate is null.
 */
export function matchFields(page: OcrPage, fields: readonly Field[]): MatchOutput {
  const lines = prepareLines(page);
  const out: MatchOutput = { fields: {}, fieldMeta: {} };
  // Tables first: a figure inside one is a cell, never another field's value (a column headed
  // "Amount" or "Total" is not the invoice's total).
  const tables: Box[] = [];
  // Keys in the profile's order, whichever is read first.
  for (const field of fields) out.fields[field.key] = null;
  for (const field of fields) {
    if (field.type !== 'table') continue;
    const table = matchTable(page, lines, field);
    out.fields[field.key] = table ? table.rows : null;
    if (!table) continue;
    Object.assign(out.fieldMeta, table.meta);
    tables.push(table.region);
  }
  for (const field of fields) {
    if (field.type === 'table') continue;
    const best = bestCandidate(page, lines, field, tables);
    out.fields[field.key] = best ? best.value : null;
    if (best) {
      out.fieldMeta[field.key] = {
        confidence: round2(Math.min(1, best.score) * (0.5 + 0.5 * best.ocr)),
        evidence: best.box,
        text: best.text,
      };
    }
  }
  return out;
}

/** Every candidate for one field, best first (exported for benchmarks and debugging). */
function candidatesFor(page: OcrPage, field: Field, lines: Line[] = prepareLines(page)): Candidate[] {
  const knowledge = knowledgeFor(field);
  const hints = field.hints ?? {};
  const pattern = fieldPattern(field);
  const labelSpecs: LabelSpec[] = [
    ...(hints.labels ?? []).map((text) => ({ text, weight: 1 })),
    ...(knowledge?.labels ?? []),
  ];
  if (!labelSpecs.some((l) => sameLabel(l.text, field.label)))
    labelSpecs.push({ text: field.label, weight: 0.95 });
  const exclude = (knowledge?.exclude ?? []).filter((e) => !labelSpecs.some((l) => sameLabel(l.text, e)));

  let candidates = labelCandidates(lines, field, knowledge, labelSpecs, exclude, pattern);
  candidates.push(...shapeCandidates(page, lines, field, knowledge, exclude));
  if (plainCompany(field)) candidates.push(...companyCandidates(lines, page));
  if (knowledge?.kind === 'address' && !hints.labels) candidates.push(...addressCandidates(lines, page));
  if (pattern) {
    candidates = candidates.filter((c) => pattern.test(c.text) || pattern.test(String(c.value)));
    candidates.push(...patternCandidates(lines, field, pattern));
  }
  // Tax summaries at the foot of receipts repeat "TOTAL" with the taxable base: weaker there.
  const summary = lines.find((l) => /\b(?:SUMMARY|RESUMEN|DESGLOSE)\b/i.test(l.text));
  if (summary && knowledge?.kind === 'total') {
    for (const c of candidates) if (c.line > summary.index) c.score *= 0.7;
  }
  const position = hints.position ?? knowledge?.position;
  if (position) {
    const strength = hints.position ? 0.5 : 0.85;
    for (const c of candidates) {
      const cy = c.box.y + c.box.h / 2;
      const inHalf = position === 'top' ? cy < page.height / 2 : cy >= page.height / 2;
      if (!inHalf) c.score *= strength;
    }
  }
  return candidates.sort((a, b) => b.score * (0.6 + 0.4 * b.ocr) - a.score * (0.6 + 0.4 * a.ocr));
}

/**
 * A field's pattern hint, compiled for the linear-time engine (shared/pattern.ts): no pattern can
 * hang the matcher. One that engine cannot run (saved before it was checked) is a sentence saying
 * which and why; the extraction then fails with it, and the capture is kept.
 */
export function fieldPattern(field: Field): UserPattern | null {
  const source = field.hints?.pattern;
  if (!source) return null;
  try {
    return compileUserPattern(source);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    throw userError(
      'profile.savedPattern',
      { pattern: source, label: field.label, problem: error.said },
      { cause: error },
    );
  }
}

/**
 * The candidates a field's value is chosen from, best first by their hand-made scores: those
 * strong enough to report and outside every table (exported for fitting the company ranker).
 */
export function candidatePool(
  page: OcrPage,
  field: Field,
  lines: Line[] = prepareLines(page),
  tables: readonly Box[] = [],
): Candidate[] {
  return candidatesFor(page, field, lines).filter(
    (c) => c.score >= MIN_SCORE && !tables.some((t) => contains(t, c.box)),
  );
}

/**
 * A company field without labels of the user's: its candidates include the header's name lines,
 * and the learned company ranker chooses among them (the pools it was fitted on).
 */
function plainCompany(field: Field): boolean {
  return knowledgeFor(field)?.kind === 'company' && !field.hints?.labels;
}

function bestCandidate(page: OcrPage, lines: Line[], field: Field, tables: readonly Box[]): Candidate | null {
  const candidates = candidatePool(page, field, lines, tables);
  if (candidates.length === 0) return null;
  if (plainCompany(field)) return bestCompany(candidates, page, lines) ?? null;
  const knowledge = knowledgeFor(field);
  // Totals: when several labelled amounts tie, the largest is the one the customer pays (the
  // others are taxes and part sums that slipped past the exclusions).
  if (knowledge?.kind === 'total' && isAmountType(field.type)) {
    const top = candidates[0]!.score;
    const close = candidates.filter((c) => c.score >= top - 0.08);
    close.sort((a, b) => amountOf(b.value) - amountOf(a.value));
    // Except cash rounding: a total within 0.05 printed further down is the rounded, final one.
    const largest = close[0]!;
    const rounded = close.find(
      (c) => c.line > largest.line && Math.abs(amountOf(c.value) - amountOf(largest.value)) <= 0.0501,
    );
    const chosen = rounded ?? largest;
    return roundedTotal(lines, chosen, field) ?? chosen;
  }
  return candidates[0]!;
}

/**
 * Cash rounding (to 0.05 in Malaysia, Switzerland, ...): the amount paid is printed a few lines
 * under the total, on a "Rounding" or "Nett total" line. It differs by at most 0.05 and is a
 * multiple of 0.05; when such a line exists, that is what the customer paid.
 */
function roundedTotal(lines: Line[], best: Candidate, field: Field): Candidate | null {
  const total = amountOf(best.value);
  for (const line of lines.slice(best.line + 1, best.line + 5)) {
    if (!ROUNDED_LINE.some((l) => findLabel(line, l).length > 0)) continue;
    for (const found of valuesIn(field, undefined, line, { start: 0, end: line.text.length }, null)) {
      const amount = amountOf(found.value);
      const diff = Math.abs(amount - total);
      if (diff > 0.0001 && diff <= 0.0501 && Math.abs(amount * 20 - Math.round(amount * 20)) < 1e-6) {
        return toCandidate(line, found, best.score);
      }
    }
  }
  return null;
}

const ROUNDED_LINE = [
  'rounding',
  'rounded',
  'nett total',
  'net total',
  'total payable',
  'amount payable',
  'total after',
];

function amountOf(value: FieldValue): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) return value.amount;
  return 0;
}

function sameLabel(a: string, b: string): boolean {
  return normalizeText(a).toLowerCase() === normalizeText(b).toLowerCase();
}

/** Values next to a label: after it on the same line, on the same row to its right, or just below. */
function labelCandidates(
  lines: Line[],
  field: Field,
  knowledge: Knowledge | undefined,
  labelSpecs: LabelSpec[],
  exclude: string[],
  pattern: UserPattern | null,
): Candidate[] {
  const out: Candidate[] = [];
  for (const line of lines) {
    const excluded = exclude.flatMap((e) => findLabel(line, e, true));
    for (const spec of labelSpecs) {
      for (const hit of findLabel(line, spec.text)) {
        if (excluded.some((x) => x.start < hit.end && x.end > hit.start)) continue;
        // A value for this label ends before the next excluded label on the line ("TOTAL 5.00 CASH 10.00").
        const stop = Math.min(
          line.text.length,
          ...excluded.filter((x) => x.start >= hit.end).map((x) => x.start),
        );
        const labelScore = spec.weight * hit.similarity;
        const labelBox = boxOf(line, hit);
        const sameLine = valuesIn(field, knowledge, line, { start: hit.end, end: stop }, pattern);
        for (const v of sameLine) out.push(toCandidate(line, v, labelScore * v.shape));
        if (sameLine.length > 0) continue;
        for (const row of rowNeighbours(lines, line, labelBox)) {
          for (const v of valuesIn(field, knowledge, row, { start: 0, end: row.text.length }, pattern)) {
            out.push(toCandidate(row, v, labelScore * v.shape * 0.95));
          }
        }
        const below = lineBelow(lines, line, labelBox);
        if (below && !excludedLine(below, exclude) && !startsWithLabel(below, labelSpecs)) {
          for (const v of valuesIn(field, knowledge, below, { start: 0, end: below.text.length }, pattern)) {
            out.push(toCandidate(below, v, labelScore * v.shape * 0.8));
          }
        }
      }
    }
  }
  return out;
}

interface Found extends Span {
  value: Exclude<FieldValue, null>;
  /** 0..1: how typical the shape is (2-decimal money beats a bare integer). */
  shape: number;
}

/** Values of the field's type inside a span of a line, nearest first. */
function valuesIn(
  field: Field,
  knowledge: Knowledge | undefined,
  line: Line,
  span: Span,
  pattern: UserPattern | null,
): Found[] {
  const text = line.text.slice(span.start, span.end);
  const shift = (
    f: Omit<Found, 'start' | 'end'> & { index: number; length: number },
    rank: number,
  ): Found => ({
    value: f.value,
    shape: f.shape * (rank === 0 ? 1 : 0.92),
    start: span.start + f.index,
    end: span.start + f.index + f.length,
  });
  if (pattern) {
    const m = pattern.exec(text);
    if (!m || m.text.trim() === '') return [];
    const coerced = coerceValue(field.type, m.text);
    if (!coerced.ok || coerced.value === null) return [];
    return [shift({ value: coerced.value, shape: 1, index: m.index, length: m.text.length }, 0)];
  }
  switch (field.type) {
    case 'number':
    case 'currency': {
      const currency = parseLineCurrency(line.text);
      return findAmounts(text)
        .filter(
          (a) =>
            !/^\d{5,}$/.test(a.text) && !/%/.test(text.slice(a.index + a.length, a.index + a.length + 2)),
        )
        .map((a, i) =>
          shift(
            {
              value:
                field.type === 'number' ? a.amount : { amount: a.amount, currency: a.currency ?? currency },
              shape: a.decimals === 2 ? 1 : a.decimals === 0 ? 0.7 : 0.6,
              index: a.index,
              length: a.length,
            },
            i,
          ),
        );
    }
    case 'date':
      return findDates(text).map((d, i) =>
        shift({ value: d.iso, shape: 1, index: d.index, length: d.length }, i),
      );
    case 'email':
      return findEmails(text).map((e, i) =>
        shift({ value: e.value, shape: 1, index: e.index, length: e.length }, i),
      );
    case 'phone':
      return findPhones(text).map((p, i) =>
        shift({ value: p.value, shape: 1, index: p.index, length: p.length }, i),
      );
    case 'boolean': {
      const m = /\S+/.exec(text.replace(/^[\s:.\-–]+/, (s) => ' '.repeat(s.length)));
      const value = m ? parseBoolean(m[0]) : null;
      return m && value !== null ? [shift({ value, shape: 1, index: m.index, length: m[0].length }, 0)] : [];
    }
    case 'table':
      // Tables are read as a whole (match-table.ts), never from one line.
      return [];
    case 'text':
    case 'list': {
      if (knowledge?.kind === 'invoice_number') {
        const m = /[A-Z0-9][A-Z0-9\-/.]*\d[A-Z0-9\-/]*/iu.exec(text);
        if (!m) return [];
        return [shift({ value: m[0].replace(/[.]$/, ''), shape: 1, index: m.index, length: m[0].length }, 0)];
      }
      const lead = /^[\s:;.,\-–#=]*/.exec(text)![0].length;
      const rest = text.slice(lead).trimEnd();
      if (!/[\p{L}\d]/u.test(rest)) return [];
      const coerced = coerceValue(field.type, rest);
      if (!coerced.ok || coerced.value === null) return [];
      return [shift({ value: coerced.value, shape: 0.9, index: lead, length: rest.length }, 0)];
    }
  }
}

function parseLineCurrency(text: string): string | null {
  for (const token of text.split(/[\s:()]+/)) {
    if (token.length === 0 || token.length > 4) continue;
    const found = parseAmount(`${token} 1`)?.currency;
    if (found) return found;
  }
  return null;
}

/** Other OCR lines on the same visual row to the right (engines split columns into blocks). */
function rowNeighbours(lines: Line[], line: Line, labelBox: Box): Line[] {
  const h = Math.max(line.box.h, 1);
  return lines.filter(
    (l) => l !== line && Math.abs(l.cy - line.cy) < h * 0.6 && l.box.x >= labelBox.x + labelBox.w - h * 0.5,
  );
}

/** The nearest line below a label that overlaps it horizontally (form layout: label above value). */
function lineBelow(lines: Line[], line: Line, labelBox: Box): Line | undefined {
  const h = Math.max(labelBox.h, 1);
  const left = labelBox.x - h * 2;
  const right = labelBox.x + labelBox.w + Math.max(labelBox.w, h * 4) * 2;
  return lines
    .filter((l) => l.box.y >= labelBox.y + h * 0.7 && l.box.y <= labelBox.y + labelBox.h + h * 2.5)
    .filter((l) => l.box.x < right && l.box.x + l.box.w > left)
    .sort((a, b) => a.box.y - b.box.y)[0];
}

function excludedLine(line: Line, exclude: string[]): boolean {
  return exclude.some((e) => findLabel(line, e, true).some((h) => h.start <= 2));
}

function startsWithLabel(line: Line, labels: LabelSpec[]): boolean {
  return labels.some((l) => findLabel(line, l.text).some((h) => h.start <= 2));
}

function toCandidate(line: Line, found: Found, score: number): Candidate {
  return {
    value: found.value,
    score,
    ocr: confidenceOf(line, found),
    box: boxOf(line, found),
    text: line.text.slice(found.start, found.end),
    line: line.index,
  };
}

/** Values recognisable by shape alone, at a lower score than labelled ones. */
function shapeCandidates(
  page: OcrPage,
  lines: Line[],
  field: Field,
  knowledge: Knowledge | undefined,
  exclude: string[],
): Candidate[] {
  const out: Candidate[] = [];
  const kind = knowledge?.kind;
  for (const line of lines) {
    const whole = { start: 0, end: line.text.length };
    if (field.type === 'date' && (kind === 'date' || kind === undefined)) {
      if (exclude.some((e) => findLabel(line, e, true).length > 0)) continue;
      for (const d of findDates(line.text)) {
        const top = line.cy < page.height / 2;
        out.push(
          toCandidate(
            line,
            { value: d.iso, shape: 1, start: d.index, end: d.index + d.length },
            top ? 0.5 : 0.4,
          ),
        );
      }
    }
    if (field.type === 'email' || kind === 'email') {
      for (const v of valuesIn({ ...field, type: 'email' }, knowledge, line, whole, null))
        out.push(toCandidate(line, v, 0.6));
    }
    if (field.type === 'phone' || kind === 'phone') {
      if (/\bfax\b/i.test(line.text) && !/\b(?:tel|phone)/i.test(line.text)) continue;
      for (const v of valuesIn({ ...field, type: 'phone' }, knowledge, line, whole, null)) {
        if (String(v.value).replace(/\D/g, '').length >= 7) out.push(toCandidate(line, v, 0.45));
      }
    }
  }
  // A total whose label OCR lost: the largest money-shaped amount in the lower part, weakly.
  if (kind === 'total' && isAmountType(field.type)) {
    const money = lines
      .filter((l) => l.cy > page.height * 0.3 && !exclude.some((e) => findLabel(l, e, true).length > 0))
      .flatMap((l) =>
        valuesIn(field, knowledge, l, { start: 0, end: l.text.length }, null)
          .filter((v) => v.shape === 1)
          .map((v) => toCandidate(l, v, 0.22)),
      );
    money.sort((a, b) => amountOf(b.value) - amountOf(a.value));
    if (money[0]) out.push(money[0]);
  }
  return out;
}

/** With a pattern hint, any match on the page is a candidate, weaker than one next to a label. */
function patternCandidates(lines: Line[], field: Field, pattern: UserPattern): Candidate[] {
  const out: Candidate[] = [];
  for (const line of lines) {
    for (const v of valuesIn(field, undefined, line, { start: 0, end: line.text.length }, pattern)) {
      out.push(toCandidate(line, v, 0.55));
    }
  }
  return out;
}

/** Whether the middle of `inner` lies inside `outer`. */
function contains(outer: Box, inner: Box): boolean {
  const cx = inner.x + inner.w / 2;
  const cy = inner.y + inner.h / 2;
  return cx >= outer.x && cx <= outer.x + outer.w && cy >= outer.y && cy <= outer.y + outer.h;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
