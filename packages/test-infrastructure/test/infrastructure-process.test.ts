import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startTestInfrastructureProcess, uniqueName } from '../src/index.js';

describe('startTestInfrastructureProcess', () => {
  it('runs the broker and database in a child process that answers, then ends with stop()', async () => {
    const infrastructure = await startTestInfrastructureProcess();
    try {
      expect(infrastructure.pid).not.toBe(process.pid);
      expect(() => process.kill(infrastructure.pid, 0)).not.toThrow();

      const client = await new MongoClient(infrastructure.mongoUrl).connect();
      expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
      await client.close();

      const admin = new Kafka({
        brokers: infrastructure.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      expect(
        await admin.createTopics({ topics: [{ topic: uniqueName('child-process-check') }] }),
      ).toBe(true);
      await admin.disconnect();
    } finally {
      await infrastructure.stop();
    }
    expect(() => process.kill(infrastructure.pid, 0)).toThrow();
  });
});
