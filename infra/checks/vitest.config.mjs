import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.mjs';

// The runtime-image test installs a service's production dependencies and starts it: long
// timeouts for a loaded machine, one file at a time.
export default defineConfig({
  test: { ...sharedTestConfig, fileParallelism: false, testTimeout: 120_000, hookTimeout: 240_000 },
});
