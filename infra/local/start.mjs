#!/usr/bin/env node
// `npm start`: the whole system on this machine with data kept in .data/ between starts.
// KAFKA_BROKERS / MONGO_URL, when set, replace the embedded broker and database.
import { join } from 'node:path';
import { repositoryRoot, startStack } from './stack.mjs';

const log = (line) => process.stdout.write(`[start] ${line}\n`);

let stack;
let stopping = false;

async function stop(reason) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})…`);
  await stack?.stop();
  log('stopped');
  process.exit(0);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

try {
  stack = await startStack({
    dataDir: process.env.DATA_DIR ?? join(repositoryRoot, '.data'),
    kafkaBrokers: process.env.KAFKA_BROKERS,
    mongoUrl: process.env.MONGO_URL,
    ports: process.env.GATEWAY_PORT ? { gateway: Number(process.env.GATEWAY_PORT) } : {},
    onProgress: log,
  });
} catch (error) {
  log(`could not start: ${error.message}`);
  process.exit(1);
}

log(`Kafka brokers       ${stack.kafkaBrokers}`);
log(`MongoDB             ${stack.mongoUrl}`);
for (const [name, { url }] of Object.entries(stack.services)) {
  log(`${name.padEnd(20)}${url}/api/${name}  (health ${url}/healthz)`);
}
log(`gateway + H5 app    ${stack.gatewayUrl}/`);
log('everything is up; Ctrl-C stops it');
