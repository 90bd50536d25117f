#!/usr/bin/env node
// Runs a workspace's integration tests again, against real Apache Kafka and MongoDB in
// containers, where a Docker engine is present; elsewhere says in one line why it did not.
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { containerRuntimeAvailability } from '../container-runtime.js';
import { infrastructureModeFromEnv } from '../index.js';

const suite = basename(process.cwd());
const mode = infrastructureModeFromEnv();
if (mode !== 'embedded') {
  console.log(
    `testcontainers suite of ${suite} skipped: this run was already against ${mode} servers`,
  );
  process.exit(0);
}
const availability = await containerRuntimeAvailability();
if (!availability.available) {
  console.log(`testcontainers suite of ${suite} skipped: ${availability.reason}`);
  process.exit(0);
}
console.log(
  `testcontainers suite of ${suite}: running against real Kafka and MongoDB (${availability.reason})`,
);
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--outputFile.json=test-results/vitest-containers.json',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, TEST_INFRASTRUCTURE: 'containers' } },
);
process.exit(result.status ?? 1);
