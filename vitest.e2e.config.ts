import { defineConfig } from 'vitest/config';

/**
 * The windows end to end: the React windows in Debian's Chromium (playwright-core) against a real
 * AppService over the loopback bridge, axe checks included. Two minutes of browsers, so a suite of
 * its own (`npm run test:e2e`, a step of .ci/run) and `npm test` stays the quick full check of
 * everything below the windows.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
