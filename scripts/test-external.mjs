#!/usr/bin/env node
// Runs every workspace's tests against real servers instead of the embedded ones:
// TEST_INFRASTRUCTURE=external (the default here: the broker and database KAFKA_BROKERS and
// MONGO_URL name) or TEST_INFRASTRUCTURE=containers (Apache Kafka and MongoDB through
// testcontainers, where a Docker engine answers). One workspace and one test file at a time, since
// the suites share the servers and the services' consumer groups have fixed names. Tests that only
// the embedded servers allow (killing or restarting them) print why they were skipped.
import { spawnSync } from 'node:child_process';

const mode = process.env.TEST_INFRASTRUCTURE ?? 'external';
if (mode !== 'external' && mode !== 'containers') {
  console.error(`test:external: TEST_INFRASTRUCTURE must be external or containers, not "${mode}"`);
  process.exit(2);
}
const missing = ['KAFKA_BROKERS', 'MONGO_URL'].filter((name) => !process.env[name]);
if (mode === 'external' && missing.length > 0) {
  console.error(`test:external: TEST_INFRASTRUCTURE=external needs ${missing.join(' and ')}`);
  process.exit(2);
}
const env = { ...process.env, TEST_INFRASTRUCTURE: mode };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

console.log(
  mode === 'external'
    ? `test:external: every suite against Kafka at ${env.KAFKA_BROKERS} and MongoDB at ${env.MONGO_URL}`
    : 'test:external: every suite against Apache Kafka and MongoDB in containers',
);
run('node', ['scripts/test-summary.mjs', '--begin']);
const tests = run('npx', ['turbo', 'run', 'test', '--concurrency=1', '--continue']);
const summary = run('node', ['scripts/test-summary.mjs']);
process.exit(tests || summary);
