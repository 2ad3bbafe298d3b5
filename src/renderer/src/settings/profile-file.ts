import { z } from 'zod';
import { Profile, type Profile as ProfileType } from '../../../shared/field.ts';
import type { ProfileInput } from '../../../shared/ipc.ts';

/** What an exported profile file holds: the profile without its id, tagged so a file is recognised. */
const ProfileFile = z.object({
  extracto: z.literal('profile'),
  version: z.literal(1),
  profile: z.record(z.string(), z.unknown()),
});

export function profileFileText(profile: ProfileType): string {
  const { id: _id, ...rest } = profile;
  return `${JSON.stringify({ extracto: 'profile', version: 1, profile: rest }, null, 2)}\n`;
}

/** A safe file name from the profile's name. */
export function profileFileName(profile: ProfileType): string {
  const base =
    profile.name
      .trim()
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'profile';
  return `${base}.extracto-profile.json`;
}

export type ParsedProfileFile =
  { ok: true; profile: ProfileInput } | { ok: false; problem: 'json' | 'shape' };

/**
 * A profile file read back: a file of ours, or a bare profile object (hand-written or from an
 * older export). Its id is dropped, so importing never overwrites a profile already here; a name
 * already taken gets a suffix.
 */
export function parseProfileFile(
  text: string,
  takenNames: readonly string[],
  suffix: (name: string) => string,
): ParsedProfileFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'json' };
  }
  const ours = ProfileFile.safeParse(data);
  const candidate = ours.success ? ours.data.profile : data;
  if (typeof candidate !== 'object' || candidate === null) return { ok: false, problem: 'shape' };
  // Checked with the profile schema itself (the id is a stand-in: a new one is given on saving).
  const parsed = Profile.safeParse({ ...candidate, id: 'imported' });
  if (!parsed.success) return { ok: false, problem: 'shape' };
  const { id: _id, ...profile } = parsed.data;
  const taken = new Set(takenNames.map((n) => n.toLowerCase()));
  let name = profile.name;
  while (taken.has(name.toLowerCase())) name = suffix(name);
  return { ok: true, profile: { ...profile, name } };
}
