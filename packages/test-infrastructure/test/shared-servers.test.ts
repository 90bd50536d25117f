import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import {
  consumeFromNow,
  messagesFromNow,
  needsEmbeddedServers,
  startTestInfrastructure,
  uniqueName,
} from '../src/index.js';

describe('needsEmbeddedServers', () => {
  it('lets the test run on the embedded servers', () => {
    expect(needsEmbeddedServers('killing the broker', {})).toBeNull();
  });

  it('prints and returns why it is skipped against containers or external servers', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const reason = needsEmbeddedServers('killing the broker', { TEST_INFRASTRUCTURE: 'external' });
    expect(reason).toMatch(/^killing the broker skipped: .*TEST_INFRASTRUCTURE=external/);
    expect(log).toHaveBeenCalledWith(reason);
    log.mockRestore();
  });
});

describe('uniqueName', () => {
  it('keeps the base and never repeats', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('registry')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^registry-[0-9a-f]{8}$/);
  });
});

describe('messagesFromNow', () => {
  it('passes only what is written to the topic after the call', async () => {
    const infrastructure = await startTestInfrastructure({ mongo: false });
    const kafka = new Kafka({ brokers: infrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('recorded');
    const producer = kafka.producer();
    try {
      expect((await messagesFromNow(infrastructure.kafkaBrokers, topic))(0, '0')).toBe(true);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await admin.disconnect();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'before' }, { value: 'before' }] });
      const isNew = await messagesFromNow(infrastructure.kafkaBrokers, topic);
      await producer.send({ topic, messages: [{ value: 'after' }] });
      expect([isNew(0, '0'), isNew(0, '1'), isNew(0, '2')]).toEqual([false, false, true]);
    } finally {
      await producer.disconnect();
      await infrastructure.stop();
    }
  });
});

describe('consumeFromNow', () => {
  it('moves a group, known or new, to the end of its topic', async () => {
    const infrastructure = await startTestInfrastructure({ mongo: false });
    const kafka = new Kafka({ brokers: infrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('history');
    const [known, fresh] = [uniqueName('known-group'), uniqueName('new-group')];
    const admin = kafka.admin();
    const producer = kafka.producer();
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
      await producer.connect();
      await producer.send({
        topic,
        messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })),
      });
      await admin.setOffsets({
        groupId: known,
        topic,
        partitions: [{ partition: 0, offset: '0' }],
      });
      await consumeFromNow(infrastructure.kafkaBrokers, [
        { groupId: known, topic },
        { groupId: fresh, topic },
        { groupId: known, topic: uniqueName('not-yet-created') },
      ]);
      const ends = await admin.fetchTopicOffsets(topic);
      for (const groupId of [known, fresh]) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        expect(committed!.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
          ends.map((p) => [p.partition, p.high]).sort(),
        );
      }
    } finally {
      await producer.disconnect();
      await admin.disconnect();
      await infrastructure.stop();
    }
  });

  it('leaves a group that has a live member where it is, and says so', async () => {
    const infrastructure = await startTestInfrastructure({ mongo: false });
    const kafka = new Kafka({ brokers: infrastructure.kafkaBrokers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('busy');
    const groupId = uniqueName('busy-group');
    const consumer = kafka.consumer({ groupId });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await admin.disconnect();
      const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => {} });
      await joined;
      await consumeFromNow(infrastructure.kafkaBrokers, [{ groupId, topic }], 300);
      expect(log).toHaveBeenCalledWith(expect.stringContaining(`${groupId} left as it is`));
    } finally {
      log.mockRestore();
      await consumer.disconnect();
      await infrastructure.stop();
    }
  });
});
