import { z } from 'zod';
import { usageError } from './errors.ts';
import { NOT_A_REGEXP, patternProblem } from './pattern.ts';

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

const FieldHints = z.object({
  /** Labels printed next to the value on the document ("Invoice no.", "Nº factura"). */
  labels: z.array(z.string().min(1)).optional(),
  /**
   * A regular expression the value must match (JavaScript syntax, no slashes), run on the
   * linear-time engine of pattern.ts: a saved Profile is checked against that engine; here it only
   * has to parse, so that settings written before the engine changed still load.
   */
  pattern: z.string().min(1).refine(isValidRegExp, { message: NOT_A_REGEXP }).optional(),
  /** Where on the page the value usually is. */
  position: z.enum(['top', 'bottom']).optional(),
});
export type FieldHints = z.infer<typeof FieldHints>;

const FieldKey = z
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

/**
 * The most fields a profile can have. Forms people extract run to a few dozen fields; each field is
 * a property of the JSON Schema sent to cloud models (a currency field three), whose structured
 * outputs cap object properties per schema (OpenAI's strict mode: 100 when it launched, raised
 * since), and every field adds to the prompt, the answer and the offline matcher's work.
 */
export const MAX_FIELDS = 100;

const ProfileShape = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'needs a name'),
  fields: z.array(Field).min(1, 'needs at least one field'),
  instructions: z.string().optional(),
  /**
   * Reasoning effort for cloud models. Unset: the lowest each model accepts, since reading fields
   * off a page needs little deliberation; a profile of hard documents may raise it.
   */
  effort: Effort.optional(),
});

function uniqueKeys(profile: z.infer<typeof ProfileShape>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  profile.fields.forEach((field, i) => {
    if (seen.has(field.key)) {
      ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `"${field.key}" is used twice` });
    }
    seen.add(field.key);
  });
}

/** The sentence for a profile over MAX_FIELDS. */
function tooManyFields(count: number): string {
  return `A profile can have at most ${MAX_FIELDS} fields, and this one has ${count}: split it into several profiles.`;
}

/**
 * A profile as it is saved or used: at most MAX_FIELDS fields, every pattern usable by the
 * linear-time engine. The CLI (`profiles add`, `--fields`) and the app (Settings) both check this.
 */
export const Profile = ProfileShape.superRefine((profile, ctx) => {
  uniqueKeys(profile, ctx);
  if (profile.fields.length > MAX_FIELDS)
    ctx.addIssue({ code: 'custom', path: ['fields'], message: tooManyFields(profile.fields.length) });
  profile.fields.forEach((field, i) => {
    const pattern = field.hints?.pattern;
    const problem = pattern === undefined ? undefined : patternProblem(pattern);
    // A syntax error is already reported by the field's own schema.
    if (problem && problem !== NOT_A_REGEXP)
      ctx.addIssue({ code: 'custom', path: ['fields', i, 'hints', 'pattern'], message: problem });
  });
});
export type Profile = z.infer<typeof Profile>;

/**
 * A profile as read back from settings.json: the same shape, without the checks added after it may
 * have been saved (the field limit, the pattern engine), so older settings still load rather than
 * being set aside whole. Such a profile keeps working where it can; saving it again needs it to
 * pass Profile, and extraction reports a pattern the engine cannot run (see matcher.ts).
 */
export const StoredProfile = ProfileShape.superRefine(uniqueKeys);

/**
 * A profile checked against Profile, with the first problem as one sentence (a usage error): for
 * the CLI's `profiles add` and `--fields`, and the app's profile save.
 */
export function parseProfile(input: unknown): Profile {
  const parsed = Profile.safeParse(input);
  if (parsed.success) return parsed.data;
  throw usageError(profileProblem(parsed.error.issues[0]!, input));
}

function profileProblem(issue: z.core.$ZodIssue, input: unknown): string {
  const [first, index, ...rest] = issue.path;
  if (first !== 'fields' || typeof index !== 'number') {
    if (issue.message.endsWith('.')) return issue.message;
    if (first === undefined || first === 'name' || first === 'fields') return `The profile ${issue.message}.`;
    return `The profile's ${issue.path.join('.')}: ${issue.message}.`;
  }
  const fields = (input as { fields?: Array<{ label?: unknown; hints?: { pattern?: unknown } }> }).fields;
  const field = fields?.[index];
  const label = typeof field?.label === 'string' ? field.label : `number ${index + 1}`;
  if (rest[0] === 'hints' && rest[1] === 'pattern')
    return `The pattern "${String(field?.hints?.pattern)}" of the field "${label}" ${issue.message}.`;
  return `The field "${label}": ${rest.length > 0 ? `${rest.join('.')} ` : ''}${issue.message}.`;
}

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
