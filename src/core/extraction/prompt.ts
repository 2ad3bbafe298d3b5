import type { Field, Profile } from '../../shared/field.ts';

const TYPE_RULES: Record<Field['type'], string> = {
  text: 'text exactly as printed (fix only obvious line breaks)',
  number: 'a plain number: no currency symbol, no thousands separator, "." for decimals',
  currency: 'an object with the amount as a plain number and the ISO 4217 currency code (or null)',
  date: "an ISO date yyyy-mm-dd (read day/month order from the document's locale)",
  email: 'an e-mail address',
  phone: 'a phone number as printed',
  boolean: 'true or false',
  list: 'an array of strings, one per item',
  table:
    'an array with one object per row of the table, in the order printed, every row included (a table that continues past the visible part: the visible rows only); each object has these keys:',
};

function describeField(field: Field): string {
  const parts = [`- "${field.key}" (${field.label}): ${TYPE_RULES[field.type]}`];
  for (const column of field.columns ?? [])
    parts.push(
      `    - "${column.key}" (${column.label}): ${TYPE_RULES[column.type]}${column.description ? `; ${column.description}` : ''}`,
    );
  if (field.description) parts.push(`  ${field.description}`);
  if (field.hints?.labels?.length) parts.push(`  usually labelled: ${field.hints.labels.join(', ')}`);
  if (field.hints?.position) parts.push(`  usually near the ${field.hints.position} of the page`);
  if (field.required) parts.push('  required: look carefully before answering null');
  return parts.join('\n');
}

/**
 * The system prompt when the service does not enforce the schema (a server without json_schema, a
 * schema over Anthropic's limits): the model only knows the shape from here.
 */
export function systemPromptWithSchema(schema: object): string {
  return `${systemPrompt()}\nThe JSON object must match this JSON Schema:\n${JSON.stringify(schema)}`;
}

/** The instructions that go with the image to every cloud model. */
export function systemPrompt(): string {
  return [
    'You read a screenshot or a scan of a document and extract the fields you are asked for.',
    'Answer with JSON that matches the given schema and nothing else.',
    'Use null for any field that is not visible in the image. Never guess or invent a value.',
    'When a label appears more than once (subtotal and total, several dates), pick the one the field describes.',
  ].join('\n');
}

export function userPrompt(profile: Pick<Profile, 'fields' | 'instructions'>): string {
  const lines = ['Extract these fields from the image:', ...profile.fields.map(describeField)];
  if (profile.instructions) lines.push('', `Instructions for this kind of document: ${profile.instructions}`);
  return lines.join('\n');
}

/** The follow-up when an answer failed validation: quote exactly what was wrong. */
export function repairPrompt(problems: readonly string[]): string {
  return [
    'Your previous answer could not be used:',
    ...problems.map((p) => `- ${p}`),
    'Answer again with JSON that matches the schema exactly. Use null for values that are not visible.',
  ].join('\n');
}
