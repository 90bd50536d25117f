#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { start } from './index.js';
import { isLogLevel } from './server/logger.js';

const usage = `usage: embedded-kafka [--port 9092] [--host 127.0.0.1] [--data-dir DIR] [--partitions 1]
                      [--log-level debug|info|warn|error|silent] [--no-auto-create-topics]
                      [--message-max-bytes 1048588] [--group-min-session-timeout-ms 6000]
                      [--group-max-session-timeout-ms 1800000]`;

function fail(message: string): never {
  process.stderr.write(`embedded-kafka: ${message}\n${usage}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      'log-level': { type: 'string' },
      'no-auto-create-topics': { type: 'boolean' },
      'message-max-bytes': { type: 'string' },
      'group-min-session-timeout-ms': { type: 'string' },
      'group-max-session-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const logLevel = args['log-level'] ?? 'info';
if (!isLogLevel(logLevel)) fail(`unknown --log-level "${logLevel}"`);
const partitions = integer('partitions', args.partitions, 1);
if (partitions < 1) fail('--partitions must be at least 1');

const optional = (name: string, value: string | undefined) =>
  value === undefined ? undefined : integer(name, value, 0);
const messageMaxBytes = optional('message-max-bytes', args['message-max-bytes']);
const groupMinSessionTimeoutMs = optional(
  'group-min-session-timeout-ms',
  args['group-min-session-timeout-ms'],
);
const groupMaxSessionTimeoutMs = optional(
  'group-max-session-timeout-ms',
  args['group-max-session-timeout-ms'],
);
if ((groupMinSessionTimeoutMs ?? 6_000) > (groupMaxSessionTimeoutMs ?? 1_800_000)) {
  fail('--group-min-session-timeout-ms must not exceed --group-max-session-timeout-ms');
}

const broker = await start({
  port: integer('port', args.port, 9092),
  host: args.host ?? '127.0.0.1',
  dataDir: args['data-dir'],
  defaultPartitions: partitions,
  autoCreateTopics: !args['no-auto-create-topics'],
  messageMaxBytes,
  groupMinSessionTimeoutMs,
  groupMaxSessionTimeoutMs,
  logLevel,
});

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`embedded-kafka: ${signal}, stopping\n`);
  broker.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`embedded-kafka: stop failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
// Ready only once the signal handlers are in place: a supervisor may stop us right away.
process.stdout.write(`embedded-kafka listening on ${broker.host}:${broker.port}\n`);
