import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.mjs';

// The H5 build in headless Chromium against the services on the embedded broker and database.
// Runs in `npm test` after turbo built H5 and after the system tests (two whole-system stacks
// never share the two cores); `npm run test:e2e` builds H5 first.
export default defineConfig({
  test: {
    ...sharedTestConfig,
    outputFile: { json: 'test-results/vitest-e2e.json' },
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
