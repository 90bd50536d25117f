import { randomUUID } from 'node:crypto';
import { decodeEvent, encodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { createLogger, signDevToken } from '@shuangchuang/service-kit';
import {
  apiCaller,
  consumeFromNow,
  messagesFromNow,
  startTestInfrastructure,
  uniqueName,
  type ApiCallOptions as CallOptions,
  type ApiCallResult as CallResult,
} from '@shuangchuang/test-infrastructure';
import { decodeJwt } from 'jose';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Writable } from 'node:stream';
import { loadIntakeConfig, type IntakeConfig } from '../../src/config.js';
import { REGISTRY_CONSUMER_GROUP } from '../../src/events/handlers/registry-subscription.js';
import { startIntake, type RunningIntake } from './start-intake.js';

/**
 * The service as it runs in production, against the test infrastructure's database and broker
 * over real sockets: an HTTP client, token minting, a registry-event publisher and an event recorder.
 */
export interface IntakeHarness {
  service: RunningIntake;
  /** the validated configuration the service runs with (to start another replica) */
  config: IntakeConfig;
  /** the database and broker, for a second service in the same test */
  infrastructure: { mongoUrl: string; kafkaBrokers: string[] };
  baseUrl: string;
  logLines: string[];
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  founderToken(founderId: string): Promise<string>;
  staffToken(userId: string, roles: string[], carrierIds: string[]): Promise<string>;
  publishCarrier(
    carrier: Partial<CarrierEventData> & { carrierId: string; version: number },
    type?: 'created' | 'updated',
  ): Promise<void>;
  publishRetired(carrierId: string, version: number): Promise<void>;
  /** Waits until the read model holds this version of the carrier. */
  carrierVersion(carrierId: string, version: number): Promise<void>;
  /** Every intake.application.v1 event seen so far. */
  emitted: CloudEvent<Record<string, unknown>>[];
  rawEmitted: { key: string; value: string; headers: Record<string, string> }[];
  /** Every identity.token.v1 event (token revocations) this harness's tests caused. */
  revocations: CloudEvent<Record<string, unknown>>[];
  /** Waits for the revocation of this token (by its jti). */
  waitForRevoked(token: string, timeoutMs?: number): Promise<CloudEvent<Record<string, unknown>>>;
  waitForEmitted(
    predicate: (event: CloudEvent<Record<string, unknown>>) => boolean,
    timeoutMs?: number,
  ): Promise<CloudEvent<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export type { CallOptions, CallResult };

type CarrierEventData = {
  carrierId: string;
  version: number;
  name: string;
  accepting: boolean;
  status: 'active' | 'retired';
};

export const FIXED_NOW = new Date('2026-11-20T02:30:00Z');

export async function startIntakeHarness(
  options: {
    now?: () => Date;
    env?: Record<string, string>;
    /** the driver reports every command of the service's connection (tests count round trips) */
    monitorCommands?: boolean;
  } = {},
): Promise<IntakeHarness> {
  const infrastructure = await startTestInfrastructure();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadIntakeConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    MONGO_URL: options.monitorCommands
      ? `${infrastructure.mongoUrl}${infrastructure.mongoUrl.includes('?') ? '&' : '?'}monitorCommands=true`
      : infrastructure.mongoUrl,
    MONGO_DB_NAME: uniqueName('application-intake'),
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    ...options.env,
  });
  await consumeFromNow(infrastructure.kafkaBrokers, [
    { groupId: REGISTRY_CONSUMER_GROUP, topic: 'registry.incubator.v1' },
  ]);
  const service = await startIntake(config, {
    now: options.now,
    logger: createLogger({ service: 'application-intake', level: 'info', destination }),
  });

  const client = new Kafka({
    clientId: 'intake-test',
    brokers: infrastructure.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = client.producer();
  await producer.connect();
  const consumer: Consumer = client.consumer({ groupId: `intake-test-${randomUUID()}` });
  await consumer.connect();
  const isNew = {
    'intake.application.v1': await messagesFromNow(
      infrastructure.kafkaBrokers,
      'intake.application.v1',
    ),
    'identity.token.v1': await messagesFromNow(infrastructure.kafkaBrokers, 'identity.token.v1'),
  };
  await consumer.subscribe({ topics: Object.keys(isNew), fromBeginning: true });
  const emitted: CloudEvent<Record<string, unknown>>[] = [];
  const rawEmitted: IntakeHarness['rawEmitted'] = [];
  const revocations: CloudEvent<Record<string, unknown>>[] = [];
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (!isNew[topic as keyof typeof isNew](partition, message.offset)) return;
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const raw = { key: String(message.key), value: String(message.value), headers };
      if (topic === 'identity.token.v1') {
        revocations.push(decodeEvent(raw as never) as CloudEvent<Record<string, unknown>>);
        return;
      }
      rawEmitted.push(raw);
      emitted.push(decodeEvent(raw as never) as CloudEvent<Record<string, unknown>>);
    },
  });

  const baseUrl = `${service.url}/api/application-intake`;
  const harness: IntakeHarness = {
    service,
    config,
    infrastructure: {
      mongoUrl: infrastructure.mongoUrl,
      kafkaBrokers: infrastructure.kafkaBrokers,
    },
    baseUrl,
    logLines,
    emitted,
    rawEmitted,
    revocations,
    async waitForRevoked(token, timeoutMs = 15_000) {
      const { jti } = decodeJwt(token);
      let found: CloudEvent<Record<string, unknown>> | undefined;
      await eventually(
        async () => Boolean((found = revocations.find((e) => e.data.tokenId === jti))),
        timeoutMs,
      );
      return found!;
    },
    call: apiCaller(baseUrl),
    founderToken: (founderId) => signDevToken({ sub: founderId, roles: ['founder'] }),
    staffToken: (userId, roles, carrierIds) => signDevToken({ sub: userId, roles, carrierIds }),
    async publishCarrier(carrier, type = 'updated') {
      const data = {
        kind: 'incubator',
        level: 'provincial',
        name: '启迪之星（德州）',
        aliases: [],
        operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
        location: { province: '山东省', city: '德州市' },
        focusIndustries: ['智能制造'],
        honors: [],
        accepting: true,
        status: 'active',
        updatedAt: FIXED_NOW.toISOString(),
        ...carrier,
      };
      await publish(
        producer,
        `cn.shuangchuang.registry.incubator.${type}.v1`,
        carrier.carrierId,
        data,
      );
    },
    async publishRetired(carrierId, version) {
      await publish(producer, 'cn.shuangchuang.registry.incubator.retired.v1', carrierId, {
        carrierId,
        version,
        retiredAt: FIXED_NOW.toISOString(),
      });
    },
    async carrierVersion(carrierId, version) {
      await eventually(
        async () => (await service.exposed.context.carriers.find(carrierId))?.version === version,
      );
    },
    async waitForEmitted(predicate, timeoutMs = 15_000) {
      let found: CloudEvent<Record<string, unknown>> | undefined;
      await eventually(async () => Boolean((found = emitted.find(predicate))), timeoutMs);
      return found!;
    },
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await service.stop();
      await infrastructure.stop();
    },
  };
  return harness;
}

async function publish(
  producer: Producer,
  type: string,
  carrierId: string,
  data: unknown,
): Promise<void> {
  const encoded = encodeEvent({
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:shuangchuang:registry',
    type,
    subject: carrierId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  } as CloudEvent);
  await producer.send({ topic: 'registry.incubator.v1', messages: [encoded] });
}

export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
