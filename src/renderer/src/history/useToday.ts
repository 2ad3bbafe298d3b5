import { useEffect, useState } from 'react';
import { dayText } from './filters.ts';

/** How long until the next local midnight, from `now`. */
function untilMidnight(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * Today in the person's calendar (yyyy-mm-dd), changing at their midnight: a History window left
 * open overnight with "Today" or "Last 7 days" picked moves on to the new day by itself, instead
 * of keeping yesterday's until the filter is touched.
 */
export function useToday(): string {
  const [today, setToday] = useState(() => dayText(new Date()));
  useEffect(() => {
    // A few ms past midnight: a timer may fire a little early, and the day must have changed.
    const timer = setTimeout(() => setToday(dayText(new Date())), untilMidnight(new Date()) + 50);
    return () => clearTimeout(timer);
  }, [today]);
  return today;
}
