// $lookup in its equality form, answered through the foreign collection's index (mongod's
// semantics: any element of an array on either side, a missing local field matching a missing or
// null foreign one), inside and outside transactions.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;
const db = () => client.db('lookup');

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = await new MongoClient(server.uri).connect();
  await db()
    .collection('carriers')
    .insertMany([
      { _id: 'c1' as never, name: '启迪之星', tags: ['hard-tech', 'ai'] },
      { _id: 'c2' as never, name: '沂源众创空间', tags: ['agri'] },
      { _id: 'c3' as never, name: '无名' },
      { _id: 'c4' as never, name: '空', region: null },
    ]);
  await db().collection('carriers').createIndex({ tags: 1 });
});
afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const lookup = (localField: string, foreignField: string) => ({
  $lookup: { from: 'carriers', localField, foreignField, as: 'found' },
});
const namesOf = (docs: { found: { name: string }[] }[]) =>
  docs.map((d) => d.found.map((c) => c.name).sort());

describe('$lookup by equality', () => {
  it('matches a scalar, every element of a local array, and elements of a foreign array', async () => {
    const found = await db()
      .aggregate([
        { $documents: [{ carrierId: 'c2' }, { carrierId: ['c1', 'c3'] }, { carrierId: 'c9' }] },
        lookup('carrierId', '_id'),
      ])
      .toArray();
    expect(namesOf(found as never)).toEqual([['沂源众创空间'], ['启迪之星', '无名'], []]);
    const byTag = await db()
      .aggregate([{ $documents: [{ tag: 'ai' }, { tag: ['agri', 'ai'] }] }, lookup('tag', 'tags')])
      .toArray();
    expect(namesOf(byTag as never)).toEqual([['启迪之星'], ['启迪之星', '沂源众创空间']]);
  });

  it('matches a missing local field with foreign documents whose field is missing or null', async () => {
    const found = await db()
      .aggregate([{ $documents: [{ other: 1 }] }, lookup('region', 'region')])
      .toArray();
    expect(namesOf(found as never)).toEqual([['启迪之星', '无名', '沂源众创空间', '空']]);
  });

  it('follows a dotted local path through arrays of documents', async () => {
    const found = await db()
      .aggregate([
        { $documents: [{ picks: [{ id: 'c1' }, { id: 'c2' }, { other: 'c3' }] }] },
        lookup('picks.id', '_id'),
      ])
      .toArray();
    expect(namesOf(found as never)).toEqual([['启迪之星', '沂源众创空间']]);
  });

  it('sees the transaction’s own writes and not another’s uncommitted ones', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      await db()
        .collection('carriers')
        .insertOne({ _id: 'c5' as never, name: '新' }, { session });
      const inside = await db()
        .aggregate([{ $documents: [{ id: 'c5' }] }, lookup('id', '_id')], { session })
        .toArray();
      const outside = await db()
        .aggregate([{ $documents: [{ id: 'c5' }] }, lookup('id', '_id')])
        .toArray();
      expect(namesOf(inside as never)).toEqual([['新']]);
      expect(namesOf(outside as never)).toEqual([[]]);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
  });
});
