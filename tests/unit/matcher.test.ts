import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../src/shared/field.ts';
import { matchFields } from '../../src/core/providers/local/matcher.ts';
import type { OcrLine, OcrPage } from '../../src/core/providers/local/ocr.ts';

/** A line of words laid out left to right from x, 12 px per character, 20 px tall. */
function line(text: string, x: number, y: number, confidence = 0.95): OcrLine {
  let cx = x;
  const words = text.split(' ').map((w) => {
    const word = { text: w, confidence, box: { x: cx, y, w: w.length * 12, h: 20 } };
    cx += (w.length + 1) * 12;
    return word;
  });
  return { text, confidence, box: { x, y, w: cx - x - 12, h: 20 }, words };
}

function page(...lines: OcrLine[]): OcrPage {
  return { width: 600, height: 800, lines, engine: 'test' };
}

const total: Field = { key: 'total', label: 'Total', type: 'number' };
const date: Field = { key: 'date', label: 'Date', type: 'date' };

describe('matchFields', () => {
  it('reads the value to the right of its label, with evidence', () => {
    const out = matchFields(page(line('TOTAL: 193.00', 40, 600)), [total]);
    expect(out.fields.total).toBe(193);
    const meta = out.fieldMeta.total!;
    expect(meta.text).toBe('193.00');
    expect(meta.evidence).toEqual({ x: 124, y: 600, w: 72, h: 20 });
    expect(meta.confidence).toBeGreaterThan(0.5);
  });

  it('reads a value on the same row split into another OCR line', () => {
    const out = matchFields(page(line('Grand Total', 40, 600), line('RM 45.10', 450, 602)), [total]);
    expect(out.fields.total).toBe(45.1);
  });

  it('reads the value on the line below its label', () => {
    const out = matchFields(page(line('Invoice Date', 40, 100), line('07 MAR 2018', 40, 125)), [date]);
    expect(out.fields.date).toBe('2018-03-07');
  });

  it('tolerates OCR noise in labels', () => {
    expect(matchFields(page(line('T0TAL 12.50', 40, 600)), [total]).fields.total).toBe(12.5);
    expect(matchFields(page(line('GRANDTOTAL 9.90', 40, 600)), [total]).fields.total).toBe(9.9);
    expect(matchFields(page(line('lnvoice Dat3: 15/01/2019', 40, 100)), [date]).fields.date).toBe(
      '2019-01-15',
    );
  });

  it('takes the total, not the subtotal, tax, cash or change', () => {
    const out = matchFields(
      page(
        line('Subtotal 100.00', 40, 500),
        line('Total GST 6.00', 40, 525),
        line('Total 106.00', 40, 550),
        line('Cash 200.00', 40, 575),
        line('Change 94.00', 40, 600),
      ),
      [total],
    );
    expect(out.fields.total).toBe(106);
  });

  it('prefers the cash-rounded total printed under the total', () => {
    const out = matchFields(
      page(
        line('Total Incl. GST 6.36', 40, 500),
        line('Rounding -0.01', 40, 525),
        line('Nett Total 6.35', 40, 550),
      ),
      [total],
    );
    expect(out.fields.total).toBe(6.35);
  });

  it('reads a currency field with the currency printed on the line', () => {
    const out = matchFields(page(line('Amount due RM 1,234.50', 40, 600)), [
      { key: 'amount_due', label: 'Amount due', type: 'currency' },
    ]);
    expect(out.fields.amount_due).toEqual({ amount: 1234.5, currency: 'MYR' });
  });

  it('leaves a missing field null and invents nothing', () => {
    const out = matchFields(page(line('Subtotal 100.00', 40, 500), line('Cash 200.00', 40, 520)), [
      { key: 'invoice_number', label: 'Invoice number', type: 'text' },
      { key: 'email', label: 'E-mail', type: 'email' },
    ]);
    expect(out.fields).toEqual({ invoice_number: null, email: null });
    expect(out.fieldMeta).toEqual({});
  });

  it('follows the user hints: labels, pattern and position', () => {
    const field: Field = {
      key: 'ref',
      label: 'Reference',
      type: 'text',
      hints: { labels: ['Ref'], pattern: 'PO-\\d{4}' },
    };
    const out = matchFields(page(line('Ref: see note', 40, 100), line('Order PO-1234 shipped', 40, 300)), [
      field,
    ]);
    expect(out.fields.ref).toBe('PO-1234');

    const bottom: Field = { key: 'date', label: 'Date', type: 'date', hints: { position: 'bottom' } };
    const dates = page(line('Date 01/02/2018', 40, 50), line('Date 03/04/2019', 40, 700));
    expect(matchFields(dates, [bottom]).fields.date).toBe('2019-04-03');
    expect(matchFields(dates, [date]).fields.date).toBe('2018-02-01');
  });

  it('reads the company and address of a receipt header', () => {
    const out = matchFields(
      page(
        line('ACME TRADING SDN BHD', 100, 20),
        line('(123456-X)', 150, 45),
        line('NO 2, JALAN BAYU 4,', 110, 70),
        line('81750 MASAI, JOHOR', 110, 95),
        line('Tel: 07-388 2218', 110, 120),
        line('TOTAL 5.00', 40, 600),
      ),
      [
        { key: 'company', label: 'Company', type: 'text' },
        { key: 'address', label: 'Address', type: 'text' },
      ],
    );
    expect(out.fields.company).toBe('ACME TRADING SDN BHD');
    expect(out.fields.address).toBe('NO 2, JALAN BAYU 4, 81750 MASAI, JOHOR');
  });

  it('reads the company under a document title, without its registration number', () => {
    const company = { key: 'company', label: 'company', type: 'text' } as const;
    const out = matchFields(
      page(
        line('TAX INVOICE', 150, 10),
        line('STAR GROCER SDNBHD (1171881-W)', 100, 40),
        line('Company Reg. No: 1171881-W', 110, 65),
        line('LOT 5, JALAN BAYU 4, 81750 MASAI', 110, 90),
        line('Date: 02/03/2018', 110, 115),
      ),
      [company],
    );
    expect(out.fields.company).toBe('STAR GROCER SDN BHD');
  });

  const address: Field = { key: 'address', label: 'address', type: 'text' };

  it("mends OCR's digit-for-letter slips in address words, and leaves codes alone", () => {
    const out = matchFields(
      page(
        line('KEDAI BUKU CERIA SDN BHD', 100, 20),
        line('LOT G12, F1oor 2, Ja1an Melur U13/X,', 110, 45),
        line('TAMAN MAWAR, 4330O SERDANG, SELANG0R', 110, 70),
        line('Tel: 03-8941 2200', 110, 95),
      ),
      [address],
    );
    expect(out.fields.address).toBe(
      'LOT G12, Floor 2, Jalan Melur U13/X, TAMAN MAWAR, 43300 SERDANG, SELANGOR',
    );
  });

  it('ends the address at a country, a blank line or a "label: value" line, and skips specks', () => {
    const fields = [address];
    const country = matchFields(
      page(
        line('KEDAI BUKU CERIA SDN BHD', 100, 20),
        line('NO 7, JALAN MELUR 2,', 110, 45),
        line('56100 KUALA LUMPUR, MALAYSIA', 110, 70),
        line('CERIA MALL BRANCH', 110, 95),
      ),
      fields,
    );
    expect(country.fields.address).toBe('NO 7, JALAN MELUR 2, 56100 KUALA LUMPUR, MALAYSIA');
    const labelled = matchFields(
      page(
        line('KEDAI BUKU CERIA SDN BHD', 100, 20),
        // A speck under the name, half a line high.
        { text: '0', confidence: 0.8, box: { x: 400, y: 42, w: 6, h: 8 }, words: [] },
        line('NO 7, JALAN MELUR 2,', 110, 45),
        line('56100 KUALA LUMPUR', 110, 70),
        line('Branch : 2231', 110, 95),
      ),
      fields,
    );
    expect(labelled.fields.address).toBe('NO 7, JALAN MELUR 2, 56100 KUALA LUMPUR');
    const gap = matchFields(
      page(
        line('KEDAI BUKU CERIA SDN BHD', 100, 20),
        line('NO 7, JALAN MELUR 2,', 110, 45),
        line('56100 KUALA LUMPUR', 110, 70),
        // A blank line, then a till number.
        line('T002', 110, 125),
      ),
      fields,
    );
    expect(gap.fields.address).toBe('NO 7, JALAN MELUR 2, 56100 KUALA LUMPUR');
  });

  it('puts back a word OCR split when the page prints it whole, and keeps printed spacing', () => {
    const out = matchFields(
      page(
        line('KEDAI BUKU CERIA SDN BHD', 100, 20),
        line('NO 9 , JALAN MELUR 2, TAMAN SERI Ser dang,', 110, 45),
        line('43300 Serdang, SELANGOR,', 110, 70),
        line('Tel: 03-8941 2200', 110, 95),
      ),
      [address],
    );
    // " ," as printed; the comma after the last word ends a line, not the address.
    expect(out.fields.address).toBe('NO 9 , JALAN MELUR 2, TAMAN SERI Serdang, 43300 Serdang, SELANGOR');
  });

  it('joins a name wrapped before its legal suffix, and a shop name that starts with "KEDAI"', () => {
    const company: Field = { key: 'company', label: 'company', type: 'text' };
    const wrapped = matchFields(
      page(
        line('MEGA PAPER', 150, 20),
        line('CO. (M) SDN BHD', 140, 45),
        line('(Co. No. 223344-K)', 150, 70),
        line('NO 7, JALAN MELUR 2,', 110, 95),
      ),
      [company],
    );
    expect(wrapped.fields.company).toBe('MEGA PAPER CO. (M) SDN BHD');
    const kedai = matchFields(
      page(
        line('KEDAI RUNCIT MAJU JAYA', 120, 20),
        line('LIM SDN. BHD.', 150, 45),
        line('NO 7, JALAN MELUR 2,', 110, 70),
      ),
      [company],
    );
    expect(kedai.fields.company).toBe('KEDAI RUNCIT MAJU JAYA LIM SDN. BHD.');
  });

  it('finds e-mails and phones by shape', () => {
    const out = matchFields(
      page(line('Contact us at ana@example.com', 40, 100), line('+34 912 345 678', 40, 130)),
      [
        { key: 'email', label: 'E-mail', type: 'email' },
        { key: 'phone', label: 'Phone', type: 'phone' },
      ],
    );
    expect(out.fields).toEqual({ email: 'ana@example.com', phone: '+34 912 345 678' });
  });
});

describe('matchFields on real OCR output (tesseract.js, SROIE receipts)', () => {
  const fixture = (name: string): OcrPage =>
    JSON.parse(readFileSync(new URL(`../fixtures/ocr/${name}.json`, import.meta.url), 'utf8')) as OcrPage;
  const sroie: Field[] = [
    { key: 'company', label: 'company', type: 'text' },
    { key: 'date', label: 'date', type: 'date' },
    { key: 'address', label: 'address', type: 'text' },
    { key: 'total', label: 'total', type: 'number' },
  ];

  it('X00016469670', () => {
    const out = matchFields(fixture('X00016469670'), sroie);
    expect(out.fields.company).toBe('OJC MARKETING SDN BHD');
    expect(out.fields.date).toBe('2019-01-15');
    expect(out.fields.total).toBe(193);
  });

  it('X51005230605', () => {
    const out = matchFields(fixture('X51005230605'), sroie);
    expect(out.fields.date).toBe('2018-02-01');
    expect(out.fields.total).toBe(4.9);
  });
});

describe('synthetic documents (tests/helpers/documents.ts)', () => {
  it('render deterministically, with truth for every field', async () => {
    const { renderDocument } = await import('../helpers/documents.ts');
    const a = await renderDocument({ kind: 'invoice', seed: 3, scale: 1.25 });
    const b = await renderDocument({ kind: 'invoice', seed: 3, scale: 1.25 });
    expect(a.png.equals(b.png)).toBe(true);
    expect(a.fields.map((f) => f.key).sort()).toEqual(Object.keys(a.truth).sort());
    expect(a.png.subarray(1, 4).toString()).toBe('PNG');
  });
});
