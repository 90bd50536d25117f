import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { decodeEvent, encodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { createLogger, signDevToken, startService } from '@shuangchuang/service-kit';
import {
  apiCaller,
  consumeFromNow,
  messagesFromNow,
  startTestInfrastructure,
  type TestInfrastructure,
  type ApiCallOptions as CallOptions,
  type ApiCallResult as CallResult,
} from '@shuangchuang/test-infrastructure';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { loadNewsFeedConfig } from '../../src/config.js';
import { REGISTRY_CONSUMER_GROUP } from '../../src/events/handlers/registry-subscription.js';
import { newsFeedService } from '../../src/service.js';

export type RunningNewsFeedService = Awaited<ReturnType<typeof startNewsFeed>>;

/** news-feed started in-process exactly as main.ts starts it. */
export function startNewsFeed(
  env: Record<string, string>,
  options: { now?: () => Date; logger?: ReturnType<typeof createLogger> } = {},
) {
  return startService(newsFeedService, {
    config: loadNewsFeedConfig({ PORT: '0', ...env }),
    host: '127.0.0.1',
    relay: { pollIntervalMs: 50 },
    ...options,
  });
}

/** The first-start seed's waits for the registry's carriers (off unless a test asks for it). */
export interface SeedOptions {
  quietMs: number;
  maxWaitMs: number;
}

/**
 * The service as it runs in production, against the test infrastructure (embedded broker and
 * database by default) over real sockets, with a clock the test moves by hand.
 */
export interface NewsFeedHarness {
  service: RunningNewsFeedService;
  baseUrl: string;
  logLines: string[];
  clock: { now(): Date; set(date: Date): void; advance(ms: number): void };
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /**
   * Another instance of the service on the same database and broker (as a second replica runs),
   * with the same clock; stopped with the harness.
   */
  startAnotherInstance(): Promise<{
    service: RunningNewsFeedService;
    call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  }>;
  token(userId: string, roles: string[]): Promise<string>;
  publishCarrier(carrier: {
    carrierId: string;
    version: number;
    name: string;
    aliases?: string[];
    type?: 'created' | 'updated';
  }): Promise<void>;
  publishRetired(carrierId: string, version: number): Promise<void>;
  /**
   * Registry events in one produce request, in this order (a carrier's on one partition, so the
   * consumer most likely gets them as one batch); gives their event ids.
   */
  publishCarrierBatch(events: RegistryEventOf[]): Promise<string[]>;
  /** Waits until news-feed's registry consumer has recorded these events as handled. */
  registryEventsHandled(eventIds: string[]): Promise<void>;
  /** Waits until the read model holds this version of the carrier. */
  carrierVersion(carrierId: string, version: number): Promise<void>;
  /** Every news.article.v1 event seen so far. */
  emitted: CloudEvent<Record<string, any>>[];
  waitForEmitted(
    predicate: (event: CloudEvent<Record<string, any>>) => boolean,
    timeoutMs?: number,
  ): Promise<CloudEvent<Record<string, any>>>;
  stop(): Promise<void>;
}

/** A registry.incubator.v1 event of a carrier: its full state (created/updated) or its retirement. */
export type RegistryEventOf =
  | {
      type: 'created' | 'updated';
      carrierId: string;
      version: number;
      name: string;
      aliases?: string[];
    }
  | { type: 'retired'; carrierId: string; version: number };

export type { CallOptions, CallResult };

export const START_TIME = new Date('2026-11-20T02:00:00Z');

export async function startNewsFeedHarness(
  options: { seedOnFirstStart?: SeedOptions } = {},
): Promise<NewsFeedHarness> {
  const infrastructure: TestInfrastructure = await startTestInfrastructure();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  let current = START_TIME;
  const clock = {
    now: () => current,
    set: (date: Date) => {
      current = date;
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
  const dbName = `news-feed-${randomUUID().slice(0, 8)}`;
  const startInstance = () =>
    startNewsFeed(
      {
        MONGO_URL: infrastructure.mongoUrl,
        MONGO_DB_NAME: dbName,
        KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
        NODE_ENV: 'test',
        // the tests call the scheduler themselves; the timer only proves it is wired
        SCHEDULER_INTERVAL_MS: '60000',
        FEED_POLL_INTERVAL_MS: '200',
        SEED_ON_FIRST_START: String(Boolean(options.seedOnFirstStart)),
        ...(options.seedOnFirstStart && {
          SEED_CARRIERS_QUIET_MS: String(options.seedOnFirstStart.quietMs),
          SEED_CARRIERS_MAX_WAIT_MS: String(options.seedOnFirstStart.maxWaitMs),
        }),
      },
      {
        now: clock.now,
        logger: createLogger({ service: 'news-feed', level: 'info', destination }),
      },
    );
  await consumeFromNow(infrastructure.kafkaBrokers, [
    { groupId: REGISTRY_CONSUMER_GROUP, topic: 'registry.incubator.v1' },
  ]);
  const service = await startInstance();
  const others: RunningNewsFeedService[] = [];

  const client = new Kafka({
    clientId: 'news-feed-test',
    brokers: infrastructure.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = client.producer();
  await producer.connect();
  const consumer: Consumer = client.consumer({ groupId: `news-feed-test-${randomUUID()}` });
  await consumer.connect();
  const isNew = await messagesFromNow(infrastructure.kafkaBrokers, 'news.article.v1');
  await consumer.subscribe({ topic: 'news.article.v1', fromBeginning: true });
  const emitted: CloudEvent<Record<string, any>>[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (!isNew(partition, message.offset)) return;
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const raw = { key: String(message.key), value: String(message.value), headers };
      emitted.push(decodeEvent(raw as never) as CloudEvent<Record<string, any>>);
    },
  });

  const baseUrl = `${service.url}/api/news-feed`;
  const encoded = (id: string, { carrierId, version, ...event }: RegistryEventOf) => {
    const data =
      event.type === 'retired'
        ? { carrierId, version, retiredAt: START_TIME.toISOString() }
        : {
            carrierId,
            version,
            kind: 'incubator',
            level: 'national',
            name: event.name,
            aliases: event.aliases ?? [],
            operator: { name: `${event.name}运营有限公司`, type: 'company' },
            location: { province: '山东省', city: '德州市' },
            focusIndustries: ['智能制造'],
            honors: [],
            accepting: true,
            status: 'active',
            updatedAt: START_TIME.toISOString(),
          };
    return encodeEvent({
      specversion: '1.0',
      id,
      source: 'urn:shuangchuang:registry',
      type: `cn.shuangchuang.registry.incubator.${event.type}.v1`,
      subject: carrierId,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data,
    } as CloudEvent);
  };
  const publish = async (events: RegistryEventOf[]) => {
    const ids = events.map(() => randomUUID());
    const messages = events.map((event, i) => encoded(ids[i]!, event));
    await producer.send({ topic: 'registry.incubator.v1', messages });
    return ids;
  };
  return {
    service,
    baseUrl,
    logLines,
    clock,
    emitted,
    call: apiCaller(baseUrl),
    async startAnotherInstance() {
      const other = await startInstance();
      others.push(other);
      return { service: other, call: apiCaller(`${other.url}/api/news-feed`) };
    },
    token: (userId, roles) => signDevToken({ sub: userId, roles }),
    async publishCarrier({ type = 'created', ...carrier }) {
      await publish([{ type, ...carrier }]);
    },
    async publishRetired(carrierId, version) {
      await publish([{ type: 'retired', carrierId, version }]);
    },
    publishCarrierBatch: publish,
    async registryEventsHandled(eventIds) {
      const processed = service.exposed.models.carriers.db.collection('processed_events');
      const ids = eventIds.map((id) => `${REGISTRY_CONSUMER_GROUP}:${id}`);
      await eventually(
        async () =>
          (await processed.countDocuments({ _id: { $in: ids as never[] } })) === ids.length,
      );
    },
    async carrierVersion(carrierId, version) {
      await eventually(async () => (await service.exposed.carriers.version(carrierId)) === version);
    },
    async waitForEmitted(predicate, timeoutMs = 20_000) {
      let found: CloudEvent<Record<string, any>> | undefined;
      await eventually(async () => Boolean((found = emitted.find(predicate))), timeoutMs);
      return found!;
    },
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      for (const other of others) await other.stop();
      await service.stop();
      await infrastructure.stop();
    },
  };
}

export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });
