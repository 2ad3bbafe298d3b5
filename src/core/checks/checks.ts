import type { Column, Field, Profile } from '../../shared/field.ts';
import { message, say } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import { asTable, type Check, type FieldMeta, type FieldValue } from '../../shared/result.ts';
import { cellKey, columnRole, fieldRole } from '../../shared/roles.ts';
import { parseAmount } from '../values/index.ts';

type Values = Record<string, FieldValue>;
type Meta = Record<string, FieldMeta>;

/** A number read for a check: its value, where it is, and how many decimals it was printed with. */
interface Figure {
  value: number;
  key: string;
  /** Decimals that count: as printed, else at least cents. */
  decimals: number;
  /** Decimals as printed, else as the number has them (a quantity of 2 is shown "2"). */
  shownDecimals: number;
}

/**
 * The checks of the numbers on one result, for the profile's fields (by role: shared/roles.ts):
 * - line_sum: the line amounts add up to the subtotal, or to the total when there is no subtotal;
 * - subtotal_tax_total: subtotal + tax (every tax field) = total;
 * - line_math: quantity × unit price = amount, one check per row that has all three;
 * - due_after_date: the due date is not before the invoice date.
 * A check runs only when the values it compares were all read: a value that is not on the page is
 * not a disagreement. Amounts agree within half a unit of the last decimal printed (the text the
 * value was read from when known, else the value itself, at least cents): a document that rounds
 * each line is not flagged for the rounding.
 */
export function runChecks(
  profile: Pick<Profile, 'fields' | 'checksOff'>,
  values: Values,
  meta: Meta = {},
): Check[] {
  const off = new Set(profile.checksOff ?? []);
  const role = (r: string) => profile.fields.filter((f) => fieldRole(f) === r);
  const figure = (field: Field | undefined) =>
    field ? figureOf(values[field.key], field.key, meta) : undefined;
  const subtotal = figure(role('subtotal')[0]);
  const total = figure(role('total')[0]);
  const taxFields = role('tax');
  const taxes = taxFields.map((f) => figure(f));
  const tax = taxes.every((t) => t !== undefined) && taxes.length > 0 ? (taxes as Figure[]) : undefined;
  const table = profile.fields.find((f) => f.type === 'table' && asTable(values[f.key]) !== undefined);
  const checks: Check[] = [];

  if (table) {
    const rows = asTable(values[table.key])!;
    const col = (r: string): Column | undefined => table.columns?.find((c) => columnRole(c) === r);
    const amount = col('amount');
    if (amount && !off.has('line_sum')) {
      const lines = rows.flatMap((row, i) => {
        const f = figureOf(row[amount.key] ?? null, cellKey(table.key, i, amount.key), meta);
        return f ? [f] : [];
      });
      const target =
        subtotal ?? (taxFields.length === 0 || tax?.every((t) => t.value === 0) ? total : undefined);
      if (lines.length > 0 && target) checks.push(lineSum(lines, target, target === subtotal));
    }
    const quantity = col('quantity');
    const price = col('unit_price');
    if (amount && quantity && price && !off.has('line_math')) {
      let rowsChecked = 0;
      const failed: Check[] = [];
      rows.forEach((row, i) => {
        const [q, p, a] = [quantity, price, amount].map((c) =>
          figureOf(row[c.key] ?? null, cellKey(table.key, i, c.key), meta),
        );
        if (!q || !p || !a) return;
        rowsChecked++;
        const check = lineMath(i, q, p, a);
        if (!check.ok) failed.push(check);
      });
      if (failed.length > 0) checks.push(...failed);
      else if (rowsChecked > 0)
        checks.push(
          made('line_math', true, message('checks.lineMath.ok', { count: String(rowsChecked) }), []),
        );
    }
  }

  if (subtotal && tax && total && !off.has('subtotal_tax_total')) {
    const sum = subtotal.value + tax.reduce((s, t) => s + t.value, 0);
    const params = {
      subtotal: shown(subtotal.value, subtotal.decimals),
      tax: tax.map((t) => shown(t.value, t.decimals)).join(' + '),
      total: shown(total.value, total.decimals),
      sum: shown(sum, total.decimals),
      difference: shown(Math.abs(sum - total.value), total.decimals),
    };
    const ok = agree(sum, total);
    checks.push(
      made(
        'subtotal_tax_total',
        ok,
        message(ok ? 'checks.subtotalTax.ok' : 'checks.subtotalTax.failed', params),
        [subtotal.key, ...tax.map((t) => t.key), total.key],
      ),
    );
  }

  const date = role('invoice_date')[0];
  const due = role('due_date')[0];
  const [issued, dueOn] = [date, due].map((f) => (f ? isoDate(values[f.key]) : undefined));
  if (date && due && issued && dueOn && !off.has('due_after_date')) {
    const ok = dueOn >= issued;
    const said = message(ok ? 'checks.dueDate.ok' : 'checks.dueDate.failed', { due: dueOn, date: issued });
    checks.push(made('due_after_date', ok, said, [date.key, due.key]));
  }
  return checks;
}

function lineSum(lines: Figure[], target: Figure, toSubtotal: boolean): Check {
  const sum = lines.reduce((s, l) => s + l.value, 0);
  const ok = agree(sum, target);
  const params = {
    count: String(lines.length),
    sum: shown(sum, target.decimals),
    stated: shown(target.value, target.decimals),
    difference: shown(Math.abs(sum - target.value), target.decimals),
  };
  const code = toSubtotal
    ? ok
      ? message('checks.linesToSubtotal.ok', params)
      : message('checks.linesToSubtotal.failed', params)
    : ok
      ? message('checks.linesToTotal.ok', params)
      : message('checks.linesToTotal.failed', params);
  return made('line_sum', ok, code, [...lines.map((l) => l.key), target.key]);
}

function lineMath(row: number, quantity: Figure, price: Figure, amount: Figure): Check {
  const expected = quantity.value * price.value;
  const ok = agree(expected, amount);
  const params = {
    row: String(row + 1),
    quantity: shown(quantity.value, quantity.shownDecimals),
    unitPrice: shown(price.value, price.decimals),
    expected: shown(expected, amount.decimals),
    amount: shown(amount.value, amount.decimals),
    difference: shown(Math.abs(expected - amount.value), amount.decimals),
  };
  return made('line_math', ok, message('checks.lineMath.failed', params), [
    quantity.key,
    price.key,
    amount.key,
  ]);
}

/** Whether a computed value matches a printed one: within half a unit of its last printed decimal. */
function agree(computed: number, stated: Figure): boolean {
  return Math.abs(computed - stated.value) <= 0.5 * 10 ** -stated.decimals + 1e-9;
}

function made(id: Check['id'], ok: boolean, said: Message, fields: string[]): Check {
  return {
    id,
    ok,
    code: said.code,
    params: { ...said.params } as Record<string, string>,
    message: say('en', said),
    fields,
  };
}

function figureOf(value: FieldValue | undefined, key: string, meta: Meta): Figure | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (value && typeof value === 'object' && !Array.isArray(value)) n = value.amount;
  else if (typeof value === 'string') n = parseAmount(value)?.amount;
  if (n === undefined || !Number.isFinite(n)) return undefined;
  // A value a person corrected is taken as they typed it: the printed text no longer applies.
  const text = meta[key]?.editedAt ? undefined : meta[key]?.text;
  const printed = text === undefined ? undefined : parseAmount(text);
  const asPrinted = printed && Math.abs(printed.amount - n) < 1e-9 ? printed.decimals : undefined;
  return {
    value: n,
    key,
    decimals: asPrinted ?? Math.max(2, decimalsOf(n)),
    shownDecimals: asPrinted ?? decimalsOf(n),
  };
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 6;
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
}

function shown(n: number, decimals: number): string {
  return n.toFixed(Math.min(decimals, 6));
}

function isoDate(value: FieldValue | undefined): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}
