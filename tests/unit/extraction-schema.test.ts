import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFieldSpec } from '../../src/shared/field.ts';
import { answerJsonSchema, answerSchema, unionCount } from '../../src/core/extraction/schema.ts';
import { repairPrompt, userPrompt } from '../../src/core/extraction/prompt.ts';
import { validateAnswer } from '../../src/core/extraction/validate.ts';
import { outputTokens, resolveModel } from '../../src/core/providers/models.ts';
import { strictSchemaProblems } from '../helpers/strict-schema.ts';

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

describe('a table in the schema', () => {
  const invoice = {
    fields: parseFieldSpec(
      'invoice number, date:date, subtotal:number, tax:number, total:currency, items:table(description, quantity:number, unit price:currency, amount:number, delivered:date)',
    ),
  };
  const schema = answerJsonSchema(invoice);

  it('is an array of closed rows with every column required and nullable, passing both vendors', () => {
    const items = (schema.properties as Record<string, Node>).items!;
    const list = (items.anyOf as Node[]).find((v) => v.type === 'array')!;
    expect(items.anyOf).toContainEqual({ type: 'null' });
    const row = list.items as Node;
    expect(row).toMatchObject({ type: 'object', additionalProperties: false });
    expect(row.required).toEqual(['description', 'quantity', 'unit_price', 'amount', 'delivered']);
    expect((row.properties as Record<string, Node>).quantity!.type).toEqual(['number', 'null']);
    expect(strictSchemaProblems(schema, 'openai')).toEqual([]);
    expect(strictSchemaProblems(schema, 'anthropic')).toEqual([]);
    // fields 6 + the total's code 1 + columns 5 + the unit price's code 1
    expect(unionCount(schema)).toBe(13);
  });

  it('the checker refuses what the vendors refuse (so the passes above mean something)', () => {
    const loose = z.toJSONSchema(
      z.object({
        rows: z.array(z.looseObject({ n: z.number().min(1) })).max(3),
        note: z.string().optional(),
      }),
    );
    const openai = strictSchemaProblems(loose, 'openai');
    expect(openai.join('\n')).toMatch(/additionalProperties is not false/);
    expect(openai.join('\n')).toMatch(/not required: note/);
    expect(openai.join('\n')).toMatch(/"\$schema" is not supported/);
    const anthropic = strictSchemaProblems(loose, 'anthropic');
    expect(anthropic.join('\n')).toMatch(/"maxItems" is not supported/);
    expect(anthropic.join('\n')).toMatch(/"minimum" is not supported/);
    const wide = answerJsonSchema({
      fields: parseFieldSpec(Array.from({ length: 17 }, (_, i) => `f${i}`).join(',')),
    });
    expect(strictSchemaProblems(wide, 'openai')).toEqual([]);
    expect(strictSchemaProblems(wide, 'anthropic')).toEqual(['17 properties with union types (limit 16)']);
    expect(unionCount(wide)).toBe(17);
  });

  it('stores a table without rows as null, like one not on the page', () => {
    const empty = validateAnswer(invoice, {
      invoice_number: 'A',
      date: null,
      subtotal: null,
      tax: null,
      total: null,
      items: [],
    });
    expect(empty).toEqual({ fields: expect.objectContaining({ items: null }), problems: [] });
    const required = {
      fields: invoice.fields.map((f) => (f.type === 'table' ? { ...f, required: true } : f)),
    };
    expect(validateAnswer(required, { ...empty.fields, items: [] }).problems).toEqual([
      '"items" is required but no rows were given',
    ]);
  });
});

describe('the output budget', () => {
  const profile = {
    fields: parseFieldSpec(
      'invoice number, date:date, total:currency, items:table(description, quantity:number, unit price:currency, amount:number, delivered:date)',
    ),
  };
  // A realistic 40-row answer: long descriptions, every cell filled.
  const answer = JSON.stringify({
    invoice_number: 'F-2026-000123',
    date: '2026-11-24',
    total: { amount: 98765.43, currency: 'EUR' },
    items: Array.from({ length: 40 }, (_, i) => ({
      description: `Stainless steel hex bolt M${8 + (i % 4)} x ${40 + i}, zinc plated, box of 50 pieces`,
      quantity: 120 + i,
      unit_price: { amount: 18.75 + i, currency: 'EUR' },
      amount: (120 + i) * (18.75 + i),
      delivered: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
    })),
  });
  // JSON with short keys and numbers runs at about 3 characters a token or more; 3 is the cautious side.
  const needed = Math.ceil(answer.length / 3);

  it.each(['gpt-4o', 'gpt-5.5', 'claude-sonnet-4-6', 'claude-sonnet-5-5'])(
    '%s leaves room for a 40-row table beside its own allowance',
    (model) => {
      const info = resolveModel(model.startsWith('gpt') ? 'openai' : 'anthropic', model);
      const limit = outputTokens(info, profile);
      expect(limit - info.maxOutputTokens).toBeGreaterThanOrEqual(needed - 200);
      expect(limit).toBeGreaterThan(needed);
      expect(limit).toBeLessThanOrEqual(info.maxOutputTokens > 4096 ? 32_000 : 16_384);
    },
  );

  it('is the model’s own for a profile without a table, and stays under what the model accepts', () => {
    expect(outputTokens(resolveModel('openai', 'gpt-4o'), { fields: parseFieldSpec('total:number') })).toBe(
      4096,
    );
    const wide = {
      fields: parseFieldSpec(`items:table(${Array.from({ length: 20 }, (_, i) => `c${i}`).join(',')})`),
    };
    expect(outputTokens(resolveModel('openai', 'gpt-4o'), wide)).toBe(16_384);
  });
});
