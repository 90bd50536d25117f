import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AssignerProtocol, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka, waitUntil } from './support/kafkajs.js';

const TOPIC = 'intake.application.v1';
const GROUP = 'statistics';
const PARTITIONS = 6;

let broker: RunningBroker;
let kafka: Kafka;
let admin: Admin;
const consumed = new Map<string, Set<string>>(); // value -> members that processed it
const consumers: Consumer[] = [];
let child: ChildProcess | undefined;

beforeAll(async () => {
  // Members use a 3 s session, under Kafka's 6 s minimum: lowered so a killed member goes quickly.
  broker = await start({ port: 0, groupMinSessionTimeoutMs: 1_000, logLevel: 'silent' });
  kafka = quietKafka(broker.brokers);
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  for (const consumer of consumers) await consumer.disconnect().catch(() => {});
  await admin?.disconnect();
  await broker?.stop();
});

function record(member: string, value: string): void {
  let members = consumed.get(value);
  if (!members) consumed.set(value, (members = new Set()));
  members.add(member);
}

/** Partitions currently being processed, to catch two members working on one at the same time. */
const inFlight = new Map<number, string>();
const overlaps: string[] = [];

async function inProcessMember(name: string): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: GROUP,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 200,
  });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const other = inFlight.get(partition);
      if (other && other !== name) overlaps.push(`${name} and ${other} on partition ${partition}`);
      inFlight.set(partition, name);
      await new Promise((resolve) => setImmediate(resolve));
      record(name, message.value!.toString());
      inFlight.delete(partition);
    },
  });
  return consumer;
}

function killableMember(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./fixtures/group-member.mjs', import.meta.url));
  const proc = spawn(process.execPath, [script, broker.brokers[0]!, GROUP, TOPIC], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; value?: string };
      if (event.event === 'joined') resolve(proc);
      if (event.event === 'message') record('child', event.value!);
    });
  });
}

/** Waits for a stable generation with `members` members and checks its assignment. */
async function expectStableAssignment(members: number): Promise<void> {
  let owners: number[] = [];
  await waitUntil(async () => {
    const { groups } = await admin.describeGroups([GROUP]);
    const group = groups[0]!;
    if (group.state !== 'Stable' || group.members.length !== members) return false;
    owners = group.members.flatMap((m) => {
      const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return assignment?.assignment[TOPIC] ?? [];
    });
    return true;
  }, `a stable group of ${members}`);
  // Each partition owned by exactly one member of the generation.
  expect(owners.sort()).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));
}

async function produce(prefix: string, count: number): Promise<string[]> {
  const producer = kafka.producer();
  await producer.connect();
  const values = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await producer.send({
    topic: TOPIC,
    messages: values.map((value, i) => ({ key: `application-${i % 17}`, value })),
  });
  await producer.disconnect();
  return values;
}

test('a group of 3 rebalances when a member leaves and when one dies, and consumes everything', async () => {
  await inProcessMember('a');
  await inProcessMember('b');
  child = await killableMember();
  await expectStableAssignment(3);
  const wave1 = await produce('wave1', 300);
  await waitUntil(() => wave1.every((v) => consumed.has(v)), 'wave 1 consumed');

  // One member leaves cleanly (LeaveGroup).
  await consumers[1]!.disconnect();
  await expectStableAssignment(2);
  const wave2 = await produce('wave2', 300);
  await waitUntil(() => wave2.every((v) => consumed.has(v)), 'wave 2 consumed');

  // One member dies: no LeaveGroup, no more heartbeats; the session timeout removes it.
  child.kill('SIGKILL');
  await expectStableAssignment(1);
  const wave3 = await produce('wave3', 300);
  await waitUntil(() => wave3.every((v) => consumed.has(v)), 'wave 3 consumed');

  expect(overlaps).toEqual([]);
  expect([...consumed.values()].some((members) => members.has('child'))).toBe(true);
  expect(
    [...consumed.keys()]
      .filter((v) => v.startsWith('wave3'))
      .every((v) => consumed.get(v)!.has('a')),
  ).toBe(true);

  // Offsets were committed for every partition up to the end of the log.
  await waitUntil(async () => {
    const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    const ends = await admin.fetchTopicOffsets(TOPIC);
    return committed!.partitions.every(
      (p) => p.offset === ends.find((e) => e.partition === p.partition)!.high,
    );
  }, 'offsets committed to the end');
  const { groups } = await admin.listGroups();
  expect(groups).toContainEqual({ groupId: GROUP, protocolType: 'consumer' });
}, 90_000);
