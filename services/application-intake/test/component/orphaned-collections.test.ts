// Start-up drops the idempotency_keys collection intake kept before the kit's idempotent_requests:
// on a database that holds it (two replicas starting at once), and again on one that no longer does.
import { createLogger } from '@shuangchuang/service-kit';
import {
  startTestInfrastructure,
  uniqueName,
  type TestInfrastructure,
} from '@shuangchuang/test-infrastructure';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadIntakeConfig } from '../../src/config.js';
import { ORPHANED_IDEMPOTENCY_KEYS } from '../../src/data-access/legacy-collections.js';
import { startIntake } from '../support/start-intake.js';

let infrastructure: TestInfrastructure;
let database: Connection;
const dbName = uniqueName('application-intake');

beforeAll(async () => {
  infrastructure = await startTestInfrastructure();
  database = await mongoose.createConnection(infrastructure.mongoUrl, { dbName }).asPromise();
});
afterAll(async () => {
  await database?.close();
  await infrastructure?.stop();
});

const collections = async () =>
  (await database.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

it('drops the orphaned idempotency_keys at start-up, and starts again once it is gone', async () => {
  await database.db!.collection(ORPHANED_IDEMPOTENCY_KEYS).insertOne({
    key: 'key-00000001',
    leaseUntil: new Date('2026-11-01T00:00:00Z'),
  });
  const config = loadIntakeConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGO_URL: infrastructure.mongoUrl,
    MONGO_DB_NAME: dbName,
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
  });
  const logger = createLogger({ service: 'application-intake', level: 'silent' });
  // two replicas at once: one drops it, the other finds it gone
  const replicas = await Promise.all([
    startIntake(config, { logger }),
    startIntake(config, { logger }),
  ]);
  await Promise.all(replicas.map((replica) => replica.stop()));
  expect(await collections()).not.toContain(ORPHANED_IDEMPOTENCY_KEYS);
  expect(await collections()).toContain('idempotent_requests');

  const restarted = await startIntake(config, { logger });
  await restarted.stop();
  expect(await collections()).not.toContain(ORPHANED_IDEMPOTENCY_KEYS);
}, 120_000); // a replica's stop waits for its consumer group to settle
