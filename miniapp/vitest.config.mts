import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.mjs';

// Page logic (src/features), the request adapter and the form rules, in Node: no Taro renderer.
// The end-to-end run of the H5 build has its own config (e2e/vitest.config.ts).
export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
