import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent', ttlMonitorIntervalMs: 50 });
  client = await new MongoClient(server.uri).connect();
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

/** Waits until `check` holds: the monitor runs on its own clock. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

/** Documents keyed by readable string ids. */
type Doc = { _id: string } & Record<string, unknown>;

describe('TTL indexes', () => {
  it('delete documents whose date is older than expireAfterSeconds, and only those', async () => {
    const coll = client.db('ttl').collection<Doc>('sessions');
    await coll.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 60 });
    await coll.insertMany([
      { _id: 'expired', lastSeen: ago(120) },
      { _id: 'expired-in-array', lastSeen: [ago(3600), new Date()] },
      { _id: 'fresh', lastSeen: ago(10) },
      { _id: 'not-a-date', lastSeen: '2000-01-01' },
      { _id: 'no-field' },
    ]);
    await eventually(async () => (await coll.countDocuments()) === 3);
    const left = await coll.find().sort({ _id: 1 }).toArray();
    expect(left.map((d) => d._id)).toEqual(['fresh', 'no-field', 'not-a-date']);
  });

  it('keep to the partial filter of the index', async () => {
    const coll = client.db('ttl').collection<Doc>('outbox');
    await coll.createIndex(
      { publishedAt: 1 },
      { expireAfterSeconds: 1, partialFilterExpression: { state: 'published' } },
    );
    await coll.insertMany([
      { _id: 'published', state: 'published', publishedAt: ago(30) },
      { _id: 'failed', state: 'failed', publishedAt: ago(30) },
    ]);
    await eventually(async () => (await coll.countDocuments({ _id: 'published' })) === 0);
    expect(await coll.countDocuments({ _id: 'failed' })).toBe(1);
  });

  it('leave documents held by a running transaction, and delete them after it commits', async () => {
    const coll = client.db('ttl').collection<Doc>('held');
    await coll.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await coll.insertOne({ _id: 'held', at: new Date() });
    const session = client.startSession();
    session.startTransaction();
    await coll.updateOne({ _id: 'held' }, { $set: { at: ago(30) } }, { session });
    // the committed document is not yet expired; the transaction's write is not visible outside
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await coll.countDocuments({ _id: 'held' })).toBe(1);
    await session.commitTransaction();
    await session.endSession();
    await eventually(async () => (await coll.countDocuments({ _id: 'held' })) === 0);
  });

  it('ignore compound indexes, as mongod does', async () => {
    const coll = client.db('ttl').collection<Doc>('compound');
    await coll.createIndex({ at: 1, kind: 1 }, { expireAfterSeconds: 1 });
    await coll.insertOne({ _id: 'kept', at: ago(3600), kind: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await coll.countDocuments()).toBe(1);
  });
});
