import type { Profile } from '../../src/shared/field.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { RESULT_VERSION, type FieldValue, type Result } from '../../src/shared/result.ts';

/**
 * A result as the offline engine would have stored it at `at` (an ISO string, a time in ms or a Date), with
 * `fields` and no picture kept: for tests that need rows in History without running an
 * extraction. `extra` replaces any part (an image, checks, a status).
 */
export function storedResult(
  at: string | number | Date,
  profile: Pick<Profile, 'id' | 'name'>,
  fields: Record<string, FieldValue>,
  extra: Partial<Result> = {},
): Result {
  const when = new Date(at);
  return {
    version: RESULT_VERSION,
    id: newResultId(when),
    createdAt: when.toISOString(),
    source: { kind: 'file', path: `/scans/${when.toISOString()}.png` },
    profile: { id: profile.id, name: profile.name },
    provider: 'local',
    model: 'paddle',
    detail: 'original',
    image: { path: '', width: 0, height: 0, sha256: 'ab'.repeat(32) },
    status: 'ok',
    fields,
    fieldMeta: {},
    durationMs: 1830,
    ...extra,
  };
}
