import { defineConfig } from 'vitest/config';

/**
 * The fault suite (issue 17): kill -9 at random moments, several writers and readers on one data
 * home, damaged files, hostile input; each scenario ends by checking that nothing captured was lost,
 * everything is listed, and no key leaked. A few minutes, so not part of `npm test`; counts and the
 * seed are tunable for a longer soak (FAULT_* variables, tests/faults/harness.ts).
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    // The scenarios start many processes of their own: one file at a time keeps timings honest.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
