import { describe, expect, it } from 'vitest';
import { answerJsonSchema } from '../../src/core/extraction/schema.ts';
import { validateAnswer } from '../../src/core/extraction/validate.ts';
import { coerceField } from '../../src/core/values/index.ts';
import {
  FieldSpecError,
  Profile,
  formatFieldSpec,
  parseFieldSpec,
  type Field,
} from '../../src/shared/field.ts';
import { parseResult } from '../../src/shared/result.ts';
import { cellKey, columnRole, fieldRole, parseCellKey } from '../../src/shared/roles.ts';

const SPEC =
  'invoice number, date:date, items:table(description, quantity:number, unit price:number, amount:number), subtotal:number, tax:number, total:number';

describe('a table field in the --fields shorthand', () => {
  it('reads typed columns inside table(...) and keeps the other fields as before', () => {
    const fields = parseFieldSpec(SPEC);
    expect(fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      'invoice_number:text',
      'date:date',
      'items:table',
      'subtotal:number',
      'tax:number',
      'total:number',
    ]);
    expect(fields[2]!.columns).toEqual([
      { key: 'description', label: 'description', type: 'text' },
      { key: 'quantity', label: 'quantity', type: 'number' },
      { key: 'unit_price', label: 'unit price', type: 'number' },
      { key: 'amount', label: 'amount', type: 'number' },
    ]);
    expect(formatFieldSpec(fields)).toBe(SPEC);
  });

  it('says what is wrong with a column, an unclosed parenthesis or a table without columns', () => {
    expect(() => parseFieldSpec('items:table(sku, lines:list)')).toThrow(
      /column "lines:list" of the table "items"/,
    );
    expect(() => parseFieldSpec('items:table(a, b')).toThrow(/not closed/);
    expect(() => parseFieldSpec('items:table()')).toThrow(FieldSpecError);
    expect(() => parseFieldSpec('total:table')).toThrow(/Unknown field type "table"/);
  });
});

describe('a profile with a table', () => {
  const table = (columns: unknown): unknown => ({
    id: 'p',
    name: 'Invoices',
    fields: [{ key: 'items', label: 'Items', type: 'table', columns }],
  });

  it('needs columns, unique column keys, and columns only on tables', () => {
    expect(Profile.safeParse(table([{ key: 'sku', label: 'SKU' }])).success).toBe(true);
    expect(Profile.safeParse(table([])).error?.issues[0]?.message).toMatch(/needs at least one column/);
    const twice = Profile.safeParse(
      table([
        { key: 'a', label: 'A' },
        { key: 'a', label: 'B' },
      ]),
    );
    expect(twice.error?.issues[0]?.message).toMatch(/"a" is used twice/);
    const notTable = Profile.safeParse({
      id: 'p',
      name: 'x',
      fields: [{ key: 'total', label: 'Total', columns: [{ key: 'a', label: 'A' }] }],
    });
    expect(notTable.error?.issues[0]?.message).toMatch(/has columns but is not a table/);
  });
});

describe('roles and cell keys', () => {
  it('reads a role from the key unless the person set one', () => {
    expect(fieldRole({ key: 'grand_total', type: 'number' })).toBe('total');
    expect(fieldRole({ key: 'importe_total', type: 'number', role: 'subtotal' })).toBe('subtotal');
    expect(fieldRole({ key: 'notes', type: 'text' })).toBeUndefined();
    expect(columnRole({ key: 'qty' })).toBe('quantity');
    expect(columnRole({ key: 'importe' })).toBe('amount');
  });

  it('names a cell items[2].amount and reads it back', () => {
    expect(cellKey('items', 2, 'amount')).toBe('items[2].amount');
    expect(parseCellKey('items[2].amount')).toEqual({ table: 'items', row: 2, column: 'amount' });
    expect(parseCellKey('total')).toBeUndefined();
  });
});

describe('a table in a model answer', () => {
  const items = parseFieldSpec(SPEC)[2]! as Field;

  it('asks for an array of closed row objects, every column required and nullable', () => {
    const schema = answerJsonSchema({ fields: [items] }) as {
      properties: { items: { anyOf: Array<{ type: string; items?: Record<string, unknown> }> } };
    };
    const array = schema.properties.items.anyOf.find((s) => s.type === 'array')!;
    expect(array.items).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['description', 'quantity', 'unit_price', 'amount'],
    });
  });

  it('coerces each cell to its column type and drops empty rows', () => {
    const coerced = coerceField(items, [
      { description: 'Paper A4', quantity: '2', unit_price: '1.234,50', amount: 2469 },
      { description: null, quantity: null, unit_price: null, amount: null },
    ]);
    expect(coerced).toEqual({
      ok: true,
      value: [{ description: 'Paper A4', quantity: 2, unit_price: 1234.5, amount: 2469 }],
    });
  });

  it('refuses a cell of the wrong type naming its row and column, for the repair request', () => {
    const checked = validateAnswer({ fields: [items] }, { items: [{ description: 'x', quantity: 'two' }] });
    expect(checked.fields.items).toBeNull();
    expect(checked.problems[0]).toMatch(/row 1, "quantity": "two" is not a number/);
  });
});

describe('result files', () => {
  it('reads a version 1 file as version 2 with no checks', () => {
    const v1 = {
      version: 1,
      id: '20260301T100000-000Z-abcd',
      createdAt: '2026-03-01T10:00:00.000Z',
      source: { kind: 'file', path: '/x.png' },
      profile: { id: 'p', name: 'P' },
      provider: 'local',
      model: null,
      detail: 'auto',
      image: { path: '', width: 1, height: 1, sha256: 'x' },
      status: 'ok',
      fields: { total: 5 },
      durationMs: 1,
    };
    const read = parseResult(v1);
    expect(read.version).toBe(2);
    expect(read.checks).toBeUndefined();
    expect(() => parseResult({ ...v1, version: 3 })).toThrow();
  });
});
