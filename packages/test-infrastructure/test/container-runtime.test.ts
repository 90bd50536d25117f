import { describe, expect, it } from 'vitest';
import { containerRuntimeAvailability, infrastructureModeFromEnv } from '../src/index.js';

describe('infrastructure mode', () => {
  it('defaults to the embedded servers', () => {
    expect(infrastructureModeFromEnv({})).toBe('embedded');
  });

  it('accepts containers and external', () => {
    expect(infrastructureModeFromEnv({ TEST_INFRASTRUCTURE: 'containers' })).toBe('containers');
    expect(infrastructureModeFromEnv({ TEST_INFRASTRUCTURE: 'external' })).toBe('external');
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => infrastructureModeFromEnv({ TEST_INFRASTRUCTURE: 'docker' })).toThrow(
      /TEST_INFRASTRUCTURE/,
    );
  });
});

describe('container runtime detection', () => {
  it('gives a reason either way', async () => {
    const availability = await containerRuntimeAvailability(5_000);
    expect(typeof availability.available).toBe('boolean');
    expect(availability.reason.length).toBeGreaterThan(10);
    if (!availability.available) {
      expect(availability.reason).toMatch(/Docker/);
    }
  });
});

describe('embedded infrastructure', () => {
  it('starts a broker and a database that answer on real sockets, and stops them', async () => {
    const { startTestInfrastructure } = await import('../src/index.js');
    const { Kafka, logLevel } = await import('kafkajs');
    const { MongoClient } = await import('mongodb');
    const infrastructure = await startTestInfrastructure({ mode: 'embedded' });
    try {
      expect(infrastructure.mode).toBe('embedded');
      const admin = new Kafka({
        brokers: infrastructure.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'harness.check', numPartitions: 2 }] });
      expect(await admin.listTopics()).toContain('harness.check');
      await admin.disconnect();

      const client = new MongoClient(infrastructure.mongoUrl);
      await client.connect();
      await client.db('harness').collection('checks').insertOne({ ok: true });
      expect(await client.db('harness').collection('checks').countDocuments()).toBe(1);
      await client.close();
    } finally {
      await infrastructure.stop();
    }
  });
});
