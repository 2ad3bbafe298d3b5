import type { ResultFilter } from '../../../shared/ipc.ts';
import type { ResultStatus } from '../../../shared/result.ts';

/** What the History toolbar holds: the search as typed, and the other filters as picked. */
export interface Filters {
  search: string;
  status: ResultStatus | undefined;
  /** Only results a check marked for review. */
  review: boolean;
  profileId: string | undefined;
  /** yyyy-mm-dd from a date input, or '' (no bound). Days of the person's calendar, not UTC's. */
  from: string;
  to: string;
}

export const NO_FILTERS: Filters = {
  search: '',
  status: undefined,
  review: false,
  profileId: undefined,
  from: '',
  to: '',
};

export function hasFilters(f: Filters): boolean {
  return (
    f.search.trim() !== '' ||
    f.status !== undefined ||
    f.review ||
    f.profileId !== undefined ||
    !!f.from ||
    !!f.to
  );
}

/** Midnight at the start of a local calendar day (plus `days`), as the instant it is. */
function localMidnight(day: string, days = 0): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
}

/**
 * The contract's filter: a day picked in the window means that day where the person is, so the
 * bounds go as exact instants (an ISO date alone would be read as a UTC day and shift results made
 * late in the evening or early in the morning into the wrong day).
 */
export function toResultFilter(f: Filters, search: string): ResultFilter {
  const from = localMidnight(f.from);
  const end = localMidnight(f.to, 1);
  return {
    ...(search ? { search } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.review ? { review: true } : {}),
    ...(f.profileId ? { profileId: f.profileId } : {}),
    ...(from ? { from: from.toISOString() } : {}),
    // Inclusive to the millisecond: the last instant of the day.
    ...(end ? { to: new Date(end.getTime() - 1).toISOString() } : {}),
  };
}
