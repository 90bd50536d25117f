import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.mjs';

// The H5 build in headless Chromium against the services on the embedded broker and database.
// `npm run test:e2e` (builds H5 first). Not yet in `npm test`: under turbo in a fresh clone the
// acceptance never reached 消息 within 180 s (it passes when run directly); see the closing note.
export default defineConfig({
  test: {
    ...sharedTestConfig,
    outputFile: { json: 'test-results/vitest-e2e.json' },
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
