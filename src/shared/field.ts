import { z } from 'zod';

export const FIELD_TYPES = [
  'text',
  'number',
  'currency',
  'date',
  'email',
  'phone',
  'boolean',
  'list',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

export const FieldHints = z.object({
  /** Labels printed next to the value on the document ("Invoice no.", "Nº factura"). */
  labels: z.array(z.string().min(1)).optional(),
  /** A regular expression the value must match (JavaScript syntax, no slashes). */
  pattern: z
    .string()
    .min(1)
    .refine(isValidRegExp, { message: 'is not a valid regular expression' })
    .optional(),
  /** Where on the page the value usually is. */
  position: z.enum(['top', 'bottom']).optional(),
});
export type FieldHints = z.infer<typeof FieldHints>;

export const FieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and hold only a-z, 0-9 and _')
  .max(64);

export const Field = z.object({
  key: FieldKey,
  label: z.string().trim().min(1, 'needs a label'),
  type: FieldType.default('text'),
  description: z.string().optional(),
  required: z.boolean().optional(),
  hints: FieldHints.optional(),
});
export type Field = z.infer<typeof Field>;

/** Every reasoning effort either vendor knows, lowest first; each model accepts some of them. */
export const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export const Effort = z.enum(EFFORTS);
export type Effort = z.infer<typeof Effort>;

export const Profile = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1, 'needs a name'),
    fields: z.array(Field).min(1, 'needs at least one field'),
    instructions: z.string().optional(),
    /**
     * Reasoning effort for cloud models. Unset: the lowest each model accepts, since reading fields
     * off a page needs little deliberation; a profile of hard documents may raise it.
     */
    effort: Effort.optional(),
  })
  .superRefine((profile, ctx) => {
    const seen = new Set<string>();
    profile.fields.forEach((field, i) => {
      if (seen.has(field.key)) {
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `"${field.key}" is used twice` });
      }
      seen.add(field.key);
    });
  });
export type Profile = z.infer<typeof Profile>;

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** "Invoice Nº / Number" -> "invoice_n_number": stable JSON keys from what a person types. */
export function slugify(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') return 'field';
  return /^[a-z]/.test(slug) ? slug.slice(0, 64) : `f_${slug}`.slice(0, 64);
}

export class FieldSpecError extends Error {}

/**
 * Parses the CLI shorthand: `"invoice number, total:number, due (date)"`.
 * Each item is a label with an optional type after a colon or in parentheses.
 */
export function parseFieldSpec(spec: string): Field[] {
  const items = spec
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new FieldSpecError('The field list is empty: give at least one field name.');
  const fields: Field[] = [];
  const keys = new Set<string>();
  for (const item of items) {
    const match = /^(.*?)(?::\s*([\w-]+)|\s*\(\s*([\w-]+)\s*\))\s*$/.exec(item);
    const label = (match ? match[1] : item)!.trim();
    const typeName = (match?.[2] ?? match?.[3] ?? 'text').toLowerCase();
    const type = FieldType.safeParse(typeName);
    if (!type.success) {
      throw new FieldSpecError(
        `Unknown field type "${typeName}" in "${item}": use one of ${FIELD_TYPES.join(', ')}.`,
      );
    }
    if (label === '') throw new FieldSpecError(`The field "${item}" has no name.`);
    let key = slugify(label);
    for (let n = 2; keys.has(key); n++) key = `${slugify(label)}_${n}`;
    keys.add(key);
    fields.push({ key, label, type: type.data });
  }
  return fields;
}

/** The inverse of parseFieldSpec, for showing a profile compactly. */
export function formatFieldSpec(fields: readonly Field[]): string {
  return fields.map((f) => (f.type === 'text' ? f.label : `${f.label}:${f.type}`)).join(', ');
}
