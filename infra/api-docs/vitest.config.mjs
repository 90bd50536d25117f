import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.mjs';

// The browser test starts the embedded servers, registry and the gateway: long timeouts for a
// loaded machine, one file at a time.
export default defineConfig({
  test: { ...sharedTestConfig, fileParallelism: false, testTimeout: 120_000, hookTimeout: 240_000 },
});
