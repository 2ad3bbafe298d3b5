import type { ResultFilter } from '../../../shared/ipc.ts';
import type { ResultStatus } from '../../../shared/result.ts';

/** What the History toolbar holds: the search as typed, and the other filters as picked. */
export interface Filters {
  search: string;
  status: ResultStatus | undefined;
  /** Only results a check marked for review. */
  review: boolean;
  profileId: string | undefined;
  /** Which days: a named range, counted back from today, or the custom one in from..to. */
  range: DateRange;
  /** yyyy-mm-dd from a date input, or '' (no bound). Days of the person's calendar, not UTC's. */
  from: string;
  to: string;
}

/**
 * The date ranges offered in one list, so the usual ones cost one Tab stop and a key instead of
 * two date boxes (four Tab stops each); `custom` shows the boxes.
 */
export const DATE_RANGES = ['any', 'today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'] as const;
export type DateRange = (typeof DATE_RANGES)[number];

/** A local calendar day as yyyy-mm-dd. */
export function dayText(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The first and last day (yyyy-mm-dd, '' for no bound) a range covers, seen from `today`. */
export function rangeDays(
  f: Pick<Filters, 'range' | 'from' | 'to'>,
  today: Date,
): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  const d = today.getDate();
  // Date normalises day 0 and negative days into the month before: no calendar sums by hand.
  const day = (month: number, date: number) => dayText(new Date(y, month, date));
  switch (f.range) {
    case 'any':
      return { from: '', to: '' };
    case 'today':
      return { from: day(m, d), to: day(m, d) };
    case 'last7':
      return { from: day(m, d - 6), to: day(m, d) };
    case 'last30':
      return { from: day(m, d - 29), to: day(m, d) };
    case 'thisMonth':
      return { from: day(m, 1), to: day(m, d) };
    case 'lastMonth':
      return { from: day(m - 1, 1), to: day(m, 0) };
    case 'custom':
      return { from: f.from, to: f.to };
  }
}

export const NO_FILTERS: Filters = {
  search: '',
  status: undefined,
  review: false,
  profileId: undefined,
  range: 'any',
  from: '',
  to: '',
};

export function hasFilters(f: Filters): boolean {
  return (
    f.search.trim() !== '' ||
    f.status !== undefined ||
    f.review ||
    f.profileId !== undefined ||
    f.range !== 'any'
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
export function toResultFilter(f: Filters, search: string, today = new Date()): ResultFilter {
  const days = rangeDays(f, today);
  const from = localMidnight(days.from);
  const end = localMidnight(days.to, 1);
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
