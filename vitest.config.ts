import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The packaged app's checks build the installers' layout first: `npm run test:package`. The
    // fault suite takes minutes: `npm run test:faults`. The windows in Chromium: `npm run test:e2e`.
    exclude: ['tests/package/**', 'tests/faults/**', 'tests/e2e/**'],
    // OCR and sharp tests use both cores each; running many files at once only thrashes.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
