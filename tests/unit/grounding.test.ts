import { describe, expect, it } from 'vitest';
import { groundValues } from '../../src/core/grounding/ground.ts';
import { groundResult, rateResult } from '../../src/core/grounding/judge.ts';
import { sameValue } from '../../src/core/grounding/second-opinion.ts';
import { confidenceLevel } from '../../src/shared/confidence.ts';
import type { OcrLine, OcrPage } from '../../src/core/providers/local/ocr.ts';
import { parseFieldSpec } from '../../src/shared/field.ts';
import type { FieldMeta } from '../../src/shared/result.ts';

/** A line of words laid out left to right from x, 10 px per character, 20 px tall. */
function line(text: string, x: number, y: number, confidence = 0.9): OcrLine {
  let cx = x;
  const words = text.split(' ').map((w) => {
    const word = { text: w, confidence, box: { x: cx, y, w: w.length * 10, h: 20 } };
    cx += (w.length + 1) * 10;
    return word;
  });
  return { text, confidence, box: { x, y, w: cx - x - 10, h: 20 }, words };
}

const page: OcrPage = {
  width: 800,
  height: 600,
  engine: 'test',
  lines: [
    line('Müller & Söhne GmbH', 20, 20),
    line('Hauptstraße 12, 10115 Berlin', 20, 50),
    line('Rechnung Nr. RE-2026/0042', 20, 90),
    line('Datum: 03.02.2026', 400, 90),
    line('Tel. +49 30 1234567', 20, 120),
    line('Papier A4 2 5,00 10,00', 20, 200),
    line('Toner 1 1.234,50 1.234,50', 20, 230),
    line('Gesamt EUR 1.244,50', 400, 300),
  ],
};

describe('grounding a model answer in the words of the page', () => {
  const fields = parseFieldSpec(
    'company, address, invoice number, date:date, phone:phone, total:currency, items:table(description, qty:number, price:number, amount:number)',
  );
  const answer = {
    company: 'MULLER & SOHNE GMBH',
    address: 'Hauptstrasse 12, 10115 Berlin',
    invoice_number: 'RE-2026/0042',
    date: '2026-02-03',
    phone: '+49301234567',
    total: { amount: 1244.5, currency: 'EUR' },
    items: [
      { description: 'Papier A4', qty: 2, price: 5, amount: 10 },
      { description: 'Toner', qty: 1, price: 1234.5, amount: 1234.5 },
    ],
  };

  it('finds each value in any printed form, with the box of the words it was read from', () => {
    const g = groundValues(page, fields, answer);
    for (const key of ['company', 'address', 'invoice_number', 'date', 'phone', 'total'])
      expect(g[key], key).toMatchObject({ grounded: true });
    // "Gesamt EUR 1.244,50": the amount with its currency, not the label.
    expect(g.total!.evidence).toEqual({ x: 470, y: 300, w: 120, h: 20 });
    expect(g.date!.evidence).toEqual({ x: 470, y: 90, w: 100, h: 20 });
    expect(g.company!.confidence).toBe(0.9);
    expect(g['items[1].price']).toMatchObject({ grounded: true, text: '1.234,50' });
    expect(g['items[0].description']).toMatchObject({ grounded: true, text: 'Papier A4' });
  });

  it('says a value that is not on the page is not grounded: a made-up total, another company', () => {
    const g = groundValues(page, fields, {
      ...answer,
      company: 'Globex Corporation',
      total: { amount: 1344.5, currency: 'EUR' },
      date: '2026-03-02',
      invoice_number: 'RE-2026/0043',
    });
    expect(g.company).toEqual({ grounded: false });
    expect(g.total).toEqual({ grounded: false });
    // 03.02.2026 read month first is 2026-03-02: either reading of the page grounds it.
    expect(g.date!.grounded).toBe(true);
    // One character off in a short code is another invoice, not an OCR slip.
    expect(g.invoice_number).toEqual({ grounded: false });
  });

  it('forgives an OCR slip in longer text, and nothing in short text', () => {
    const slipped: OcrPage = { ...page, lines: [line('Mu1ler & Sohne GmbH', 20, 20), line('Tom', 20, 50)] };
    const g = groundValues(slipped, parseFieldSpec('company, name'), {
      company: 'Müller & Söhne GmbH',
      name: 'Tim',
    });
    expect(g.company!.grounded).toBe(true);
    expect(g.name!.grounded).toBe(false);
  });

  it('grounds a value that runs over two lines with a box around both', () => {
    const g = groundValues(page, parseFieldSpec('address'), {
      address: 'Müller & Söhne GmbH, Hauptstraße 12, 10115 Berlin',
    });
    expect(g.address).toMatchObject({ grounded: true, evidence: { x: 20, y: 20, h: 50 } });
  });

  it('leaves out what has nothing to ground: nulls and yes / no', () => {
    const g = groundValues(page, parseFieldSpec('paid:boolean, notes'), { paid: true, notes: null });
    expect(g).toEqual({});
  });

  it('finds a description wrapped onto the lines under it, past the figures of its row', () => {
    // As a table cell prints it, and as the text layer or OCR reads it: in reading order the row's
    // figures come between the description's two lines.
    const wrappedPage: OcrPage = {
      width: 800,
      height: 400,
      engine: 'test',
      lines: [
        line('Ergonomic keyboard with numeric', 20, 100),
        line('11', 400, 100),
        line('48.41', 500, 100),
        line('palm rest, grey', 20, 122),
        line('Ergonomic mouse', 20, 160),
        line('keyboard tray', 20, 240),
      ],
    };
    const items = parseFieldSpec('items:table(description, qty:number)');
    const found = groundValues(wrappedPage, items, {
      items: [
        { description: 'Ergonomic keyboard with numeric palm rest, grey', qty: 11 },
        // Its words are on the page, but not as one cell: the rest is four lines further down.
        { description: 'keyboard with numeric keyboard tray', qty: null },
      ],
    });
    expect(found['items[0].description']).toMatchObject({
      grounded: true,
      evidence: { x: 20, y: 100, w: 310, h: 42 },
      text: 'Ergonomic keyboard with numeric palm rest, grey',
    });
    expect(found['items[1].description']).toEqual({ grounded: false });
  });
});

describe('a numeric date whose separators OCR misread', () => {
  const slipped = (text: string): OcrPage => ({
    width: 800,
    height: 100,
    engine: 'test',
    lines: [line(text, 20, 20)],
  });
  const fields = parseFieldSpec('date:date');

  it('is found by its digits, day or month first, with a two- or four-digit year', () => {
    expect(groundValues(slipped('Date: 11/022017 10:41'), fields, { date: '2017-02-11' }).date).toMatchObject(
      {
        grounded: true,
        text: '11/022017',
      },
    );
    expect(groundValues(slipped('Date 02A01/16'), fields, { date: '2016-01-02' }).date!.grounded).toBe(true);
    expect(groundValues(slipped('Date 01A02/16'), fields, { date: '2016-01-02' }).date!.grounded).toBe(true);
  });

  it('is not another date with the same digits moved, nor a code that only contains them', () => {
    // 2017-11-02 is printed as neither 11022017 nor 02112017 in any order the date reader knows.
    expect(groundValues(slipped('Date: 11/022017'), fields, { date: '2017-02-12' }).date!.grounded).toBe(
      false,
    );
    // A run of digits with no break in it is a number, not a slipped date.
    expect(groundValues(slipped('Ref 11022017'), fields, { date: '2017-02-11' }).date!.grounded).toBe(false);
    expect(groundValues(slipped('INV-11022017'), fields, { date: '2017-02-11' }).date!.grounded).toBe(false);
  });
});

describe('judging a model answer: second opinion, dropped values, confidence', () => {
  const invoice: OcrPage = {
    width: 800,
    height: 400,
    engine: 'test',
    lines: [
      line('Invoice No. A-1001', 20, 20),
      line('Date: 14/03/2026', 20, 60),
      line('Due: 13/04/2026', 20, 100),
      line('Subtotal 100.00', 400, 300),
      line('Total 120.00', 400, 340, 0.4),
    ],
  };
  const fields = parseFieldSpec('invoice number, date:date, subtotal:number, total:number');
  const answer = () => ({ invoice_number: 'A-1001', date: '2026-03-14', subtotal: 100, total: 120 });

  it('asks the offline engine, and rates each value from the OCR, the agreement and the checks', () => {
    const result = { fields: answer(), fieldMeta: {} };
    const found = groundResult(result, { fields }, invoice);
    rateResult(result.fieldMeta, found, []);
    const meta = result.fieldMeta as Record<string, FieldMeta>;
    expect(meta.date!.secondOpinion).toEqual({ value: '2026-03-14', agrees: true });
    // Read at 0.9 by the OCR and the engine agrees: half way from 0.9 to certain.
    expect(meta.date!.confidence).toBe(0.95);
    expect(confidenceLevel(meta.date)).toBe('high');
    // The total's words were read at 0.4: the agreement lifts it to medium, not high.
    expect(meta.total!.confidence).toBe(0.7);
    expect(confidenceLevel(meta.total)).toBe('medium');
  });

  it('lowers a value the offline engine read otherwise, and one a failed check compared', () => {
    // The due date is on the page, but it is not the invoice's date.
    const result = { fields: { ...answer(), date: '2026-04-13' }, fieldMeta: {} };
    const found = groundResult(result, { fields }, invoice);
    const failed = {
      id: 'subtotal_tax_total' as const,
      ok: false,
      code: 'x',
      params: {},
      message: 'x',
      fields: ['subtotal', 'total'],
    };
    rateResult(result.fieldMeta, found, [failed]);
    const meta = result.fieldMeta as Record<string, FieldMeta>;
    expect(meta.date).toMatchObject({
      grounded: true,
      secondOpinion: { value: '2026-03-14', agrees: false },
    });
    expect(meta.date!.confidence).toBe(0.63);
    expect(confidenceLevel(meta.date)).toBe('medium');
    expect(meta.subtotal!.confidence).toBeLessThan(meta.invoice_number!.confidence!);
  });

  it('keeps a value not on the page, flagged, unless the profile or its field says to drop it', () => {
    const invented = () => ({ fields: { ...answer(), invoice_number: 'A-9999' }, fieldMeta: {} });
    const kept = invented();
    groundResult(kept, { fields }, invoice);
    expect(kept.fields.invoice_number).toBe('A-9999');
    expect(kept.fieldMeta).toMatchObject({ invoice_number: { grounded: false } });

    const dropped = invented();
    rateResult(dropped.fieldMeta, groundResult(dropped, { fields, notOnPage: 'null' }, invoice), []);
    expect(dropped.fields.invoice_number).toBeNull();
    expect(dropped.fieldMeta).toMatchObject({
      invoice_number: { grounded: false, dropped: 'A-9999', confidence: 0.1 },
    });

    // The field's own choice wins over the profile's.
    const own = invented();
    const flagged = fields.map((f) =>
      f.key === 'invoice_number' ? { ...f, notOnPage: 'flag' as const } : f,
    );
    groundResult(own, { fields: flagged, notOnPage: 'null' }, invoice);
    expect(own.fields.invoice_number).toBe('A-9999');
  });

  it('asks no second opinion when the profile turns it off', () => {
    const result = { fields: answer(), fieldMeta: {} };
    groundResult(result, { fields, secondOpinion: false }, invoice);
    expect(Object.values(result.fieldMeta as Record<string, FieldMeta>).some((m) => m.secondOpinion)).toBe(
      false,
    );
  });
});

describe('two readings of a field say the same', () => {
  it('compares by type: amounts to the cent, phones by their digits, text folded', () => {
    expect(sameValue('currency', { amount: 12.5, currency: 'EUR' }, { amount: 12.5, currency: null })).toBe(
      true,
    );
    expect(sameValue('number', 12.5, 12.51)).toBe(false);
    expect(sameValue('phone', '+49 30 1234567', '030 1234567')).toBe(true);
    expect(sameValue('text', 'Müller & Söhne', 'MULLER SOHNE')).toBe(true);
    expect(sameValue('text', 'A-1001', 'A-1002')).toBe(false);
  });
});
