import { createHash } from 'node:crypto';
import type { Profile } from '../shared/field.ts';
import { FieldSpecError, formatFieldSpec, parseFieldSpec } from '../shared/field.ts';
import { usageError } from '../shared/errors.ts';
import type { AppService } from '../app/service.ts';
import { askForFields } from './ask.ts';
import type { CliIo } from './io.ts';

export function fieldsFromSpec(spec: string): Profile['fields'] {
  try {
    return parseFieldSpec(spec);
  } catch (error) {
    if (error instanceof FieldSpecError) throw usageError(error.message);
    throw error;
  }
}

/**
 * The profile a command works with: --profile by name, --fields as a one-off profile (its id is
 * derived from the fields, so history can filter on it), else the active profile. With none at all,
 * the brief's start-up question on a terminal; without one, a sentence saying what to pass.
 */
export async function resolveProfile(
  app: AppService,
  io: CliIo,
  values: { profile?: string | undefined; fields?: string | undefined },
): Promise<Profile> {
  if (values.profile !== undefined && values.fields !== undefined) {
    throw usageError('Give either --profile or --fields, not both.');
  }
  if (values.fields !== undefined) {
    const fields = fieldsFromSpec(values.fields);
    const spec = formatFieldSpec(fields);
    const id = `fields-${createHash('sha256').update(spec).digest('hex').slice(0, 8)}`;
    return { id, name: spec, fields };
  }
  if (values.profile !== undefined) {
    const found = app.findProfile(values.profile);
    if (!found) {
      throw usageError(`There is no profile named "${values.profile}"; "extracto profiles list" shows them.`);
    }
    return found;
  }
  const active = app.activeProfile();
  if (active) return active;
  if (!io.stdin.isTTY) {
    throw usageError(
      'No profile yet: say what to extract with --fields "invoice number, date:date, total:number", or save a profile with "extracto profiles add NAME --fields ...".',
    );
  }
  const fields = await askForFields(io.stdin, io.stderr);
  const profile = await app.saveProfile({ name: 'Default', fields }, { activate: true });
  io.stderr.write(
    `Saved as profile "Default" (${formatFieldSpec(fields)}); change it with "extracto profiles".\n`,
  );
  return profile;
}
