import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';

/**
 * The caps that stop auto-capture from running up a bill: extractions per rolling hour, and
 * estimated cost per calendar day (local time, as a person reads their bill). Only extractions
 * count: the cheap polls that look for a change are free.
 */
export interface BudgetLimits {
  maxPerHour?: number;
  maxCostPerDayUsd?: number;
}

export interface BudgetPause {
  /** Epoch ms when capturing may resume. */
  until: number;
  /** Why, for the person. */
  reason: Message;
}

const HOUR = 3_600_000;

function nextLocalMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

function startOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function usd(n: number): string {
  return `$${n < 0.1 ? n.toFixed(4) : n.toFixed(2)}`;
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 5);
}

export class Budget {
  private readonly limits: BudgetLimits;
  private readonly times: number[] = [];
  private readonly costs: Array<{ at: number; usd: number }> = [];

  /** `earlier`: what was already spent (from the history), so a restart does not reset the caps. */
  constructor(limits: BudgetLimits, earlier: Array<{ at: number; usd?: number }> = []) {
    this.limits = limits;
    for (const e of earlier) this.record(e.at, e.usd);
  }

  record(at: number, costUsd: number | undefined): void {
    this.times.push(at);
    if (costUsd) this.costs.push({ at, usd: costUsd });
  }

  /** What was spent since local midnight. */
  spentToday(now: number): number {
    const from = startOfLocalDay(now);
    return this.costs.filter((c) => c.at >= from).reduce((sum, c) => sum + c.usd, 0);
  }

  /** The cost of the last extraction stands in for the next one's, before it is made. */
  private nextEstimate(): number {
    return this.costs.at(-1)?.usd ?? 0;
  }

  /** Null when one more extraction fits in both caps; else when to resume and why. */
  check(now: number): BudgetPause | null {
    const { maxPerHour, maxCostPerDayUsd } = this.limits;
    if (maxPerHour !== undefined) {
      const recent = this.times.filter((t) => t > now - HOUR);
      if (recent.length >= maxPerHour) {
        const until = recent[recent.length - maxPerHour]! + HOUR;
        return {
          until,
          reason:
            maxPerHour === 1
              ? message('auto.pausedPerHourOne', { time: clock(until) })
              : message('auto.pausedPerHour', { count: String(maxPerHour), time: clock(until) }),
        };
      }
    }
    if (maxCostPerDayUsd !== undefined) {
      const spent = this.spentToday(now);
      if (spent + this.nextEstimate() > maxCostPerDayUsd) {
        const until = nextLocalMidnight(now);
        return {
          until,
          reason: message('auto.pausedCost', { spent: usd(spent), cap: usd(maxCostPerDayUsd) }),
        };
      }
    }
    return null;
  }
}
