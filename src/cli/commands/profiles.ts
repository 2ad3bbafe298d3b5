import { EFFORTS, Effort, formatFieldSpec, parseFieldSpec } from '../../shared/field.ts';
import { usageError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { AppService } from '../../app/service.ts';
import { parse } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { voice } from '../voice.ts';

const usage = message('cli.profilesUsage');

export const PROFILES_OPTIONS = {
  fields: { type: 'string' },
  effort: { type: 'string' },
  activate: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function profilesCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, PROFILES_OPTIONS);
  const [action = 'list', name, extra] = positionals;
  if (extra !== undefined) throw usageError('cli.tooManyNames', { extra, usage });
  const needName = (): string => {
    if (!name) throw usageError('cli.profileNeedsName', { action, usage });
    return name;
  };
  const t = voice(io, app);
  switch (action) {
    case 'list': {
      const active = app.activeProfile()?.id;
      const profiles = app.profiles();
      if (values.json) {
        for (const p of profiles) line(io.stdout, JSON.stringify({ ...p, active: p.id === active }));
      } else if (profiles.length === 0) {
        line(io.stderr, t('cli.noProfiles'));
      } else {
        for (const p of profiles)
          line(io.stdout, `${p.id === active ? '*' : ' '} ${p.name}\t${formatFieldSpec(p.fields)}`);
      }
      return EXIT.ok;
    }
    case 'show': {
      const profile = app.findProfile(needName());
      if (!profile) throw usageError('profile.unknown', { name: name! });
      line(io.stdout, JSON.stringify(profile, null, 2));
      return EXIT.ok;
    }
    case 'add': {
      const profileName = needName();
      if (!values.fields) throw usageError('cli.addNeedsFields');
      const effort = values.effort === undefined ? undefined : Effort.safeParse(values.effort);
      if (effort && !effort.success)
        throw usageError('cli.unknownEffort', { value: String(values.effort), choices: EFFORTS.join(', ') });
      const existing = app.findProfile(profileName);
      const profile = await app.saveProfile(
        {
          ...(existing ? { id: existing.id } : {}),
          name: profileName,
          fields: parseFieldSpec(values.fields),
          ...(effort ? { effort: effort.data } : {}),
        },
        // A profile of that name made by another process meanwhile is the one updated.
        { activate: values.activate === true, replaceSameName: true },
      );
      const said = { name: profile.name, fields: formatFieldSpec(profile.fields) };
      line(io.stderr, existing ? t('cli.profileUpdated', said) : t('cli.profileSaved', said));
      return EXIT.ok;
    }
    case 'use': {
      const profile = await app.setActiveProfile(needName());
      line(io.stderr, t('cli.profileActive', { name: profile.name }));
      return EXIT.ok;
    }
    case 'remove': {
      const removed = await app.removeProfile(needName());
      line(io.stderr, t('cli.profileRemoved', { name: removed.name }));
      return EXIT.ok;
    }
    default:
      throw usageError('cli.unknownProfilesAction', { action, usage });
  }
}
