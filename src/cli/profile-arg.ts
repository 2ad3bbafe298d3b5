import { createHash } from 'node:crypto';
import type { Profile } from '../shared/field.ts';
import { formatFieldSpec, parseFieldSpec } from '../shared/field.ts';
import { usageError } from '../shared/errors.ts';
import type { AppService } from '../app/service.ts';
import { askForFields } from './ask.ts';
import type { CliIo } from './io.ts';
import { voice } from './voice.ts';

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
    throw usageError('cli.profileOrFields');
  }
  if (values.fields !== undefined) {
    // A field list that cannot be read is a usage error (FieldSpecError).
    const fields = parseFieldSpec(values.fields);
    const spec = formatFieldSpec(fields);
    const id = `fields-${createHash('sha256').update(spec).digest('hex').slice(0, 8)}`;
    return { id, name: spec, fields };
  }
  if (values.profile !== undefined) {
    const found = app.findProfile(values.profile);
    if (!found) {
      throw usageError('cli.unknownProfile', { name: values.profile });
    }
    return found;
  }
  const active = app.activeProfile();
  if (active) return active;
  if (!io.stdin.isTTY) {
    throw usageError('cli.noProfile');
  }
  const t = voice(io, app);
  const fields = await askForFields(io.stdin, io.stderr, t);
  const profile = await app.saveProfile({ name: 'Default', fields }, { activate: true });
  io.stderr.write(`${t('cli.savedDefault', { fields: formatFieldSpec(fields) })}\n`);
  return profile;
}
