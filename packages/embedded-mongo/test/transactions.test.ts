import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = await new MongoClient(server.uri).connect();
  await client.db('tx').collection('seats').createIndex({ seat: 1 }, { unique: true });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('transactions (mongodb driver)', () => {
  it('commits inserts, updates and deletes across collections together', async () => {
    const db = client.db('tx');
    await db.collection('accounts').insertMany([
      { _id: 'a' as never, balance: 100 },
      { _id: 'b' as never, balance: 0 },
    ]);
    await client.withSession((session) =>
      session.withTransaction(async () => {
        await db
          .collection('accounts')
          .updateOne({ _id: 'a' as never }, { $inc: { balance: -40 } }, { session });
        await db
          .collection('accounts')
          .updateOne({ _id: 'b' as never }, { $inc: { balance: 40 } }, { session });
        await db.collection('ledger').insertOne({ from: 'a', to: 'b', amount: 40 }, { session });
        await db.collection('accounts').deleteOne({ _id: 'missing' as never }, { session });
      }),
    );
    const balances = await db.collection('accounts').find().sort({ _id: 1 }).toArray();
    expect(balances.map((d) => d.balance)).toEqual([60, 40]);
    expect(await db.collection('ledger').countDocuments()).toBe(1);
  });

  it('sees its own writes, hides them from others, and discards them on abort', async () => {
    const seats = client.db('tx').collection('seats');
    const session = client.startSession();
    session.startTransaction();
    await seats.insertOne({ seat: 'A1' }, { session });
    expect(await seats.countDocuments({ seat: 'A1' }, { session })).toBe(1);
    expect(await seats.countDocuments({ seat: 'A1' })).toBe(0);
    const duplicate = await seats.insertOne({ seat: 'A1' }, { session }).catch((e) => e);
    expect(duplicate.code).toBe(11000);
    // A failed statement aborts the transaction, as in mongod.
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect(await seats.countDocuments({ seat: 'A1' })).toBe(0);
  });

  it('fails the commit with WriteConflict when a document changed underneath', async () => {
    const seats = client.db('tx').collection('seats');
    await seats.insertOne({ seat: 'B1', holder: null });
    const session = client.startSession();
    session.startTransaction();
    await seats.updateOne({ seat: 'B1' }, { $set: { holder: 'in-transaction' } }, { session });
    await seats.updateOne({ seat: 'B1' }, { $set: { holder: 'outside' } });
    const error = await session.commitTransaction().catch((e) => e);
    expect(error.code).toBe(112);
    await session.endSession();
    expect((await seats.findOne({ seat: 'B1' }))!.holder).toBe('outside');
  });

  it('lets withTransaction retry after a transient conflict', async () => {
    const seats = client.db('tx').collection('seats');
    await seats.insertOne({ seat: 'C1', count: 0 });
    let attempts = 0;
    await client.withSession((session) =>
      session.withTransaction(async () => {
        attempts++;
        await seats.updateOne({ seat: 'C1' }, { $inc: { count: 1 } }, { session });
        if (attempts === 1) await seats.updateOne({ seat: 'C1' }, { $inc: { count: 100 } });
      }),
    );
    expect(attempts).toBe(2);
    expect((await seats.findOne({ seat: 'C1' }))!.count).toBe(101);
  });

  it('serializes concurrent increments through conflicts and retries', async () => {
    const seats = client.db('tx').collection('seats');
    await seats.insertOne({ seat: 'D1', count: 0 });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        client.withSession((session) =>
          session.withTransaction(async () => {
            const doc = await seats.findOne({ seat: 'D1' }, { session });
            await seats.updateOne({ seat: 'D1' }, { $set: { count: doc!.count + 1 } }, { session });
          }),
        ),
      ),
    );
    expect((await seats.findOne({ seat: 'D1' }))!.count).toBe(5);
  });
});
