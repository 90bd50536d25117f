import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import {
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
