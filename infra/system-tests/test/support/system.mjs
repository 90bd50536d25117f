// What the system suites share: the stack, tokens, polling with a deadline, the bus and the databases.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { readPrivateKeyFile, signDevToken } from '@shuangchuang/service-kit';
import { createIntakeClient } from '@shuangchuang/contracts';
import { stackInfrastructure } from '@shuangchuang/test-infrastructure';
import { startStack } from '../../../local/stack.mjs';

export { randomUUID };

/**
 * Starts everything on ports the OS picks (in memory unless a dataDir), on the embedded servers
 * or those TEST_INFRASTRUCTURE names; the caller stops it.
 */
export async function startSystem(options = {}) {
  const started = Date.now();
  const infrastructure = await stackInfrastructure();
  const stack = await startStack({
    // journeys of many users come from this one address: per-client limits would refuse them
    rateLimits: false,
    ...options,
    ...infrastructure.options,
    ephemeral: true,
    onProgress: (line) => process.env.STACK_VERBOSE && console.log(`[stack] ${line}`),
  });
  const stopStack = stack.stop;
  stack.stop = async () => {
    await stopStack();
    await infrastructure.stop();
  };
  stack.startMs = Date.now() - started;
  signingKey = readPrivateKeyFile(stack.tokenKeys.privateKeyFile, 'ES256');
  return stack;
}

/** The private key of the stack started last: staff tokens are signed as `npm run token` does. */
let signingKey;

export function staffToken({ sub, roles, carrierIds = [], name, ttl, issuedAt }) {
  if (!signingKey) throw new Error('staffToken: start the system first (startSystem)');
  return signDevToken({ privateJwk: signingKey, sub, roles, carrierIds, name, ttl, issuedAt });
}

/** A founder token from application-intake's login with the development exchanger. */
export async function founderLogin(gatewayUrl, name) {
  const intake = createIntakeClient({ baseUrl: gatewayUrl });
  const { data, error, response } = await intake.POST('/auth/login', {
    body: { code: `dev:${name}` },
  });
  if (!data) throw new Error(`login ${name}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/**
 * Calls `probe` until it returns something truthy, or throws after `timeoutMs` with the last
 * value seen (a probe that throws counts as not yet).
 */
export async function eventually(
  probe,
  { timeoutMs = 60_000, intervalMs = 250, what = 'condition' } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `${what} did not hold within ${timeoutMs} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
  );
}

/** Reads a topic from the beginning into `messages` until stopped. */
export async function readTopic(brokers, topic) {
  const kafka = new Kafka({
    clientId: 'system-tests',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `system-tests-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]),
      );
      const text = message.value?.toString() ?? '';
      let data;
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
      messages.push({ key: message.key?.toString(), headers, text, data });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

export async function connectMongo(url) {
  const client = new MongoClient(url);
  await client.connect();
  return client;
}
