// Starts the embedded broker and database for one test file, and small helpers over them.
import { randomUUID } from 'node:crypto';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { eventCatalog, topicDeclarations, type EventDataByType } from '@shuangchuang/contracts';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import {
  createEventBackbone,
  type EventBackbone,
  type EventBackboneOptions,
} from '../../src/index.js';
import { testCatalog, testTopics, type TestEvents } from './test-catalog.js';

export interface TestEnvironment {
  brokers: string[];
  mongoUri: string;
  /** A fresh database on the embedded server. */
  connect(dbName?: string): Promise<Connection>;
  backbone(
    connection: Connection,
    overrides?: Partial<EventBackboneOptions>,
  ): EventBackbone<TestEvents>;
  /** A backbone over the published catalog and topics, as the services use it. */
  registryBackbone(connection: Connection): EventBackbone<EventDataByType>;
  /** A plain kafkajs client, as a downstream system would use. */
  kafka: Kafka;
  stop(): Promise<void>;
}

export async function startEnvironment(
  options: { ttlMonitorIntervalMs?: number } = {},
): Promise<TestEnvironment> {
  const broker = await startKafka({ port: 0 });
  const database = await startMongo({
    port: 0,
    ttlMonitorIntervalMs: options.ttlMonitorIntervalMs,
  });
  const connections: Connection[] = [];
  const backbones: EventBackbone<any>[] = [];
  const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });

  return {
    brokers: broker.brokers,
    mongoUri: database.uri,
    kafka,
    async connect(dbName = `db_${randomUUID().slice(0, 8)}`) {
      const connection = await mongoose.createConnection(database.uri, { dbName }).asPromise();
      connections.push(connection);
      return connection;
    },
    backbone(connection, overrides = {}) {
      const backbone = createEventBackbone<TestEvents>({
        serviceName: 'test-service',
        kafka: { brokers: broker.brokers },
        connection,
        catalog: testCatalog,
        topics: testTopics,
        relay: {
          pollIntervalMs: 20,
          leaseTtlMs: 2_000,
          retryBackoff: { initialMs: 100, maxMs: 1_000 },
        },
        ...overrides,
      });
      backbones.push(backbone);
      return backbone;
    },
    registryBackbone(connection) {
      const backbone = createEventBackbone<EventDataByType>({
        serviceName: 'registry',
        kafka: { brokers: broker.brokers },
        connection,
        catalog: eventCatalog,
        topics: topicDeclarations,
        relay: { pollIntervalMs: 20 },
      });
      backbones.push(backbone);
      return backbone;
    },
    async stop() {
      await Promise.all(backbones.map((backbone) => backbone.stop().catch(() => {})));
      await Promise.all(connections.map((connection) => connection.close().catch(() => {})));
      await broker.stop();
      await database.stop();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
