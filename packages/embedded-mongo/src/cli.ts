#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { start } from './index.js';
import type { LogLevel } from './server/logger.js';

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function fail(message: string): never {
  process.stderr.write(`embedded-mongo: ${message}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '27017' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        // As mongod: --setParameter transactionLifetimeLimitSeconds=30, enableTestCommands=1
        setParameter: { type: 'string', multiple: true },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
})();

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be 0-65535, got ${values.port}`);
const logLevel = values['log-level'] as LogLevel;
if (!LEVELS.includes(logLevel)) fail(`--log-level must be one of ${LEVELS.join(', ')}`);

let transactionLifetimeLimitSeconds: number | undefined;
let enableTestCommands = false;
for (const parameter of values.setParameter ?? []) {
  const [name, value = ''] = parameter.split('=');
  if (name === 'transactionLifetimeLimitSeconds') {
    transactionLifetimeLimitSeconds = Number(value);
    if (!Number.isInteger(transactionLifetimeLimitSeconds) || transactionLifetimeLimitSeconds < 1)
      fail(`transactionLifetimeLimitSeconds must be an integer ≥ 1, got ${value}`);
  } else if (name === 'enableTestCommands') enableTestCommands = value === '1' || value === 'true';
  else
    fail(
      `unknown --setParameter ${name} (known: transactionLifetimeLimitSeconds, enableTestCommands)`,
    );
}

const server = await start({
  port,
  host: values.host,
  dataDir: values['data-dir'],
  logLevel,
  transactionLifetimeLimitSeconds,
  enableTestCommands,
});
process.stdout.write(`embedded-mongo listening on ${server.uri}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`embedded-mongo: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
