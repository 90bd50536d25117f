// The broker and database a test suite runs against. By default the project's embedded servers,
// in memory, on ports the OS picks; with TEST_INFRASTRUCTURE=containers, real Apache Kafka and
// MongoDB through testcontainers; with TEST_INFRASTRUCTURE=external, whatever KAFKA_BROKERS and
// MONGO_URL name. Suites call startTestInfrastructure() and never care which one they got.
import { start as startEmbeddedKafka, type BrokerOptions } from '@shuangchuang/embedded-kafka';
import { start as startEmbeddedMongo } from '@shuangchuang/embedded-mongo';

export type InfrastructureMode = 'embedded' | 'containers' | 'external';

export interface TestInfrastructure {
  mode: InfrastructureMode;
  kafkaBrokers: string[];
  mongoUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  mode?: InfrastructureMode;
  /** Start only what the suite needs. */
  kafka?: boolean;
  mongo?: boolean;
  /**
   * Settings of the embedded servers only (real ones are configured their own way), e.g. a faster
   * TTL monitor; a test that depends on one must allow for real servers' defaults.
   */
  embedded?: {
    kafka?: Omit<BrokerOptions, 'port' | 'dataDir'>;
    mongo?: NonNullable<Parameters<typeof startEmbeddedMongo>[0]>;
  };
}

export const KAFKA_IMAGE = 'apache/kafka:3.9.1';
export const MONGO_IMAGE = 'mongo:8.0';

export function infrastructureModeFromEnv(env = process.env): InfrastructureMode {
  const mode = env.TEST_INFRASTRUCTURE ?? 'embedded';
  if (mode === 'embedded' || mode === 'containers' || mode === 'external') return mode;
  throw new Error(`TEST_INFRASTRUCTURE must be embedded, containers or external, not "${mode}"`);
}

export async function startTestInfrastructure(
  options: StartOptions = {},
): Promise<TestInfrastructure> {
  const mode = options.mode ?? infrastructureModeFromEnv();
  const wantKafka = options.kafka ?? true;
  const wantMongo = options.mongo ?? true;
  if (mode === 'external') return externalInfrastructure(wantKafka, wantMongo);
  if (mode === 'containers') return containerInfrastructure(wantKafka, wantMongo);

  const [kafka, mongo] = await Promise.all([
    wantKafka
      ? startEmbeddedKafka({ logLevel: 'warn', ...options.embedded?.kafka, port: 0 })
      : undefined,
    wantMongo
      ? startEmbeddedMongo({ logLevel: 'warn', ...options.embedded?.mongo, port: 0 })
      : undefined,
  ]);
  return {
    mode,
    kafkaBrokers: kafka?.brokers ?? [],
    mongoUrl: mongo?.uri ?? '',
    async stop() {
      await Promise.all([kafka?.stop(), mongo?.stop()]);
    },
  };
}

function externalInfrastructure(wantKafka: boolean, wantMongo: boolean): TestInfrastructure {
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUrl = process.env.MONGO_URL;
  if (wantKafka && !brokers) throw new Error('TEST_INFRASTRUCTURE=external needs KAFKA_BROKERS');
  if (wantMongo && !mongoUrl) throw new Error('TEST_INFRASTRUCTURE=external needs MONGO_URL');
  return {
    mode: 'external',
    kafkaBrokers: brokers ? brokers.split(',').map((b) => b.trim()) : [],
    mongoUrl: mongoUrl ?? '',
    async stop() {},
  };
}

async function containerInfrastructure(
  wantKafka: boolean,
  wantMongo: boolean,
): Promise<TestInfrastructure> {
  // Loaded only here so suites on machines without Docker never touch testcontainers.
  const [{ KafkaContainer }, { MongoDBContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/mongodb'),
  ]);
  const [kafka, mongo] = await Promise.all([
    wantKafka ? new KafkaContainer(KAFKA_IMAGE).withKraft().start() : undefined,
    wantMongo ? new MongoDBContainer(MONGO_IMAGE).start() : undefined,
  ]);
  return {
    mode: 'containers',
    kafkaBrokers: kafka ? [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`] : [],
    // The container is a one-node replica set; directConnection keeps the driver on it.
    mongoUrl: mongo ? `${mongo.getConnectionString()}?directConnection=true` : '',
    async stop() {
      await Promise.all([kafka?.stop(), mongo?.stop()]);
    },
  };
}

export { containerRuntimeAvailability } from './container-runtime.js';
export {
  consumeFromNow,
  messagesFromNow,
  needsEmbeddedServers,
  stackInfrastructure,
  uniqueName,
} from './shared-servers.js';
export { apiCaller, type ApiCall, type ApiCallOptions, type ApiCallResult } from './api-caller.js';
export { startTestInfrastructureProcess, type InfrastructureProcess } from './child-process.js';
