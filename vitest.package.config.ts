import { defineConfig } from 'vitest/config';

/**
 * `npm run test:package`: the app as the Linux installers ship it, built with electron-builder and
 * started under Node with an Electron stand-in (tests/package). Slow (a minute to package), so it
 * is its own CI step rather than part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts'],
    globalSetup: ['tests/package/global-setup.ts'],
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
