import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/core/checks/checks.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import type { FieldMeta, FieldValue } from '../../src/shared/result.ts';

const invoice: Pick<Profile, 'fields'> = {
  fields: parseFieldSpec(
    'date:date, due date:date, items:table(description, qty:number, unit price:number, amount:number), subtotal:number, tax:number, total:number',
  ),
};

const rows = [
  { description: 'Paper', qty: 2, unit_price: 5, amount: 10 },
  { description: 'Toner', qty: 1, unit_price: 42.5, amount: 42.5 },
];

function values(overrides: Record<string, FieldValue> = {}): Record<string, FieldValue> {
  return {
    date: '2026-03-01',
    due_date: '2026-03-31',
    items: rows,
    subtotal: 52.5,
    tax: 11.03,
    total: 63.53,
    ...overrides,
  };
}

const byId = (checks: ReturnType<typeof runChecks>) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('checks of an invoice', () => {
  it('passes a consistent invoice: lines = subtotal, subtotal + tax = total, qty × price, due after date', () => {
    const checks = runChecks(invoice, values());
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['line_sum', true],
      ['line_math', true],
      ['subtotal_tax_total', true],
      ['due_after_date', true],
    ]);
    expect(checks[0]!.message).toBe('The 2 line amounts add up to the subtotal, 52.50.');
  });

  it('says by how much the lines miss the subtotal, naming the cells it added', () => {
    const check = byId(runChecks(invoice, values({ subtotal: 62.5 }))).line_sum!;
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'The 2 line amounts add up to 52.50, but the subtotal says 62.50 (off by 10.00).',
    );
    expect(check.fields).toEqual(['items[0].amount', 'items[1].amount', 'subtotal']);
    expect(check.code).toBe('checks.linesToSubtotal.failed');
  });

  it('adds the lines to the total when there is no subtotal and no tax', () => {
    const profile = { fields: parseFieldSpec('items:table(description, amount:number), total:number') };
    const check = runChecks(profile, { items: rows, total: 50 })[0]!;
    expect(check.code).toBe('checks.linesToTotal.failed');
  });

  it('flags the row whose quantity × unit price is not its amount, one check per row', () => {
    const wrong = [rows[0]!, { ...rows[1]!, qty: 2 }];
    const math = runChecks(invoice, values({ items: wrong })).filter((c) => c.id === 'line_math');
    expect(math).toHaveLength(1);
    expect(math[0]!.message).toBe('Row 2: 2 × 42.50 = 85.00, but its amount says 42.50 (off by 42.50).');
    expect(math[0]!.fields).toEqual(['items[1].qty', 'items[1].unit_price', 'items[1].amount']);
  });

  it('allows half a unit of the last printed decimal, read from the text the value came from', () => {
    // 3 × 0.333 = 0.999, printed as 1.00: the document rounded, it did not disagree.
    const rounded = [{ description: 'Screws', qty: 3, unit_price: 0.333, amount: 1 }];
    const meta: Record<string, FieldMeta> = { 'items[0].amount': { text: '1.00' } };
    const ok = runChecks(invoice, values({ items: rounded, subtotal: 1, tax: 0, total: 1 }), meta);
    expect(ok.every((c) => c.ok)).toBe(true);
    // Printed with no decimals, a total of 64 for 63.53 is within half a unit; 65 is not.
    const whole: Record<string, FieldMeta> = { total: { text: '64' } };
    expect(byId(runChecks(invoice, values({ total: 64 }), whole)).subtotal_tax_total!.ok).toBe(true);
    expect(
      byId(runChecks(invoice, values({ total: 65 }), { total: { text: '65' } })).subtotal_tax_total!.ok,
    ).toBe(false);
    // Without the printed text, cents: 63.54 is one cent off.
    expect(byId(runChecks(invoice, values({ total: 63.54 }))).subtotal_tax_total!.ok).toBe(false);
  });

  it('flags a due date before the invoice date', () => {
    const check = byId(runChecks(invoice, values({ due_date: '2026-02-01' }))).due_after_date!;
    expect(check).toMatchObject({ ok: false, fields: ['date', 'due_date'] });
  });

  it('runs nothing on values that were not read, and nothing the profile turned off', () => {
    expect(
      runChecks(invoice, values({ subtotal: null, tax: null, total: null, items: null, date: null })),
    ).toEqual([]);
    const off = runChecks({ ...invoice, checksOff: ['line_sum', 'line_math'] }, values({ subtotal: 1 }));
    expect(off.map((c) => c.id)).toEqual(['subtotal_tax_total', 'due_after_date']);
  });

  it('finds the fields by the role a person set when their keys say something else', () => {
    const fields = parseFieldSpec('lineas:table(concepto, importe:number), a pagar:number');
    fields[1]!.role = 'total';
    const check = runChecks({ fields }, { lineas: [{ concepto: 'x', importe: 3 }], a_pagar: 3 })[0]!;
    expect(check).toMatchObject({ id: 'line_sum', ok: true });
  });
});
