import { describe, expect, it } from 'vitest';
import { CaptureRunner, type CaptureKind } from '../../src/main/capture-runner.ts';

describe('CaptureRunner', () => {
  function runner(runMs = 20) {
    const runs: CaptureKind[] = [];
    const busy: boolean[] = [];
    const errors: unknown[] = [];
    const r = new CaptureRunner({
      run: async (kind) => {
        runs.push(kind);
        await new Promise((res) => setTimeout(res, runMs));
        if (kind === 'region' && runs.length === 1) throw new Error('boom');
      },
      onBusy: (b) => busy.push(b),
      onError: (e) => errors.push(e),
    });
    return { r, runs, busy, errors };
  }

  it('queues one capture for presses during a run, never more, and never two at once', async () => {
    const { r, runs, busy } = runner();
    const first = r.trigger('screen');
    const presses = [r.trigger('screen'), r.trigger('screen'), r.trigger('screen')];
    expect(r.busy).toBe(true);
    await Promise.all([first, ...presses]);
    expect(runs).toEqual(['screen', 'screen']);
    expect(busy).toEqual([true, false]);
    expect(r.busy).toBe(false);
  });

  it('keeps going after a failed capture and reports it', async () => {
    const { r, runs, errors } = runner();
    const a = r.trigger('region');
    const b = r.trigger('screen');
    await Promise.all([a, b]);
    expect(runs).toEqual(['region', 'screen']);
    expect(errors).toHaveLength(1);
  });

  it('starts afresh after it went idle', async () => {
    const { r, runs, busy } = runner(5);
    await r.trigger('screen');
    await r.trigger('region');
    expect(runs).toEqual(['screen', 'region']);
    expect(busy).toEqual([true, false, true, false]);
  });
});
