import { EFFORTS, Effort, formatFieldSpec } from '../../shared/field.ts';
import { usageError } from '../../shared/errors.ts';
import type { AppService } from '../../app/service.ts';
import { parse } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { fieldsFromSpec } from '../profile-arg.ts';

const USAGE =
  'Use: extracto profiles list | show NAME | add NAME --fields SPEC [--activate] | use NAME | remove NAME';

export const PROFILES_OPTIONS = {
  fields: { type: 'string' },
  effort: { type: 'string' },
  activate: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function profilesCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, PROFILES_OPTIONS);
  const [action = 'list', name, extra] = positionals;
  if (extra !== undefined)
    throw usageError(`Too many names ("${extra}"): quote a name with spaces. ${USAGE}`);
  const needName = (): string => {
    if (!name) throw usageError(`"profiles ${action}" needs a profile name. ${USAGE}`);
    return name;
  };
  switch (action) {
    case 'list': {
      const active = app.activeProfile()?.id;
      const profiles = app.profiles();
      if (values.json) {
        for (const p of profiles) line(io.stdout, JSON.stringify({ ...p, active: p.id === active }));
      } else if (profiles.length === 0) {
        line(
          io.stderr,
          'No profiles yet: extracto profiles add NAME --fields "invoice number, total:number".',
        );
      } else {
        for (const p of profiles)
          line(io.stdout, `${p.id === active ? '*' : ' '} ${p.name}\t${formatFieldSpec(p.fields)}`);
      }
      return EXIT.ok;
    }
    case 'show': {
      const profile = app.findProfile(needName());
      if (!profile) throw usageError(`There is no profile named "${name}".`);
      line(io.stdout, JSON.stringify(profile, null, 2));
      return EXIT.ok;
    }
    case 'add': {
      const profileName = needName();
      if (!values.fields)
        throw usageError(`"profiles add" needs --fields, e.g. --fields "invoice number, total:number".`);
      const effort = values.effort === undefined ? undefined : Effort.safeParse(values.effort);
      if (effort && !effort.success)
        throw usageError(`Unknown effort "${values.effort}": use one of ${EFFORTS.join(', ')}.`);
      const existing = app.findProfile(profileName);
      const profile = await app.saveProfile(
        {
          ...(existing ? { id: existing.id } : {}),
          name: profileName,
          fields: fieldsFromSpec(values.fields),
          ...(effort ? { effort: effort.data } : {}),
        },
        // A profile of that name made by another process meanwhile is the one updated.
        { activate: values.activate === true, replaceSameName: true },
      );
      line(
        io.stderr,
        `${existing ? 'Updated' : 'Saved'} profile "${profile.name}": ${formatFieldSpec(profile.fields)}.`,
      );
      return EXIT.ok;
    }
    case 'use': {
      const profile = await app.setActiveProfile(needName());
      line(io.stderr, `"${profile.name}" is now the active profile.`);
      return EXIT.ok;
    }
    case 'remove': {
      const removed = await app.removeProfile(needName());
      line(io.stderr, `Removed profile "${removed.name}"; its results stay in the history.`);
      return EXIT.ok;
    }
    default:
      throw usageError(`Unknown profiles action "${action}". ${USAGE}`);
  }
}
