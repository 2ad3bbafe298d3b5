import type { Profile } from '../../shared/field.ts';
import type { FieldValue } from '../../shared/result.ts';
import { coerceField } from '../values/index.ts';

export interface Validated {
  fields: Record<string, FieldValue>;
  /** One sentence per thing wrong, quoted back to the model on the repair attempt. */
  problems: string[];
}

/** Parses a model's text answer: the JSON object, tolerating a ```json fence around it. */
export function parseAnswer(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const body = fenced ? fenced[1]! : trimmed;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Checks an answer against the profile and coerces each value to its field type ("1,234.56" ->
 * 1234.56, "24/11/2026" -> "2026-11-24"). Values that cannot be coerced become null and are
 * reported, so a repair attempt can fix them; nothing is invented.
 */
export function validateAnswer(profile: Pick<Profile, 'fields'>, answer: unknown): Validated {
  const fields: Record<string, FieldValue> = {};
  const problems: string[] = [];
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    for (const field of profile.fields) fields[field.key] = null;
    return { fields, problems: ['the answer must be a JSON object with one key per field'] };
  }
  const record = answer as Record<string, unknown>;
  for (const field of profile.fields) {
    const raw = record[field.key];
    if (raw === undefined) {
      fields[field.key] = null;
      problems.push(`"${field.key}" is missing (use null when the value is not visible)`);
      continue;
    }
    if (raw === null) {
      fields[field.key] = null;
      if (field.required) problems.push(`"${field.key}" is required but was null`);
      continue;
    }
    const coerced = coerceField(field, raw);
    // A table without rows is "not on the page", like null: stored as null, so both read the same.
    if (coerced.ok && field.type === 'table' && Array.isArray(coerced.value) && coerced.value.length === 0) {
      fields[field.key] = null;
      if (field.required) problems.push(`"${field.key}" is required but no rows were given`);
    } else if (coerced.ok) {
      fields[field.key] = coerced.value;
    } else {
      fields[field.key] = null;
      problems.push(`"${field.key}" should be ${field.type}: ${coerced.reason} (got ${JSON.stringify(raw)})`);
    }
  }
  return { fields, problems };
}
