import { describe, expect, it } from 'vitest';
import { parseFieldSpec } from '../../src/shared/field.ts';
import { answerJsonSchema, answerSchema } from '../../src/core/extraction/schema.ts';
import { repairPrompt, userPrompt } from '../../src/core/extraction/prompt.ts';

const profile = {
  fields: parseFieldSpec('invoice number, total:currency, due:date, paid:boolean, items:list, qty:number'),
};

type Node = { [key: string]: unknown };

/** Every object node in a schema, wherever it is nested. */
function objects(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, found));
  else if (node && typeof node === 'object') {
    const rec = node as Node;
    if (rec.type === 'object') found.push(rec);
    Object.values(rec).forEach((n) => objects(n, found));
  }
  return found;
}

describe('answerJsonSchema', () => {
  const schema = answerJsonSchema(profile);

  it('closes every object and requires every property (strict structured output)', () => {
    const all = objects(schema);
    expect(all.length).toBe(2); // the answer and the currency value
    for (const o of all) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(Object.keys(o.properties as Node));
    }
    expect(schema.required).toEqual(['invoice_number', 'total', 'due', 'paid', 'items', 'qty']);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('makes every field nullable rather than optional', () => {
    const props = schema.properties as Record<string, Node>;
    for (const [key, prop] of Object.entries(props)) {
      const variants = (prop.anyOf as Node[] | undefined) ?? [prop];
      const types = variants.flatMap((v) => (Array.isArray(v.type) ? v.type : [v.type]));
      expect(types, key).toContain('null');
    }
  });

  it('describes fields with their labels and dates as ISO', () => {
    const props = schema.properties as Record<string, Node>;
    expect(props.invoice_number).toEqual({ description: 'invoice number', type: ['string', 'null'] });
    expect(props.qty!.type).toEqual(['number', 'null']);
    expect(JSON.stringify(props.due)).toContain('yyyy-mm-dd');
  });
});

describe('answerSchema', () => {
  it('accepts a complete answer with nulls and rejects extra or missing keys', () => {
    const s = answerSchema(profile);
    const ok = {
      invoice_number: 'INV-1',
      total: { amount: 10.5, currency: 'EUR' },
      due: null,
      paid: true,
      items: ['a'],
      qty: 2,
    };
    expect(s.safeParse(ok).success).toBe(true);
    expect(s.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    const { qty: _qty, ...missing } = ok;
    expect(s.safeParse(missing).success).toBe(false);
  });
});

describe('prompts', () => {
  it('name every field with its key and type rule, and quote repair problems', () => {
    const text = userPrompt({ ...profile, instructions: 'Spanish invoices' });
    expect(text).toContain('"total" (total)');
    expect(text).toContain('"due" (due): an ISO date yyyy-mm-dd');
    expect(text).toContain('Spanish invoices');
    expect(repairPrompt(['"qty" should be number'])).toContain('- "qty" should be number');
  });
});
