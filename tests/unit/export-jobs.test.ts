import { describe, expect, it } from 'vitest';
import { ExportJobs } from '../../src/app/export-jobs.ts';
import { userError } from '../../src/shared/errors.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** A job whose progress and end the test drives by hand. */
function manual() {
  let report: (done: number, total: number) => void = () => undefined;
  let finish: (value: { path: string; count: number; name: string }) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const work = (onProgress: (done: number, total: number) => void) => {
    report = onProgress;
    return new Promise<{ path: string; count: number; name: string }>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return {
    work,
    report: (d: number, t: number) => report(d, t),
    finish: (v: { path: string; count: number; name: string }) => finish(v),
    fail: (e: unknown) => fail(e),
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('export jobs', () => {
  it('answers at once, then tells progress, then the file', async () => {
    const jobs = new ExportJobs(quiet);
    const job = manual();
    const id = jobs.start(10, job.work);
    expect(jobs.status(id)).toEqual({ done: 0, total: 10 });
    job.report(4, 10);
    expect(jobs.status(id)).toEqual({ done: 4, total: 10 });
    // A result file that vanished meanwhile: the count written is what the end says.
    job.finish({ path: '/x/extracto.xlsx', count: 9, name: 'Invoices 2026-12.xlsx' });
    await settled();
    expect(jobs.status(id)).toEqual({
      done: 9,
      total: 10,
      path: '/x/extracto.xlsx',
      name: 'Invoices 2026-12.xlsx',
    });
  });

  it('keeps the sentence of a failure for the person, the detail for the log', async () => {
    const logged: unknown[] = [];
    const jobs = new ExportJobs({ ...quiet, error: (_m: string, e?: unknown) => void logged.push(e) });
    const said = manual();
    const a = jobs.start(3, said.work);
    said.fail(userError('result.saveFailed', { code: 'ENOSPC' }));
    const crashed = manual();
    const b = jobs.start(3, crashed.work);
    crashed.fail(new Error('EIO: i/o error, write'));
    await settled();
    // The sentence in English, and its code for the window to say it in the person's language.
    expect(jobs.status(a)).toMatchObject({
      error: 'The result could not be saved: ENOSPC.',
      errorCode: 'result.saveFailed',
      errorParams: { code: 'ENOSPC' },
    });
    expect(jobs.status(b).error).toBe('Something went wrong; the details are in the log file.');
    expect(logged).toHaveLength(2);
  });

  it('forgets finished jobs after a while, and says so', async () => {
    let now = 0;
    const jobs = new ExportJobs(quiet, () => now);
    const job = manual();
    const id = jobs.start(1, job.work);
    job.finish({ path: '/x/a.csv', count: 1, name: 'a.csv' });
    await settled();
    now += 11 * 60_000;
    jobs.start(1, manual().work);
    expect(() => jobs.status(id)).toThrow('This export is no longer known; start it again.');
  });
});
