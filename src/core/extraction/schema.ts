import { z } from 'zod';
import type { Column, Field, Profile } from '../../shared/field.ts';

/** What each field type asks the model for. Nullable everywhere: null means "not on the page". */
function valueSchema(field: Field | Column): z.ZodType {
  switch (field.type) {
    case 'table': {
      // Every row one closed object with every column present (null where the row shows none),
      // which is what strict structured outputs accept for an array of records. No minItems or
      // maxItems: Anthropic refuses maxItems and any minItems above 1.
      const row: Record<string, z.ZodType> = {};
      for (const column of (field as Field).columns ?? [])
        row[column.key] = valueSchema(column).nullable().describe(describeField(column));
      return z
        .array(z.strictObject(row))
        .describe('every row of the table, in the order printed; none left out, none made up');
    }
    case 'number':
      return z.number();
    case 'currency':
      return z.strictObject({
        amount: z.number(),
        currency: z.string().nullable().describe('ISO 4217 code such as EUR or USD, null if not shown'),
      });
    case 'date':
      return z.string().describe('ISO 8601 calendar date, yyyy-mm-dd');
    case 'boolean':
      return z.boolean();
    case 'list':
      return z.array(z.string());
    case 'email':
      return z.string().describe('e-mail address');
    case 'phone':
      return z.string().describe('phone number as printed, with country code if shown');
    case 'text':
      return z.string();
  }
}

function describeField(field: Field | Column): string {
  return field.description ? `${field.label}: ${field.description}` : field.label;
}

/** The zod schema of a model's answer for a profile: one key per field, every key present. */
export function answerSchema(profile: Pick<Profile, 'fields'>): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of profile.fields)
    shape[field.key] = valueSchema(field).nullable().describe(describeField(field));
  return z.strictObject(shape);
}

export type JsonSchema = { [key: string]: unknown };

/**
 * The JSON Schema sent for structured output. What it may hold is the common ground of the two
 * vendors' strict modes (OpenAI "Supported schemas", Anthropic "JSON Schema limitations"):
 * - every object closed (`additionalProperties: false`) with every property required; an optional
 *   value is nullable (a `type` array or `anyOf` with null), never absent;
 * - only type, properties, required, additionalProperties, items, anyOf, description: no
 *   length, size or range keywords (Anthropic refuses minimum/maximum, minLength/maxLength,
 *   maxItems and minItems above 1; zod emits none of them for these types);
 * - nesting: the answer, a table's rows, a currency cell: 3 object levels (OpenAI allows 10).
 * The walk enforces the first whatever zod emits; tests/helpers/strict-schema.ts checks all of it
 * on what the loopback servers receive.
 */
export function answerJsonSchema(profile: Pick<Profile, 'fields'>): JsonSchema {
  const schema = z.toJSONSchema(answerSchema(profile), { target: 'draft-2020-12' }) as JsonSchema;
  delete schema.$schema;
  return strictify(schema) as JsonSchema;
}

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = strictify(value);
  if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
    out.additionalProperties = false;
    out.required = Object.keys(out.properties);
  }
  return out;
}

/**
 * How many properties of a schema are unions (an `anyOf`, or a `type` array such as
 * ["string", "null"]): Anthropic compiles at most ANTHROPIC_MAX_UNIONS of them per request and
 * answers more with a 400 ("too many parameters with union types").
 */
export function unionCount(schema: JsonSchema): number {
  const isUnion = (node: JsonSchema) => Array.isArray(node.anyOf) || Array.isArray(node.type);
  const properties = Object.values((schema.properties ?? {}) as Record<string, JsonSchema>);
  const nested = [
    ...properties,
    ...(schema.items ? [schema.items as JsonSchema] : []),
    ...((schema.anyOf ?? []) as JsonSchema[]),
  ];
  return (
    properties.filter(isUnion).length +
    (schema.items && isUnion(schema.items as JsonSchema) ? 1 : 0) +
    nested.reduce((n, node) => n + unionCount(node), 0)
  );
}

/** Anthropic's limit on union-typed properties in the schemas of one request. */
export const ANTHROPIC_MAX_UNIONS = 16;
