// What suites need when the broker and database may be shared (TEST_INFRASTRUCTURE=external, where
// every suite of the repository runs one after another against the same servers): names of their
// own, only the messages they caused, and a printed skip for tests that need servers they can kill.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { infrastructureModeFromEnv, startTestInfrastructure } from './index.js';

/** `base` with a random suffix: a database or topic no other suite (or earlier run) uses. */
export function uniqueName(base: string): string {
  return `${base}-${randomUUID().slice(0, 8)}`;
}

/**
 * Null where the embedded servers run (the default), so the test may kill, restart or inspect
 * them; otherwise the reason it cannot, printed once as the skip line. Use with `describe.skipIf`.
 */
export function needsEmbeddedServers(what: string, env = process.env): string | null {
  const mode = infrastructureModeFromEnv(env);
  if (mode === 'embedded') return null;
  const reason = `${what} skipped: it kills, restarts or inspects the embedded broker or database, and TEST_INFRASTRUCTURE=${mode} runs against servers it cannot`;
  console.log(reason);
  return reason;
}

/**
 * A filter that passes only messages written to `topic` after this call: a recorder reading the
 * topic from the beginning then sees what its own test caused, not what earlier suites left.
 */
export async function messagesFromNow(
  brokers: string[],
  topic: string,
): Promise<(partition: number, offset: string) => boolean> {
  const admin = new Kafka({
    brokers,
    clientId: 'test-recorder',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return () => true;
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
    );
    return (partition, offset) => Number(offset) >= (ends.get(partition) ?? 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * What `startStack` (infra/local) needs to run the whole system on the suite's servers: nothing
 * where the embedded ones run (the stack starts them as child processes a test may kill), else
 * the containers' or external servers' addresses and database names of this run's own.
 */
export async function stackInfrastructure(): Promise<{
  options: { kafkaBrokers?: string; mongoUrl?: string; databaseSuffix?: string };
  stop(): Promise<void>;
}> {
  if (infrastructureModeFromEnv() === 'embedded') return { options: {}, stop: async () => {} };
  const infrastructure = await startTestInfrastructure();
  return {
    options: {
      kafkaBrokers: infrastructure.kafkaBrokers.join(','),
      mongoUrl: infrastructure.mongoUrl,
      databaseSuffix: uniqueName(''),
    },
    stop: () => infrastructure.stop(),
  };
}

/**
 * Moves consumer groups to the end of their topics, so the service a test starts next consumes
 * only what is published from now on, as on a fresh broker, not what earlier suites left. Only a
 * group without live members can be moved: one still in use after `timeoutMs` is left where it
 * is, with a printed line (its members consume from where it stands).
 */
export async function consumeFromNow(
  brokers: string[],
  subscriptions: { groupId: string; topic: string }[],
  timeoutMs = 5_000,
): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'test-groups', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = new Set(await admin.listTopics());
    // kafkajs moves a group by joining it and waiting for a fetch (about 5 s): all at once.
    await Promise.all(
      subscriptions
        .filter(({ topic }) => topics.has(topic)) // a topic created later is empty: nothing to skip
        .map(async ({ groupId, topic }) => {
          const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({
            partition: p.partition,
            offset: p.high,
          }));
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            try {
              await admin.setOffsets({ groupId, topic, partitions });
              return;
            } catch (error) {
              if (Date.now() > deadline) {
                console.log(
                  `consumeFromNow: ${groupId} left as it is (${(error as Error).message})`,
                );
                return;
              }
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          }
        }),
    );
  } finally {
    await admin.disconnect();
  }
}
