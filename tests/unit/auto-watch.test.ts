import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { virtualClock } from '../../src/core/auto/clock.ts';
import { watch, type WatchEvent, type WatchOptions } from '../../src/core/auto/watch.ts';
import { screen, screenFrame, type ScreenOptions } from '../helpers/auto-frames.ts';
import { say } from '../../src/shared/messages/catalogue.ts';

const SECOND = 1000;

/** A result as the pipeline would store it; `costUsd` fills the sent record of a cloud call. */
function result(at: number, costUsd?: number): Result {
  return {
    version: 2,
    id: newResultId(new Date(at)),
    createdAt: new Date(at).toISOString(),
    source: { kind: 'screen', display: 'test' },
    profile: { id: 'p', name: 'p' },
    provider: costUsd === undefined ? 'local' : 'openai',
    model: 'm',
    detail: 'auto',
    image: { path: '', width: 1920, height: 1080, sha256: '' },
    status: 'ok',
    fields: {},
    fieldMeta: {},
    durationMs: 1,
    ...(costUsd === undefined
      ? {}
      : {
          sent: {
            sha256: '',
            width: 1,
            height: 1,
            bytes: 1,
            mediaType: 'image/png',
            provider: 'openai' as const,
            model: 'm',
            detail: 'auto' as const,
            costUsd,
          },
        }),
  };
}

/**
 * Runs the real loop on a sequence of generated screens, with real sharp signatures: the capture
 * port plays the frames in order and stops the loop after the last. Returns what was extracted.
 */
async function run(frames: ScreenOptions[], options: Partial<WatchOptions> & { costUsd?: number } = {}) {
  const pngs = await Promise.all(frames.map((f) => screen(f)));
  const clock = virtualClock();
  const controller = new AbortController();
  const extracted: number[] = [];
  const events: WatchEvent[] = [];
  let next = 0;
  const summary = await watch(
    {
      clock,
      capture: async () => {
        const i = next++;
        if (i === pngs.length - 1) controller.abort();
        return screenFrame(pngs[i]!);
      },
      extract: async (image) => {
        extracted.push(pngs.indexOf(image.stored.data));
        clock.advance(2 * SECOND); // an extraction takes a while
        return result(clock.now(), options.costUsd);
      },
    },
    {
      mode: 'change',
      intervalMs: SECOND,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
      ...options,
    },
  );
  return { summary, extracted, events, clock };
}

const doc = (seed: number, more: Partial<ScreenOptions> = {}): ScreenOptions => ({ seed, ...more });

describe('watch --on-change on generated frame sequences', () => {
  it('identical frames: one extraction (the screen as found)', async () => {
    const { extracted, summary } = await run(Array.from({ length: 6 }, () => doc(1)));
    expect(extracted).toEqual([0]);
    expect(summary).toMatchObject({ captures: 6, extracted: 1, unchanged: 5, duplicates: 0 });
  });

  it('a blinking cursor and a ticking clock: one extraction', async () => {
    const frames = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      doc(1, { cursor: i % 2 === 1, clock: `10:4${Math.floor(i / 3)}` }),
    );
    const { extracted } = await run(frames);
    expect(extracted).toEqual([0]);
  });

  it('a scroll: one more extraction, of where it settled', async () => {
    const frames = [doc(1), doc(1), doc(1, { scroll: 60 }), doc(1, { scroll: 140 }), doc(1, { scroll: 200 })];
    frames.push(doc(1, { scroll: 200 }), doc(1, { scroll: 200 }));
    const { extracted } = await run(frames);
    expect(extracted).toEqual([0, 5]);
  });

  it('a new document: one more extraction; going back to the first is a duplicate', async () => {
    const frames = [doc(1), doc(1), doc(2), doc(2), doc(2), doc(1), doc(1)];
    const { extracted, summary } = await run(frames);
    expect(extracted).toEqual([0, 3]);
    expect(summary.duplicates).toBe(1);
  });

  it('extracts the same image again when asked', async () => {
    const frames = [doc(1), doc(1), doc(2), doc(2), doc(1), doc(1)];
    const { extracted } = await run(frames, { allowDuplicates: true });
    expect(extracted).toEqual([0, 3, 5]);
  });
});

describe('watch --interval', () => {
  it('extracts every interval, skipping an image already extracted', async () => {
    const frames = [doc(1), doc(1), doc(2), doc(2, { cursor: true }), doc(1)];
    const { extracted, summary, clock } = await run(frames, { mode: 'interval', intervalMs: 10 * SECOND });
    // The cursor frame is a different image: interval mode does not judge changes, only hashes.
    expect(extracted).toEqual([0, 2, 3]);
    expect(summary.duplicates).toBe(2);
    // Five rounds of 10 s, the last one not waited for.
    expect(clock.now() - Date.parse('2026-11-25T09:00:00Z')).toBe(4 * 10 * SECOND);
  });
});

describe('budget caps', () => {
  it('pauses at the hourly cap and resumes an hour after the first extraction', async () => {
    const frames = [1, 2, 3, 4, 5].map((seed) => doc(seed));
    const { extracted, events, summary } = await run(frames, {
      mode: 'interval',
      intervalMs: 60 * SECOND,
      maxPerHour: 3,
    });
    expect(extracted).toEqual([0, 1, 2, 3, 4]);
    expect(summary.pauses).toBe(1);
    const pause = events.find((e) => e.type === 'paused');
    expect(pause).toMatchObject({ until: Date.parse('2026-11-25T10:00:02Z') });
    if (pause?.type !== 'paused') throw new Error('no pause');
    expect(say('en', pause.reason)).toMatch(
      /^Auto-capture paused: 3 extractions in the last hour is the cap; it resumes at \d\d:\d\d\.$/,
    );
    // Nothing is captured while paused.
    expect(summary.captures).toBe(5);
  });

  it('pauses when the next extraction would pass the daily cost cap', async () => {
    const frames = [1, 2, 3, 4].map((seed) => doc(seed));
    const controller = new AbortController();
    const { extracted, events } = await run(frames, {
      mode: 'interval',
      intervalMs: 60 * SECOND,
      maxCostPerDayUsd: 0.05,
      costUsd: 0.02,
      // Stop once paused: resuming waits for local midnight.
      onEvent: (e) => {
        if (e.type === 'paused') controller.abort();
      },
      signal: controller.signal,
    });
    // 0.02 + 0.02 = 0.04; a third (estimated at 0.02) would make 0.06.
    expect(extracted).toEqual([0, 1]);
    void events;
  });

  it('counts what was spent earlier today', async () => {
    const frames = [1, 2].map((seed) => doc(seed));
    const now = Date.parse('2026-11-25T09:00:00Z');
    const { extracted, events } = await run(frames, {
      mode: 'interval',
      intervalMs: 60 * SECOND,
      maxPerHour: 2,
      earlier: [{ at: now - 30 * 60 * SECOND }, { at: now - 20 * 60 * SECOND }],
    });
    expect(events[0]).toMatchObject({ type: 'paused', until: now + 30 * 60 * SECOND });
    expect(extracted).toEqual([0, 1]);
  });
});
