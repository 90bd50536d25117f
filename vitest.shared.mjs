// Shared vitest settings: every workspace writes a JSON report that scripts/test-summary.mjs adds up.
export const sharedTestConfig = {
  reporters: ['default', 'json'],
  outputFile: { json: 'test-results/vitest.json' },
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
};
