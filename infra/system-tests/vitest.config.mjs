import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.mjs';

// The whole system runs as child processes: one file at a time, long timeouts for a loaded machine.
export default defineConfig({
  test: {
    ...sharedTestConfig,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
