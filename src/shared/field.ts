import { z } from 'zod';
import { UserError } from './errors.ts';
import { message, say, type MessageCode } from './messages/catalogue.ts';
import type { Message, MessageParam } from './messages/message.ts';
import { NOT_A_REGEXP, patternProblem } from './pattern.ts';

/**
 * The schemas' own clauses ("needs a label"), written in English as zod wants a string; a problem
 * with one is said in the person's language by finding its code again (see clause below).
 */
const CLAUSES = [
  'profile.needsName',
  'profile.needsField',
  'field.needsLabel',
  'field.badKey',
  'pattern.notRegExp',
] as const;
const english = (code: (typeof CLAUSES)[number]): string => say('en', message(code));

export const FIELD_TYPES = [
  'text',
  'number',
  'currency',
  'date',
  'email',
  'phone',
  'boolean',
  'list',
  'table',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

/** The types a table's column can have: one value per cell, so neither a list nor a table. */
export const COLUMN_TYPES = ['text', 'number', 'currency', 'date', 'email', 'phone', 'boolean'] as const;
export const ColumnType = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof ColumnType>;

/** Whether values of this type are amounts: numbers compared, added up, right-aligned, typed as decimals. */
export function isAmountType(type: FieldType): boolean {
  return type === 'number' || type === 'currency';
}

/**
 * What a field or a column is on an invoice, for the checks (core/checks): which amounts must add
 * up. Unset, it is read from the key (`total`, `unit_price`, …: roleOf in shared/roles.ts); a
 * person sets it when their key says something else ("importe" for the amount).
 */
export const FIELD_ROLES = ['subtotal', 'tax', 'total', 'invoice_date', 'due_date'] as const;
export const COLUMN_ROLES = ['description', 'quantity', 'unit_price', 'amount'] as const;
export const FieldRole = z.enum(FIELD_ROLES);
export type FieldRole = z.infer<typeof FieldRole>;
export const ColumnRole = z.enum(COLUMN_ROLES);
export type ColumnRole = z.infer<typeof ColumnRole>;

/** The most columns a table can have (each is a property of every row in the model's answer). */
export const MAX_COLUMNS = 20;

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
  .regex(/^[a-z][a-z0-9_]*$/, english('field.badKey'))
  .max(64);

/** One column of a table field: a scalar field of its own, read once per row. */
export const Column = z.object({
  key: FieldKey,
  label: z.string().trim().min(1, english('field.needsLabel')),
  type: ColumnType.default('text'),
  description: z.string().optional(),
  role: ColumnRole.optional(),
  hints: FieldHints.optional(),
});
export type Column = z.infer<typeof Column>;

/**
 * A model's value that is not on the page (core/grounding): `flag` keeps it, marked for review;
 * `null` drops it, keeping the model's answer in fieldMeta for the person reviewing to see.
 */
export const NOT_ON_PAGE = ['flag', 'null'] as const;
export const NotOnPage = z.enum(NOT_ON_PAGE);
export type NotOnPage = z.infer<typeof NotOnPage>;

export const Field = z.object({
  key: FieldKey,
  label: z.string().trim().min(1, english('field.needsLabel')),
  type: FieldType.default('text'),
  description: z.string().optional(),
  required: z.boolean().optional(),
  hints: FieldHints.optional(),
  role: FieldRole.optional(),
  /** A table's columns (type `table` only): each row of the value has one cell per column. */
  columns: z.array(Column).optional(),
  /** What to do with this field's value when it is not on the page; unset: the profile's choice. */
  notOnPage: NotOnPage.optional(),
});
export type Field = z.infer<typeof Field>;

/**
 * Profiles with fewer fields than this ask the offline engine for a second opinion on a remote
 * model's answer unless they say otherwise: its read of the page is there already (grounding), and
 * matching a few fields on it takes milliseconds; a long form's many labels take longer and agree
 * by chance more often.
 */
export const SECOND_OPINION_UNDER = 20;

/** The checks a profile can run on a result (core/checks); each can be turned off per profile. */
export const CHECK_IDS = ['line_sum', 'subtotal_tax_total', 'line_math', 'due_after_date'] as const;
export const CheckId = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckId>;

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
  name: z.string().trim().min(1, english('profile.needsName')),
  fields: z.array(Field).min(1, english('profile.needsField')),
  instructions: z.string().optional(),
  /**
   * Reasoning effort for cloud models. Unset: the lowest each model accepts, since reading fields
   * off a page needs little deliberation; a profile of hard documents may raise it.
   */
  effort: Effort.optional(),
  /** Checks turned off for this profile (all run by default where the profile has their fields). */
  checksOff: z.array(CheckId).optional(),
  /** A remote model's value not on the page, for every field without its own choice; unset: flag. */
  notOnPage: NotOnPage.optional(),
  /** Whether the offline engine also reads the fields, as a second opinion; unset: see SECOND_OPINION_UNDER. */
  secondOpinion: z.boolean().optional(),
});

/** Whether a profile asks the offline engine for a second opinion on a remote model's answer. */
export function wantsSecondOpinion(profile: Pick<Profile, 'fields' | 'secondOpinion'>): boolean {
  return profile.secondOpinion ?? profile.fields.length < SECOND_OPINION_UNDER;
}

/** What becomes of a field's value that is not on the page: the field's choice, else the profile's. */
export function notOnPageFor(
  profile: Pick<Profile, 'notOnPage'>,
  field: Pick<Field, 'notOnPage'>,
): NotOnPage {
  return field.notOnPage ?? profile.notOnPage ?? 'flag';
}

/** Unique keys, and a table's columns: present on a table only, unique, at most MAX_COLUMNS. */
function uniqueKeys(profile: z.infer<typeof ProfileShape>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  profile.fields.forEach((field, i) => {
    if (seen.has(field.key)) {
      issue(ctx, ['fields', i, 'key'], message('field.keyTwice', { key: field.key }));
    }
    seen.add(field.key);
    tableColumns(field, ['fields', i], ctx);
  });
}

function tableColumns(field: Field, at: (string | number)[], ctx: z.RefinementCtx): void {
  const columns = field.columns ?? [];
  if (field.type !== 'table') {
    if (columns.length > 0) issue(ctx, [...at, 'columns'], message('field.columnsNotTable'));
    return;
  }
  if (columns.length === 0) issue(ctx, [...at, 'columns'], message('field.tableNeedsColumn'));
  if (columns.length > MAX_COLUMNS)
    issue(ctx, [...at, 'columns'], message('field.tooManyColumns', { max: String(MAX_COLUMNS) }));
  const keys = new Set<string>();
  columns.forEach((column, c) => {
    if (keys.has(column.key))
      issue(ctx, [...at, 'columns', c, 'key'], message('field.keyTwice', { key: column.key }));
    keys.add(column.key);
  });
}

/** A problem found by a refinement: its message in English for zod, and as data for the person. */
function issue(ctx: z.RefinementCtx, path: (string | number)[], said: Message): void {
  ctx.addIssue({ code: 'custom', path, message: say('en', said), params: { said } });
}

/** What a problem says: a refinement's message, or the schema's clause, else zod's own words. */
function clause(problem: z.core.$ZodIssue): MessageParam {
  if (problem.code === 'custom' && (problem.params as { said?: Message } | undefined)?.said)
    return (problem.params as { said: Message }).said;
  const code: MessageCode | undefined = CLAUSES.find((c) => english(c) === problem.message);
  return code ? message(code) : problem.message;
}

/**
 * A profile as it is saved or used: at most MAX_FIELDS fields, every pattern usable by the
 * linear-time engine. The CLI (`profiles add`, `--fields`) and the app (Settings) both check this.
 */
export const Profile = ProfileShape.superRefine((profile, ctx) => {
  uniqueKeys(profile, ctx);
  if (profile.fields.length > MAX_FIELDS)
    issue(
      ctx,
      ['fields'],
      message('profile.tooManyFields', { max: String(MAX_FIELDS), count: String(profile.fields.length) }),
    );
  profile.fields.forEach((field, i) => {
    const pattern = field.hints?.pattern;
    const problem = pattern === undefined ? undefined : patternProblem(pattern);
    // A syntax error is already reported by the field's own schema.
    if (problem && problem.code !== 'pattern.notRegExp')
      issue(ctx, ['fields', i, 'hints', 'pattern'], problem);
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
  throw new UserError(profileProblem(parsed.error.issues[0]!, input), { kind: 'usage' });
}

function profileProblem(problem: z.core.$ZodIssue, input: unknown): Message {
  const [first, index, ...rest] = problem.path;
  const said = clause(problem);
  if (first !== 'fields' || typeof index !== 'number') {
    // A whole sentence already (too many fields).
    if (typeof said === 'object' && problem.message.endsWith('.')) return said;
    if (first === undefined || first === 'name' || first === 'fields')
      return message('profile.problem', { problem: said });
    return message('profile.partProblem', { part: problem.path.join('.'), problem: said });
  }
  const fields = (input as { fields?: Array<{ label?: unknown; hints?: { pattern?: unknown } }> }).fields;
  const field = fields?.[index];
  const label =
    typeof field?.label === 'string' ? field.label : message('profile.fieldNumber', { n: String(index + 1) });
  if (rest[0] === 'hints' && rest[1] === 'pattern')
    return message('profile.fieldPattern', { pattern: String(field?.hints?.pattern), label, problem: said });
  return message('profile.fieldProblem', {
    label,
    part: rest.length > 0 ? `${rest.join('.')} ` : '',
    problem: said,
  });
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

/** A field list (--fields, the start-up question) that cannot be read: a usage error. */
export class FieldSpecError extends UserError {
  constructor(said: Message) {
    super(said, { kind: 'usage' });
  }
}

/** Splits a list at top-level commas, semicolons and new lines (not inside a table's parentheses). */
function splitItems(spec: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of spec) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ';' || ch === '\n')) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  const trimmed = items.map((s) => s.trim()).filter((s) => s !== '');
  const open = trimmed.find((s) => s.split('(').length !== s.split(')').length);
  if (depth > 0 || open) throw new FieldSpecError(message('fields.unclosed', { item: open ?? spec }));
  return trimmed;
}

/** "label", "label:type", "label (type)" -> label and type name (text when none). */
function labelAndType(item: string): { label: string; typeName: string } {
  const match = /^(.*?)(?::\s*([\w-]+)|\s*\(\s*([\w-]+)\s*\))\s*$/.exec(item);
  return {
    label: (match ? match[1] : item)!.trim(),
    typeName: (match?.[2] ?? match?.[3] ?? 'text').toLowerCase(),
  };
}

function uniqueKey(label: string, keys: Set<string>): string {
  let key = slugify(label);
  for (let n = 2; keys.has(key); n++) key = `${slugify(label)}_${n}`;
  keys.add(key);
  return key;
}

/**
 * Parses the CLI shorthand: `"invoice number, total:number, due (date), items:table(description,
 * quantity:number)"`. Each item is a label with an optional type after a colon or in parentheses;
 * a table lists its columns, in the same shorthand, in parentheses after `table`.
 */
export function parseFieldSpec(spec: string): Field[] {
  const items = splitItems(spec);
  if (items.length === 0) throw new FieldSpecError(message('fields.empty'));
  const fields: Field[] = [];
  const keys = new Set<string>();
  for (const item of items) {
    const table = /^(.*?)(?::\s*|\s+)table\s*\(([\s\S]*)\)\s*$/i.exec(item);
    if (table) {
      const label = table[1]!.trim();
      if (label === '') throw new FieldSpecError(message('fields.noName', { item }));
      fields.push({
        key: uniqueKey(label, keys),
        label,
        type: 'table',
        columns: parseColumns(table[2]!, label),
      });
      continue;
    }
    const { label, typeName } = labelAndType(item);
    const type = FieldType.safeParse(typeName);
    if (!type.success || type.data === 'table') {
      throw new FieldSpecError(
        message('fields.unknownType', { type: typeName, item, types: FIELD_TYPES.join(', ') }),
      );
    }
    if (label === '') throw new FieldSpecError(message('fields.noName', { item }));
    fields.push({ key: uniqueKey(label, keys), label, type: type.data });
  }
  return fields;
}

function parseColumns(spec: string, table: string): Column[] {
  const items = splitItems(spec);
  if (items.length === 0) throw new FieldSpecError(message('fields.empty'));
  const keys = new Set<string>();
  return items.map((item) => {
    const { label, typeName } = labelAndType(item);
    const type = ColumnType.safeParse(typeName);
    if (!type.success) {
      throw new FieldSpecError(
        message('fields.badColumnType', { item, table, type: typeName, types: COLUMN_TYPES.join(', ') }),
      );
    }
    if (label === '') throw new FieldSpecError(message('fields.noName', { item }));
    return { key: uniqueKey(label, keys), label, type: type.data };
  });
}

/** The inverse of parseFieldSpec, for showing a profile compactly. */
export function formatFieldSpec(fields: readonly Pick<Field, 'label' | 'type' | 'columns'>[]): string {
  return fields
    .map((f) =>
      f.type === 'table'
        ? `${f.label}:table(${formatFieldSpec(f.columns ?? [])})`
        : f.type === 'text'
          ? f.label
          : `${f.label}:${f.type}`,
    )
    .join(', ');
}
