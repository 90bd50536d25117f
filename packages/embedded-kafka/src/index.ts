import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { GroupCoordinator } from './groups/group-coordinator.js';
import { AppendNotifier } from './server/append-notifier.js';
import type { BrokerState } from './server/broker-state.js';
import { serveConnection } from './server/connection.js';
import { createLogger, type LogLevel } from './server/logger.js';
import { CommittedOffsets } from './storage/committed-offsets.js';
import { DEFAULT_MESSAGE_MAX_BYTES } from './storage/topic-configs.js';
import { TopicStore } from './storage/topic-store.js';

export type { LogLevel } from './server/logger.js';

export interface BrokerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind and advertise; default 127.0.0.1. */
  host?: string;
  /** Directory for topic segments and committed offsets; absent = in memory. */
  dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1; default 1. */
  defaultPartitions?: number;
  /** Create unknown topics on Metadata requests that allow it; default true. */
  autoCreateTopics?: boolean;
  /** Largest request frame accepted; larger ones close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /**
   * Kafka's `message.max.bytes`: the largest record batch (as sent, 12-byte log overhead included)
   * a produce may append; larger ones get MESSAGE_TOO_LARGE. Default 1,048,588, as Kafka's.
   * A topic's `max.message.bytes` overrides it.
   */
  messageMaxBytes?: number;
  /** Kafka's `group.min.session.timeout.ms`; default 6,000. Tests lower it to see members expire quickly. */
  groupMinSessionTimeoutMs?: number;
  /** Kafka's `group.max.session.timeout.ms`; default 1,800,000. */
  groupMaxSessionTimeoutMs?: number;
  logLevel?: LogLevel;
}

export interface RunningBroker {
  host: string;
  port: number;
  /** Bootstrap list for clients, e.g. kafkajs' `brokers`. */
  brokers: string[];
  stop(): Promise<void>;
}

const RETENTION_CHECK_MS = 1000;
/** Kafka's `group.min.session.timeout.ms` and `group.max.session.timeout.ms` defaults. */
const KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS = 6_000;
const KAFKA_GROUP_MAX_SESSION_TIMEOUT_MS = 1_800_000;

/** Starts a single-node Kafka-compatible broker. */
export async function start(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const defaultPartitions = options.defaultPartitions ?? 1;
  if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) {
    throw new RangeError(`defaultPartitions must be a positive integer, got ${defaultPartitions}`);
  }
  const maxFrameBytes = options.maxFrameBytes ?? 100 * 1024 * 1024;
  const log = createLogger(options.logLevel ?? 'warn');
  const dataDir = options.dataDir ?? null;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });

  const messageMaxBytes = options.messageMaxBytes ?? DEFAULT_MESSAGE_MAX_BYTES;
  const sessionTimeouts = {
    minMs: options.groupMinSessionTimeoutMs ?? KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS,
    maxMs: options.groupMaxSessionTimeoutMs ?? KAFKA_GROUP_MAX_SESSION_TIMEOUT_MS,
  };
  for (const [name, value] of Object.entries({ messageMaxBytes, ...sessionTimeouts })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (sessionTimeouts.minMs > sessionTimeouts.maxMs) {
    throw new RangeError('groupMinSessionTimeoutMs must not exceed groupMaxSessionTimeoutMs');
  }

  const topics = new TopicStore(dataDir, messageMaxBytes);
  const offsets = new CommittedOffsets(dataDir);
  let producerIds = Date.now(); // grows across restarts, so ids are never reused
  const broker: BrokerState = {
    nodeId: 0,
    host,
    port: 0,
    clusterId: randomUUID(),
    defaultPartitions,
    autoCreateTopics: options.autoCreateTopics ?? true,
    configs: [
      ['message.max.bytes', messageMaxBytes, DEFAULT_MESSAGE_MAX_BYTES],
      ['group.min.session.timeout.ms', sessionTimeouts.minMs, KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS],
      ['group.max.session.timeout.ms', sessionTimeouts.maxMs, KAFKA_GROUP_MAX_SESSION_TIMEOUT_MS],
      ['num.partitions', defaultPartitions, 1],
      ['auto.create.topics.enable', options.autoCreateTopics ?? true, true],
    ].map(([name, value, kafkaDefault]) => ({
      name: String(name),
      value: String(value),
      isDefault: value === kafkaDefault,
    })),
    topics,
    groups: new GroupCoordinator(offsets, log.info, sessionTimeouts),
    appends: new AppendNotifier(),
    log,
    stopping: false,
    nextProducerId: () => producerIds++,
  };

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, broker, maxFrameBytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  broker.port = (server.address() as net.AddressInfo).port;
  const retention = setInterval(() => topics.enforceRetention(Date.now()), RETENTION_CHECK_MS);
  retention.unref();
  log.info(
    `listening on ${host}:${broker.port}${dataDir ? ` with data in ${dataDir}` : ' in memory'}`,
  );

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      broker.stopping = true;
      clearInterval(retention);
      broker.appends.wakeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      broker.groups.close();
      topics.close();
      offsets.close();
      log.info('stopped');
    })();
    return stopped;
  };

  return { host, port: broker.port, brokers: [`${host}:${broker.port}`], stop };
}
