// Shared vitest settings: every workspace writes a JSON report that scripts/test-summary.mjs adds up.
export const sharedTestConfig = {
  reporters: ['default', 'json'],
  outputFile: { json: 'test-results/vitest.json' },
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // Against shared servers (TEST_INFRASTRUCTURE=external) one file at a time: services' consumer
  // groups have fixed names, and two instances in one group would split its partitions.
  fileParallelism: process.env.TEST_INFRASTRUCTURE !== 'external',
};
