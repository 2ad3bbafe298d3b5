import { describe, expect, it } from 'vitest';
import { parseFieldSpec } from '../../src/shared/field.ts';
import type { Result } from '../../src/shared/result.ts';
import { message, translator } from '../../src/shared/messages/catalogue.ts';
import { storedError } from '../../src/shared/stored-error.ts';
import { resultNotification } from '../../src/main/notify.ts';

describe('notifications', () => {
  const fields = parseFieldSpec('invoice number, total:number, due:date, vendor');
  const result = {
    status: 'ok',
    profile: { id: 'p', name: 'Invoices' },
    fields: { invoice_number: 'INV-0042', total: 1234.56, due: '2026-12-01', vendor: null },
    fieldMeta: {},
  } as unknown as Result;

  it("sums up the fields found, in the person's locale", () => {
    expect(resultNotification(result, fields, 'en-US', translator('en'))).toEqual({
      title: 'Extracted: Invoices',
      body: 'invoice number INV-0042 · total 1,234.56 · due Dec 1, 2026',
    });
    expect(resultNotification(result, fields, 'es-ES', translator('es')).body).toBe(
      'invoice number INV-0042 · total 1234,56 · due 1 dic 2026',
    );
  });

  it('says what went wrong for a failed capture', () => {
    const failed = { ...result, status: 'failed', error: 'The OpenAI key was rejected (401).' } as Result;
    expect(resultNotification(failed, fields, 'en', translator('en'))).toEqual({
      title: 'Extraction failed',
      body: 'The OpenAI key was rejected (401).',
    });
  });
});

describe('a stored reason in the notification', () => {
  const fields = parseFieldSpec('total:number');
  const failed = {
    status: 'failed',
    profile: { id: 'p', name: 'Invoices' },
    fields: { total: null },
    ...storedError(message('file.missing', { file: '/tmp/factura.png' })),
  } as unknown as Result;

  it("is said in the person's language when the result kept its code", () => {
    expect(resultNotification(failed, fields, 'es-ES', translator('es'))).toEqual({
      title: 'La extracción falló',
      body: 'El archivo /tmp/factura.png no existe.',
    });
    expect(resultNotification(failed, fields, 'en-US', translator('en')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
  });

  it('is said as stored when the result was written before codes (or by a newer build)', () => {
    const old = { ...failed, errorCode: undefined, errorParams: undefined } as Result;
    expect(resultNotification(old, fields, 'es-ES', translator('es')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
    const newer = { ...failed, errorCode: 'from.a.newer.build' } as Result;
    expect(resultNotification(newer, fields, 'es-ES', translator('es')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
  });
});

describe('a result with a table and checks', () => {
  const fields = parseFieldSpec('invoice number, subtotal:number, items:table(description, amount:number)');
  const checked = {
    status: 'ok',
    profile: { id: 'p', name: 'Invoices' },
    fields: {
      invoice_number: 'INV-0042',
      subtotal: 40,
      items: [
        { description: 'Bolts', amount: 25 },
        { description: 'Nuts', amount: 12.5 },
      ],
    },
    checks: [
      {
        id: 'line_sum',
        ok: false,
        code: 'checks.linesToSubtotal.failed',
        params: { count: '2', sum: '37.50', stated: '40.00', difference: '2.50' },
        message: 'The 2 line amounts add up to 37.50, but the subtotal says 40.00 (off by 2.50).',
        fields: ['subtotal', 'items[0].amount', 'items[1].amount'],
      },
    ],
    fieldMeta: {},
  } as unknown as Result;

  it('says first that it needs review, with the first failed check, then the fields (rows counted)', () => {
    expect(resultNotification(checked, fields, 'en-US', translator('en'))).toEqual({
      title: 'Extracted: Invoices',
      body:
        'Needs review: The 2 line amounts add up to 37.50, but the subtotal says 40.00 (off by 2.50).\n' +
        'invoice number INV-0042 · subtotal 40 · items 2 rows',
    });
    expect(resultNotification(checked, fields, 'es-ES', translator('es')).body).toBe(
      'Por revisar: Los 2 importes de las líneas suman 37.50, pero el subtotal dice 40.00 (diferencia: 2.50).\n' +
        'invoice number INV-0042 · subtotal 40 · items 2 filas',
    );
  });

  it('says nothing of review when every check passed', () => {
    const passed = { ...checked, checks: [{ ...checked.checks![0]!, ok: true }] } as Result;
    expect(resultNotification(passed, fields, 'en', translator('en')).body).toBe(
      'invoice number INV-0042 · subtotal 40 · items 2 rows',
    );
  });

  it('says a value not on the page needs review, as the CLI does', () => {
    const invented = {
      ...checked,
      checks: [],
      fieldMeta: { invoice_number: { grounded: false } },
    } as unknown as Result;
    expect(resultNotification(invented, fields, 'en', translator('en')).body).toBe(
      'Needs review: "invoice_number" (INV-0042) is not on the page: the model may have made it up.\n' +
        'invoice number INV-0042 · subtotal 40 · items 2 rows',
    );
  });
});
