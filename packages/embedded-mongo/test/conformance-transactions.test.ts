// Transactions as a MongoDB 6.0 replica set runs them, in our own words and data: snapshot reads,
// write conflicts the driver retries, DDL visible only after commit, commands refused inside a
// transaction, write concerns a one-member set cannot satisfy, and the transaction lifetime limit.
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type Db } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';
import { serverWithDriver } from './driver-session.js';

const running = serverWithDriver();
const client = () => running.client;
let db: Db;

beforeEach(async () => {
  db = client().db('txn-conformance');
  await db.dropDatabase();
  await db.collection('applications').insertMany([
    { _id: 'a1' as never, carrier: '启迪之星', status: 'submitted' },
    { _id: 'a2' as never, carrier: '长江众创空间', status: 'submitted' },
  ]);
});

const applications = () => db.collection('applications');

describe('reads in a transaction', () => {
  it('see the data as of the transaction start plus its own writes (snapshot)', async () => {
    const session = client().startSession();
    session.startTransaction();
    expect(await applications().countDocuments({}, { session })).toBe(2);
    // Others commit after the transaction began: an update, an insert and a delete.
    await applications().updateOne({ _id: 'a1' as never }, { $set: { status: 'accepted' } });
    await applications().insertOne({
      _id: 'a3' as never,
      carrier: '滨海加速器',
      status: 'submitted',
    });
    await applications().deleteOne({ _id: 'a2' as never });
    await applications().insertOne({ _id: 'mine' as never, status: 'draft' }, { session });

    const seen = await applications().find({}, { session }).sort({ _id: 1 }).toArray();
    expect(seen.map((doc) => [doc._id, doc.status])).toEqual([
      ['a1', 'submitted'],
      ['a2', 'submitted'],
      ['mine', 'draft'],
    ]);
    expect(await applications().findOne({ status: 'accepted' }, { session })).toBeNull();
    await session.abortTransaction();
    await session.endSession();
    expect(await applications().countDocuments()).toBe(2);
  });
});

describe('write conflicts', () => {
  it('are WriteConflict (112) with the TransientTransactionError label', async () => {
    const first = client().startSession();
    const second = client().startSession();
    first.startTransaction();
    second.startTransaction();
    await applications().updateOne(
      { _id: 'a1' as never },
      { $set: { status: 'accepted' } },
      { session: first },
    );
    const conflict = await applications()
      .updateOne({ _id: 'a1' as never }, { $set: { status: 'rejected' } }, { session: second })
      .catch((error) => error);
    expect(conflict).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect(conflict.hasErrorLabel('TransientTransactionError')).toBe(true);
    await first.commitTransaction();
    await second.abortTransaction().catch(() => undefined);
    await Promise.all([first.endSession(), second.endSession()]);
  });

  it('include a unique key another client committed after the transaction began', async () => {
    await db.collection('seats').createIndex({ seat: 1 }, { unique: true });
    const session = client().startSession();
    session.startTransaction();
    await applications().findOne({}, { session });
    await db.collection('seats').insertOne({ seat: 'A1', holder: '李雷' });
    const conflict = await db
      .collection('seats')
      .insertOne({ seat: 'A1', holder: '韩梅梅' }, { session })
      .catch((error) => error);
    // WiredTiger sees a key written after the snapshot as a conflict, not yet a duplicate.
    expect(conflict).toMatchObject({ code: 112 });
    expect(conflict.hasErrorLabel('TransientTransactionError')).toBe(true);
    await session.endSession();
    // Retried, the transaction reads the committed seat and the key is a duplicate.
    const retried = await client()
      .withSession((again) =>
        again.withTransaction(() =>
          db.collection('seats').insertOne({ seat: 'A1', holder: '韩梅梅' }, { session: again }),
        ),
      )
      .catch((error) => error);
    expect(retried).toMatchObject({ code: 11000 });
  });

  it('are retried by withTransaction until every increment lands', async () => {
    await db.collection('counters').insertOne({ _id: 'seq' as never, value: 0 });
    await Promise.all(
      Array.from({ length: 8 }, () =>
        client().withSession((session) =>
          session.withTransaction(async () => {
            const counter = await db
              .collection('counters')
              .findOne({ _id: 'seq' as never }, { session });
            await db
              .collection('counters')
              .updateOne(
                { _id: 'seq' as never },
                { $set: { value: counter!.value + 1 } },
                { session },
              );
          }),
        ),
      ),
    );
    expect((await db.collection('counters').findOne({ _id: 'seq' as never }))?.value).toBe(8);
  });
});

describe('DDL in a transaction', () => {
  it('creates collections and their indexes visible to others only after commit', async () => {
    const session = client().startSession();
    session.startTransaction();
    await db.createCollection('reviews', { session });
    await db.collection('reviews').createIndex({ reviewer: 1 }, { unique: true, session });
    await db.collection('reviews').insertOne({ reviewer: '王芳' }, { session });
    const outside = await db.listCollections({ name: 'reviews' }).toArray();
    expect(outside).toEqual([]);
    expect(await db.collection('reviews').countDocuments({}, { session })).toBe(1);
    await session.commitTransaction();
    await session.endSession();
    expect((await db.listCollections({ name: 'reviews' }).toArray()).map((c) => c.name)).toEqual([
      'reviews',
    ]);
    await expect(db.collection('reviews').insertOne({ reviewer: '王芳' })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('leaves nothing behind when the transaction aborts', async () => {
    const session = client().startSession();
    session.startTransaction();
    await db.collection('drafts').insertOne({ title: '草稿' }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await db.listCollections({ name: 'drafts' }).toArray()).toEqual([]);
  });

  it('refuses new indexes on a collection that existed before the transaction', async () => {
    const session = client().startSession();
    session.startTransaction();
    await expect(applications().createIndex({ status: 1 }, { session })).rejects.toMatchObject({
      codeName: 'OperationNotSupportedInTransaction',
    });
    await session.endSession();
  });
});

describe('commands refused in a transaction', () => {
  it('count is OperationNotSupportedInTransaction (263), without a transient label', async () => {
    const session = client().startSession();
    session.startTransaction();
    await applications().findOne({}, { session });
    const refused = await db
      .command({ count: 'applications' }, { session })
      .catch((error) => error);
    expect(refused).toMatchObject({ code: 263, codeName: 'OperationNotSupportedInTransaction' });
    expect(refused.hasErrorLabel('TransientTransactionError')).toBe(false);
    // countDocuments is an aggregation, which transactions allow.
    await session.abortTransaction().catch(() => undefined);
    session.startTransaction();
    expect(await applications().countDocuments({}, { session })).toBe(2);
    await session.abortTransaction();
    await session.endSession();
  });
});

describe('write concern on a one-member replica set', () => {
  it('w greater than the members is UnsatisfiableWriteConcern (100), the write applied', async () => {
    const error = await applications()
      .insertOne({ _id: 'a9' as never, status: 'submitted' }, { writeConcern: { w: 2 } })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: 100, codeName: 'UnsatisfiableWriteConcern' });
    expect(await applications().countDocuments({ _id: 'a9' as never })).toBe(1);
  });

  it('on commit, the transaction committed but the commit reports the error', async () => {
    const session = client().startSession();
    session.startTransaction({ writeConcern: { w: 10 } });
    await applications().insertOne({ _id: 'a10' as never }, { session });
    const error = await session.commitTransaction().catch((caught) => caught);
    expect(error).toMatchObject({ code: 100 });
    await session.endSession();
    expect(await applications().countDocuments({ _id: 'a10' as never })).toBe(1);
  });

  it('an unknown tag set is UnknownReplWriteConcern (79); a malformed w is refused', async () => {
    const tagged = await applications()
      .insertOne({ status: 'x' }, { writeConcern: { w: 'dataCenters' as never } })
      .catch((caught) => caught);
    expect(tagged).toMatchObject({ code: 79 });
    await expect(
      db.command({ insert: 'applications', documents: [{}], writeConcern: { w: -1 } }),
    ).rejects.toMatchObject({ code: 9 });
  });
});

describe('transactionLifetimeLimitSeconds', () => {
  it('is 60 by default and settable through setParameter, as on mongod', async () => {
    const admin = client().db('admin');
    expect(
      await admin.command({ getParameter: 1, transactionLifetimeLimitSeconds: 1 }),
    ).toMatchObject({
      transactionLifetimeLimitSeconds: 60,
    });
    expect(
      await admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 30 }),
    ).toMatchObject({
      was: 60,
    });
    await expect(
      admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 0 }),
    ).rejects.toMatchObject({
      code: 2,
    });
    await admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 60 });
  });

  it('aborts an abandoned transaction after the limit set at start, releasing its documents', async () => {
    const short = await start({ port: 0, logLevel: 'silent', transactionLifetimeLimitSeconds: 1 });
    const other = await new MongoClient(short.uri).connect();
    try {
      const coll = other.db('lifetime').collection('slots');
      await coll.insertOne({ _id: 's1' as never, holder: null });
      const abandoned = other.startSession();
      abandoned.startTransaction();
      await coll.updateOne(
        { _id: 's1' as never },
        { $set: { holder: 'gone' } },
        { session: abandoned },
      );
      // Within the limit the document is held: another transaction conflicts.
      const tryTake = async () => {
        const session = other.startSession();
        try {
          session.startTransaction();
          await coll.updateOne({ _id: 's1' as never }, { $set: { holder: 'next' } }, { session });
          await session.commitTransaction();
          return 'taken';
        } catch (error) {
          await session.abortTransaction().catch(() => undefined);
          return (error as { codeName?: string }).codeName;
        } finally {
          await session.endSession();
        }
      };
      expect(await tryTake()).toBe('WriteConflict');
      let outcome = await tryTake();
      for (let waited = 0; outcome !== 'taken' && waited < 10_000; waited += 200) {
        await sleep(200);
        outcome = await tryTake();
      }
      expect(outcome).toBe('taken');
      expect((await coll.findOne({ _id: 's1' as never }))?.holder).toBe('next');
      // The abandoned transaction was aborted by the server, not merely overtaken.
      await expect(abandoned.commitTransaction()).rejects.toMatchObject({ code: 251 });
      await abandoned.endSession();
    } finally {
      await other.close();
      await short.stop();
    }
  });
});
