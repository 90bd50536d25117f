#!/usr/bin/env node
// One command up: starts the embedded broker and database (unless KAFKA_BROKERS / MONGO_URL point
// elsewhere), every built service and the gateway; Ctrl-C stops them all. Only what exists in the
// checkout is started, so the command never fails while parts of the system are still being built.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = process.env.DATA_DIR ?? join(root, '.data');
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 8080);
const services = [
  { name: 'registry', port: 3001 },
  { name: 'news-feed', port: 3002 },
  { name: 'application-intake', port: 3003 },
  { name: 'notification', port: 3004 },
];

const children = [];
let stopping = false;

function log(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function launch(name, script, args, env, readyPattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push({ name, child });
    let ready = false;
    const onLine = (chunk) => {
      const text = chunk.toString();
      if (!ready && readyPattern.test(text)) {
        ready = true;
        resolve(text.match(readyPattern));
      }
      if (process.env.VERBOSE) process.stdout.write(`[${name}] ${text}`);
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', (chunk) => {
      onLine(chunk);
      if (!ready) process.stderr.write(`[${name}] ${chunk}`);
    });
    child.on('exit', (code, signal) => {
      if (!ready) reject(new Error(`${name} exited before it was ready (${signal ?? code})`));
      else if (!stopping) log(`${name} stopped unexpectedly (${signal ?? code})`);
    });
  });
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  let kafkaBrokers = process.env.KAFKA_BROKERS;
  let mongoUrl = process.env.MONGO_URL;

  const kafkaCli = join(root, 'packages/embedded-kafka/dist/cli.js');
  if (!kafkaBrokers && existsSync(kafkaCli)) {
    log('starting embedded Kafka broker…');
    const dir = join(dataDir, 'kafka');
    mkdirSync(dir, { recursive: true });
    const match = await launch(
      'kafka',
      kafkaCli,
      ['--port', '9092', '--data-dir', dir],
      {},
      /listening on (\S+)/,
    );
    kafkaBrokers = match[1];
    log(`Kafka broker      ${kafkaBrokers}`);
  }

  const mongoCli = join(root, 'packages/embedded-mongo/dist/cli.js');
  if (!mongoUrl && existsSync(mongoCli)) {
    log('starting embedded MongoDB server…');
    const dir = join(dataDir, 'mongo');
    mkdirSync(dir, { recursive: true });
    const match = await launch(
      'mongo',
      mongoCli,
      ['--port', '27017', '--data-dir', dir],
      {},
      /listening on (\S+)/,
    );
    mongoUrl = match[1];
    log(`MongoDB           ${mongoUrl}`);
  }

  const running = [];
  for (const service of services) {
    const main = join(root, 'services', service.name, 'dist/main.js');
    if (!existsSync(main)) continue;
    if (!kafkaBrokers || !mongoUrl) {
      log(`${service.name}: skipped, it needs both a broker and a database`);
      continue;
    }
    log(`starting ${service.name}…`);
    await launch(
      service.name,
      main,
      [],
      { PORT: String(service.port), MONGO_URL: mongoUrl, KAFKA_BROKERS: kafkaBrokers },
      /listening/i,
    );
    running.push(service);
    log(`${service.name.padEnd(18)}http://127.0.0.1:${service.port}/api/${service.name}`);
  }

  const gateway = join(root, 'infra/local/gateway.mjs');
  if (existsSync(gateway) && running.length > 0) {
    await launch(
      'gateway',
      gateway,
      [],
      { GATEWAY_PORT: String(gatewayPort), GATEWAY_ROUTES: JSON.stringify(running) },
      /listening/i,
    );
    log(`gateway           http://127.0.0.1:${gatewayPort}/`);
  }

  if (children.length === 0) {
    log('nothing is built to start yet; run `npm run build` after the packages land');
    return;
  }
  log('everything is up; press Ctrl-C to stop');
}

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${signal})…`);
  // Services first, infrastructure last, so services can flush to the broker and database.
  const order = [...children].reverse();
  let pending = order.length;
  if (pending === 0) process.exit(0);
  for (const { child } of order) {
    child.once('exit', () => {
      pending -= 1;
      if (pending === 0) process.exit(0);
    });
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(1), 15_000).unref();
}

process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

main().catch((error) => {
  log(`failed: ${error.message}`);
  stopAll('error');
});
