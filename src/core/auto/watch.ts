import { createHash } from 'node:crypto';
import type { Result } from '../../shared/result.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { LoadedImage } from '../pipeline.ts';
import { Budget, type BudgetLimits } from './budget.ts';
import { changed, frameSignature, DEFAULT_THRESHOLD, type FrameSignature } from './change.ts';
import type { Clock } from './clock.ts';

export interface WatchPorts {
  /** One capture of the watched screen or region, as it would be stored (PNG). */
  capture(): Promise<LoadedImage>;
  /** Extracts fields from a captured frame and stores the result (whatever its status). */
  extract(image: LoadedImage): Promise<Result>;
  /** Why capturing is not allowed right now (an excluded window has the focus), or null. */
  blocked?(): Promise<Message | null>;
  /**
   * A cheap signature of the screen for on-change mode (see probe.ts); null or absent: the loop
   * signs full captures instead.
   */
  probe?(): Promise<FrameSignature | null>;
  /** Whether the history already holds a result for this image hash (deduplication across runs). */
  seen?(sha256: string): boolean | Promise<boolean>;
  /**
   * Called when there is nothing else to do in a round: the offline queue retries what is due.
   * Returns the results it ran (they count against the budget like any other extraction).
   */
  idle?(): Promise<Result[]>;
  clock: Clock;
}

export interface WatchOptions extends BudgetLimits {
  /** 'interval': extract every `intervalMs`; 'change': poll every `intervalMs`, extract on change. */
  mode: 'interval' | 'change';
  intervalMs: number;
  /** Share of the screen that must change (on-change mode). */
  threshold?: number;
  /** Extract the same image again (same hash) instead of skipping it. */
  allowDuplicates?: boolean;
  /** Spending already recorded today, so a restart does not reset the caps. */
  earlier?: Array<{ at: number; usd?: number }>;
  /** Stops the loop after the work in progress; the extraction under way is finished and saved. */
  signal: AbortSignal;
  onEvent?(event: WatchEvent): void;
}

export type WatchEvent =
  | { type: 'extracted'; result: Result }
  | { type: 'duplicate'; sha256: string }
  | { type: 'paused'; until: number; reason: Message }
  | { type: 'resumed' }
  | { type: 'capture-failed'; message: Message }
  /** Nothing was captured, and why; said once until the reason changes. */
  | { type: 'blocked'; reason: Message }
  | { type: 'retried'; result: Result };

export interface WatchSummary {
  /** Looks at the screen in on-change mode (probes, or captures when there is no probe). */
  looks: number;
  /** Full captures (PNG): every round in interval mode; on change, or every look without a probe. */
  captures: number;
  extracted: number;
  /** Outcomes of every extraction, new or retried from the queue. */
  ok: number;
  failed: number;
  pending: number;
  /** Frames skipped because the same image had been extracted already. */
  duplicates: number;
  /** Frames skipped because nothing changed, or the screen was still moving. */
  unchanged: number;
  pauses: number;
  /** Rounds when nothing was captured because an excluded window had the focus. */
  blocked: number;
  /** Estimated cost of this run's extractions (from their sent records). */
  costUsd: number;
  retried: number;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Automatic capture. In on-change mode a frame is extracted once it differs from the last one
 * extracted and has stopped moving (it matches the poll before it), so a scroll or a page loading
 * yields one extraction of where it settled, not one per frame; a blinking cursor yields none.
 * Identical images are skipped by hash; the budget pauses the loop (no capture at all while
 * paused). Abort stops between rounds, never in the middle of an extraction.
 */
export async function watch(ports: WatchPorts, options: WatchOptions): Promise<WatchSummary> {
  const { clock } = ports;
  const { signal } = options;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const budget = new Budget(options, options.earlier);
  const seen = new Set<string>();
  const summary: WatchSummary = {
    looks: 0,
    captures: 0,
    extracted: 0,
    ok: 0,
    failed: 0,
    pending: 0,
    duplicates: 0,
    unchanged: 0,
    pauses: 0,
    blocked: 0,
    costUsd: 0,
    retried: 0,
  };
  const emit = (event: WatchEvent) => options.onEvent?.(event);
  let baseline: FrameSignature | null = null;
  let previous: FrameSignature | null = null;
  let first = true;
  let lastBlocked: string | null = null;

  const tally = (result: Result) => {
    const cost = result.sent?.costUsd;
    budget.record(clock.now(), cost);
    summary.costUsd += cost ?? 0;
    if (result.status === 'ok') summary.ok++;
    else if (result.status === 'pending') summary.pending++;
    else summary.failed++;
  };

  while (!signal.aborted) {
    const roundStart = clock.now();
    const pause = budget.check(roundStart);
    if (pause) {
      summary.pauses++;
      emit({ type: 'paused', ...pause });
      await clock.sleep(pause.until - roundStart, signal);
      if (signal.aborted) break;
      emit({ type: 'resumed' });
      continue;
    }

    const blocked = (await ports.blocked?.()) ?? null;
    const said = blocked && JSON.stringify(blocked);
    if (said !== lastBlocked && blocked !== null) emit({ type: 'blocked', reason: blocked });
    lastBlocked = said;
    if (blocked) {
      summary.blocked++;
      await clock.sleep(options.intervalMs, signal);
      continue;
    }

    // A look: the probe's signature when there is a probe, else a full capture signed.
    let frame: LoadedImage | undefined;
    let extract = true;
    try {
      if (options.mode === 'change') {
        let signature = (await ports.probe?.()) ?? null;
        summary.looks++;
        if (!signature) {
          frame = await ports.capture();
          summary.captures++;
          signature = await frameSignature(frame.stored.data);
        }
        const settled = previous === null || !changed(previous, signature, threshold);
        previous = signature;
        if (!changed(baseline, signature, threshold) || !settled) {
          summary.unchanged++;
          extract = false;
        } else baseline = signature;
      }
      if (extract && !frame) {
        frame = await ports.capture();
        summary.captures++;
      }
    } catch (error) {
      // A screen that cannot be captured at all is a setup problem: say so at once. Later
      // failures (a display asleep, a region gone) are reported and the loop carries on.
      if (first) throw error;
      emit({ type: 'capture-failed', message: errorMessage(error) });
      await clock.sleep(options.intervalMs, signal);
      continue;
    }
    first = false;

    if (extract && frame) {
      const hash = sha256(frame.stored.data);
      if (!options.allowDuplicates && (seen.has(hash) || (await ports.seen?.(hash)))) {
        summary.duplicates++;
        emit({ type: 'duplicate', sha256: hash });
      } else {
        seen.add(hash);
        // No signal passed on: a stop lets the extraction under way finish and be saved.
        const result = await ports.extract(frame);
        summary.extracted++;
        tally(result);
        emit({ type: 'extracted', result });
      }
    }
    if (!signal.aborted && ports.idle && budget.check(clock.now()) === null) {
      for (const result of await ports.idle()) {
        summary.retried++;
        tally(result);
        emit({ type: 'retried', result });
      }
    }
    if (signal.aborted) break;
    // Interval mode keeps a steady rhythm: the time an extraction took comes off the wait.
    const wait =
      options.mode === 'interval' ? options.intervalMs - (clock.now() - roundStart) : options.intervalMs;
    await clock.sleep(Math.max(0, wait), signal);
  }
  return summary;
}
