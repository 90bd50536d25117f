// Starts the broker and database for one test file (the embedded ones unless TEST_INFRASTRUCTURE
// says otherwise), and small helpers over them.
import { eventCatalog, topicDeclarations, type EventDataByType } from '@shuangchuang/contracts';
import {
  startTestInfrastructure,
  uniqueName,
  type InfrastructureMode,
} from '@shuangchuang/test-infrastructure';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import {
  createEventBackbone,
  type EventBackbone,
  type EventBackboneOptions,
} from '../../src/index.js';
import { testCatalog, testTopics, type TestEvents } from './test-catalog.js';

export interface TestEnvironment {
  mode: InfrastructureMode;
  brokers: string[];
  mongoUri: string;
  /** A fresh database on the server. */
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
  const infrastructure = await startTestInfrastructure({
    embedded: { mongo: { ttlMonitorIntervalMs: options.ttlMonitorIntervalMs } },
  });
  const brokers = infrastructure.kafkaBrokers;
  const connections: Connection[] = [];
  const backbones: EventBackbone<any>[] = [];
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  // Shared servers keep earlier suites' events on the published topics: start each file on empty
  // ones, as on a fresh broker (suites take turns there).
  if (infrastructure.mode === 'external') await deleteTopics(kafka, topicDeclarations);

  return {
    mode: infrastructure.mode,
    brokers,
    mongoUri: infrastructure.mongoUrl,
    kafka,
    async connect(dbName = uniqueName('db')) {
      const connection = await mongoose
        .createConnection(infrastructure.mongoUrl, { dbName })
        .asPromise();
      connections.push(connection);
      return connection;
    },
    backbone(connection, overrides = {}) {
      const backbone = createEventBackbone<TestEvents>({
        serviceName: 'test-service',
        kafka: { brokers },
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
        kafka: { brokers },
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
      await infrastructure.stop();
    },
  };
}

async function deleteTopics(kafka: Kafka, topics: readonly { name: string }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const names = topics.map((topic) => topic.name).filter((name) => existing.has(name));
    if (names.length === 0) return;
    await admin.deleteTopics({ topics: names });
    await eventually('the published topics deleted', async () => {
      const left = new Set(await admin.listTopics());
      return names.some((name) => left.has(name)) ? undefined : true;
    });
  } finally {
    await admin.disconnect();
  }
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
