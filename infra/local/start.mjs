#!/usr/bin/env node
// `npm start`: builds what changed (turbo, its output shown), then runs the whole system on this
// machine with data kept in .data/ between starts. The npm script `exec`s this file, so a SIGTERM
// or SIGINT to npm reaches it (npm forwards both to its child) and it stops every child it started.
//
//   npm start -- --quiet       service logs only in .data/logs/<part>.log, not on the terminal
//   npm start -- --no-build    start what is built without running turbo first
//
// Environment: KAFKA_BROKERS / MONGO_URL replace the embedded broker and database; DATA_DIR
// moves .data/; START_QUIET=1 is --quiet; <PART>_PORT (KAFKA_PORT, MONGO_PORT, REGISTRY_PORT,
// NEWS_FEED_PORT, APPLICATION_INTAKE_PORT, NOTIFICATION_PORT, GATEWAY_PORT) moves a part off
// its default port, 0 meaning any free port.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogSink } from './logs.mjs';

// stack.mjs imports built workspaces (service-kit's dist): it is loaded once the build is done,
// so that `npm ci && npm start` works on a fresh clone.
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const log = (line) => process.stdout.write(`[start] ${line}\n`);

const { values: flags } = parseArgs({
  options: { quiet: { type: 'boolean' }, 'no-build': { type: 'boolean' } },
});
const quiet = flags.quiet || ['1', 'true'].includes(process.env.START_QUIET ?? '');
const dataDir = process.env.DATA_DIR ?? join(repositoryRoot, '.data');

const sink = createLogSink({ dir: join(dataDir, 'logs'), quiet });
const aborter = new AbortController();
let current; // the build while building, then the stack
let stack;
let stoppingSince = 0;

async function stop(reason) {
  if (stoppingSince) {
    // Ctrl-C in a terminal reaches this process twice at once (from the terminal, and forwarded
    // by npm): only a signal a second later is the user's second Ctrl-C, and kills what is left.
    if (Date.now() - stoppingSince < 1000) return;
    log(`${reason} again: killing what is left`);
    for (const { child } of stack?.children ?? []) child.kill('SIGKILL');
    process.exit(130);
  }
  stoppingSince = Date.now();
  log(`stopping (${reason})…`);
  aborter.abort(new Error(`stopped by ${reason}`));
  await current?.stop();
  await sink.close();
  log('stopped');
  process.exit(0);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

if (!flags['no-build']) {
  const code = await build();
  if (stoppingSince) await new Promise(() => {}); // stop() exits
  if (code !== 0) {
    log(`the build failed (exit ${code}); nothing started`);
    process.exit(1);
  }
}

const { SERVICES, startStack } = await import('./stack.mjs');

try {
  const starting = startStack({
    dataDir,
    kafkaBrokers: process.env.KAFKA_BROKERS,
    mongoUrl: process.env.MONGO_URL,
    ports: portsFromEnvironment(SERVICES),
    onProgress: log,
    onOutput: sink.write,
    signal: aborter.signal,
    ownProcessGroups: true,
  });
  // Aborted while starting, startStack stops what it started before it rejects.
  current = { stop: () => starting.catch(() => undefined) };
  stack = await starting;
  current = stack;
} catch (error) {
  if (stoppingSince) await new Promise(() => {}); // stop() exits once the children are gone
  log(`could not start: ${error.message}`);
  await sink.close();
  process.exit(1);
}

log(`Kafka brokers       ${stack.kafkaBrokers}`);
log(`MongoDB             ${stack.mongoUrl}`);
for (const [name, { url }] of Object.entries(stack.services)) {
  log(`${name.padEnd(20)}${url}/api/${name}  (health ${url}/healthz)`);
}
log(`gateway + H5 app    ${stack.gatewayUrl}/`);
log(`logs                ${join(dataDir, 'logs')}${quiet ? ' (quiet: not shown here)' : ''}`);
log('everything is up; Ctrl-C stops it');

/** turbo's own output, so a long build shows what it is doing; resolves with its exit code. */
function build() {
  log('building what changed (turbo run build)…');
  const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo');
  const child = spawn(process.execPath, [turbo, 'run', 'build', '--output-logs=new-only'], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  current = {
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGINT');
      }),
  };
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

function portsFromEnvironment(services) {
  const ports = {};
  for (const part of ['kafka', 'mongo', ...services, 'gateway']) {
    const variable = `${part.toUpperCase().replaceAll('-', '_')}_PORT`;
    const value = process.env[variable];
    if (value === undefined || value === '') continue;
    if (!/^\d+$/.test(value) || Number(value) > 65535) {
      log(`${variable} must be a port number (0 for any free port), got "${value}"`);
      process.exit(2);
    }
    ports[part] = Number(value);
  }
  return ports;
}
