// idempotentlyKept: the key kept on the document the work writes, on the embedded database over
// a real socket. A small "booking" store holds its keys the way a service would.
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import mongoose, { type ClientSession, type Connection } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIdempotency,
  isDuplicateKey,
  KeptKeyTakenError,
  type Idempotency,
  type KeptRequestKey,
} from '../src/index.js';

interface Booking {
  _id: string;
  room: string;
  requestKeys: KeptRequestKey[];
}

let mongo: Awaited<ReturnType<typeof startMongo>>;
let connection: Connection;
let idempotency: Idempotency;
let bookings: mongoose.mongo.Collection<Booking>;
let runs = 0;

beforeAll(async () => {
  mongo = await startMongo({ port: 0 });
  connection = await mongoose.createConnection(mongo.uri, { dbName: 'kept-keys' }).asPromise();
  idempotency = createIdempotency(connection);
  bookings = connection.db!.collection<Booking>('bookings');
  await bookings.createIndex(
    { 'requestKeys.id': 1 },
    { unique: true, partialFilterExpression: { 'requestKeys.id': { $exists: true } } },
  );
});
afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

/** Books a room once per key: reads any booking holding the key, else inserts one holding it. */
function book(user: string, key: string, room: string, holdMs = 0) {
  return idempotency.idempotentlyKept(
    `${user}|`,
    key,
    `book ${room}`,
    async (session: ClientSession, kept) => {
      runs++;
      const holder = await bookings.findOne({ 'requestKeys.id': kept.id }, { session });
      if (holder) {
        const earlier = holder.requestKeys.find((k) => k.id === kept.id)!;
        return { earlier, answer: holder._id };
      }
      const id = `b-${room}-${Math.random().toString(36).slice(2)}`;
      if (holdMs) await sleep(holdMs);
      try {
        await bookings.insertOne({ _id: id, room, requestKeys: [kept] }, { session });
      } catch (error) {
        throw isDuplicateKey(error) ? new KeptKeyTakenError() : error;
      }
      return { answer: id };
    },
  );
}

describe('idempotentlyKept', () => {
  it('does the work once and answers a retry with the first answer', async () => {
    const first = await book('u1', 'key-0001', 'A');
    const again = await book('u1', 'key-0001', 'A');
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect(await bookings.countDocuments({ room: 'A' })).toBe(1);
  });

  it('keeps keys apart per scope', async () => {
    const mine = await book('u1', 'key-0002', 'B');
    const theirs = await book('u2', 'key-0002', 'B');
    expect(theirs.answer).not.toBe(mine.answer);
  });

  it('refuses the key reused for another request with 422', async () => {
    await book('u1', 'key-0003', 'C');
    await expect(book('u1', 'key-0003', 'D')).rejects.toMatchObject({ status: 422 });
    expect(await bookings.countDocuments({ room: 'D' })).toBe(0);
  });

  it('refuses a missing or malformed header with 400 before any work', async () => {
    const before = runs;
    await expect(book('u1', '', 'E')).rejects.toMatchObject({ status: 400 });
    await expect(book('u1', 'ключ', 'E')).rejects.toMatchObject({ status: 400 });
    expect(runs).toBe(before);
  });

  it('10 concurrent identical requests: one effect, one answer', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => book('u3', 'key-0004', 'F', 20)),
    );
    const answers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.answer] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    // a twin still running when the budget ends is 409 with Retry-After, never anything else
    for (const reason of refused) expect(reason).toMatchObject({ status: 409 });
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers).size).toBe(1);
    expect(await bookings.countDocuments({ room: 'F' })).toBe(1);
  });
});
