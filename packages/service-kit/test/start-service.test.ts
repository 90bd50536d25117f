// startService, the composition root of every service: listen, then join; closers in order;
// a failed start leaves no port open.
import mongoose from 'mongoose';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfrastructure, startVouchers } from './fixtures/running-vouchers.js';

let infrastructure: Awaited<ReturnType<typeof startInfrastructure>>;

beforeAll(async () => {
  infrastructure = await startInfrastructure();
});

afterAll(async () => {
  await infrastructure?.stop();
});

describe('startService', () => {
  it('listens before the service joins its consumer groups, so requests are answered meanwhile', async () => {
    let answeredWhileJoining: number | undefined;
    const vouchers = await startVouchers(infrastructure.config, {
      afterListening: async ({ url }) => {
        answeredWhileJoining = (await fetch(`${url}/healthz`)).status;
      },
    });
    try {
      expect(answeredWhileJoining).toBe(200);
    } finally {
      await vouchers.stop();
    }
  });

  it('uses a database named after the service and prepares its collections and the idempotency keys', async () => {
    const vouchers = await startVouchers(infrastructure.config);
    try {
      expect(vouchers.service.connection.name).toBe('vouchers');
      const names = (await vouchers.service.connection.db!.listCollections().toArray()).map(
        (c) => c.name,
      );
      expect(names).toEqual(expect.arrayContaining(['vouchers', 'idempotent_requests']));
    } finally {
      await vouchers.stop();
    }
  });

  it('drops the retired collections at start-up: two instances at once, then a restart without them', async () => {
    const config = { ...infrastructure.config, MONGO_DB_NAME: 'vouchers-retired' };
    const db = await mongoose
      .createConnection(config.MONGO_URL, { dbName: config.MONGO_DB_NAME })
      .asPromise();
    await db.collection('voucher_drafts').insertOne({ draft: 1 });
    const names = async () => (await db.db!.listCollections().toArray()).map((c) => c.name);
    expect(await names()).toContain('voucher_drafts');
    const retiring = { retiredCollections: ['voucher_drafts', 'never_existed'] };
    const both = await Promise.all([
      startVouchers(config, retiring),
      startVouchers(config, retiring),
    ]);
    await Promise.all(both.map((instance) => instance.stop()));
    expect(await names()).not.toContain('voucher_drafts');
    const restarted = await startVouchers(config, retiring);
    await restarted.stop();
    expect(await names()).toEqual(expect.arrayContaining(['vouchers', 'idempotent_requests']));
    expect(await names()).not.toContain('voucher_drafts');
    await db.close();
  });

  it('stops the HTTP server, then the closers in order, then the event backbone and the database', async () => {
    const order: string[] = [];
    const vouchers = await startVouchers(infrastructure.config, {
      closers: [
        { name: 'search index polling', close: () => void order.push('polling') },
        { name: 'consumer', close: () => void order.push('consumer') },
      ],
    });
    const { connection } = vouchers.service;
    expect(vouchers.service.closers.map((c) => c.name)).toEqual([
      'search index polling',
      'consumer',
      'token revocations',
      'event backbone',
      'mongo',
    ]);
    await vouchers.stop();
    expect(order).toEqual(['polling', 'consumer']);
    expect(connection.readyState).toBe(mongoose.ConnectionStates.disconnected);
    expect(await isListening(vouchers.service.port)).toBe(false);
  });

  it('closes the port and the database again when the start fails after listening', async () => {
    let port = 0;
    const failure = await startVouchers(infrastructure.config, {
      afterListening: async (listening) => {
        port = listening.port;
        expect(await isListening(port)).toBe(true);
        throw new Error('the consumer group could not be joined');
      },
    }).catch((error: unknown) => error);
    expect(String(failure)).toContain('could not be joined');
    expect(port).toBeGreaterThan(0);
    expect(await isListening(port)).toBe(false);
  });
});

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
