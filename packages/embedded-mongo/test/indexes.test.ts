import { Decimal128, Long, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = await new MongoClient(server.uri).connect();
  const coll = client.db('idx').collection('companies');
  await coll.insertMany(
    Array.from({ length: 3000 }, (_, i) => ({
      seq: i,
      city: ['武汉', '德州', '杭州'][i % 3],
      tags: [`t${i % 10}`, 'all'],
      revenue: Long.fromNumber(i * 1000),
      price: Decimal128.fromString(`${i}.5`),
    })),
  );
  await coll.createIndexes([
    { key: { seq: 1 }, unique: true },
    { key: { city: 1, seq: -1 } },
    { key: { tags: 1 } },
    { key: { revenue: 1 } },
  ]);
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

async function explainFind(filter: object) {
  const result = await client.db('idx').command({ explain: { find: 'companies', filter } });
  return {
    stage: result.queryPlanner.winningPlan.inputStage,
    examined: result.executionStats.totalDocsExamined,
  };
}

describe('indexes answer queries', () => {
  it('answers from a partial index only a query that implies its filter', async () => {
    const keys = client.db('idx').collection('kept');
    await keys.insertMany([
      ...Array.from({ length: 50 }, (_, i) => ({ n: i, requestKeys: [] })),
      { n: 50, requestKeys: [{ id: 'k1' }, { id: 'k2' }] },
      { n: 51, requestKeys: [{ id: 'k3' }] },
    ]);
    await keys.createIndex(
      { 'requestKeys.id': 1 },
      { unique: true, partialFilterExpression: { 'requestKeys.id': { $exists: true } } },
    );
    const explain = async (filter: object) =>
      (await client.db('idx').command({ explain: { find: 'kept', filter } })).queryPlanner
        .winningPlan.inputStage.stage;
    expect(await explain({ 'requestKeys.id': 'k2' })).toBe('IXSCAN');
    expect(await explain({ 'requestKeys.id': { $in: ['k1', 'k3'] } })).toBe('IXSCAN');
    expect(await keys.countDocuments({ 'requestKeys.id': { $in: ['k1', 'k3'] } })).toBe(2);
    // intake's read of an application and of the holder of a request's key
    const [first] = await keys.find({ n: 0 }).toArray();
    const either = { $or: [{ _id: first!._id }, { 'requestKeys.id': 'k3' }] };
    expect(await explain(either)).toBe('OR');
    expect((await keys.find(either).toArray()).map((d) => d.n).sort()).toEqual([0, 51]);
    // null also matches documents the index leaves out: the collection is scanned
    expect(await explain({ 'requestKeys.id': null })).toBe('COLLSCAN');
    expect(await explain({ 'requestKeys.id': { $gt: 'k' } })).toBe('COLLSCAN');
    expect(await keys.countDocuments({ 'requestKeys.id': { $gt: 'k' } })).toBe(2);
  });

  it('answers an $or whose every clause an index answers with the union of index scans', async () => {
    const companies = client.db('idx').collection('companies');
    const [one] = await companies.find({ seq: 7 }).toArray();
    const filter = { $or: [{ _id: one!._id }, { seq: 2999 }, { revenue: Long.fromNumber(5000) }] };
    expect(await explainFind(filter)).toEqual({ stage: { stage: 'OR' }, examined: 3 });
    expect((await companies.find(filter).toArray()).map((c) => c.seq).sort()).toEqual([2999, 5, 7]);
    // one clause without an index: the whole collection is scanned, the answer the same
    const scanned = { $or: [{ seq: 7 }, { price: { $exists: false } }] };
    expect(await explainFind(scanned)).toMatchObject({ stage: { stage: 'COLLSCAN' } });
    expect(await companies.countDocuments(scanned)).toBe(1);
  });

  it('uses the index for equality, $in and ranges instead of scanning', async () => {
    expect(await explainFind({ seq: 1234 })).toEqual({
      stage: { stage: 'IXSCAN', indexName: 'seq_1' },
      examined: 1,
    });
    expect((await explainFind({ seq: { $in: [1, 2, 3] } })).examined).toBe(3);
    expect(await explainFind({ seq: { $gte: 100, $lt: 110 } })).toMatchObject({ examined: 10 });
    // Equality on the compound index's first field plus a range on its second.
    expect(await explainFind({ city: '德州', seq: { $lt: 30 } })).toEqual({
      stage: { stage: 'IXSCAN', indexName: 'city_1_seq_-1' },
      examined: 10,
    });
    expect(await explainFind({ city: '德州', seq: { $in: [1, 2, 4] } })).toMatchObject({
      examined: 2,
    });
    expect(await explainFind({ city: '德州' })).toMatchObject({ examined: 1000 });
    expect(
      await client
        .db('idx')
        .collection('companies')
        .find({ city: '德州', seq: { $lt: 30 } })
        .sort({ seq: 1 })
        .toArray(),
    ).toHaveLength(10);
    expect(await explainFind({ tags: 't3' })).toMatchObject({
      stage: { indexName: 'tags_1' },
      examined: 300,
    });
    expect(await explainFind({ name: 'none' })).toMatchObject({
      stage: { stage: 'COLLSCAN' },
      examined: 3000,
    });
  });

  it('returns the same documents with and without the index', async () => {
    const coll = client.db('idx').collection('companies');
    const viaIndex = await coll
      .find({ seq: { $gt: 2990 } })
      .sort({ seq: 1 })
      .toArray();
    expect(viaIndex.map((d) => d.seq)).toEqual([
      2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999,
    ]);
    const multikey = await coll.countDocuments({ tags: { $in: ['t1', 't2'] } });
    expect(multikey).toBe(600);
  });

  it('orders and compares Long and Decimal128 numerically', async () => {
    const coll = client.db('idx').collection('companies');
    expect(await coll.countDocuments({ revenue: { $gte: 2_990_000 } })).toBe(10);
    expect(await coll.countDocuments({ revenue: { $gte: Long.fromNumber(2_990_000) } })).toBe(10);
    expect(await coll.countDocuments({ price: { $lt: 10 } })).toBe(10);
    const top = await coll
      .find({}, { projection: { price: 1 } })
      .sort({ price: -1 })
      .limit(2)
      .toArray();
    expect(top.map((d) => d.price.toString())).toEqual(['2999.5', '2998.5']);
  });

  it('rejects a unique index that existing documents violate', async () => {
    const error = await client
      .db('idx')
      .collection('companies')
      .createIndex({ city: 1 }, { unique: true })
      .catch((e) => e);
    expect(error.code).toBe(11000);
  });

  it('drops indexes by name and by key pattern', async () => {
    const coll = client.db('idx').collection('companies');
    await coll.dropIndex('tags_1');
    await coll.dropIndex({ revenue: 1 } as never);
    expect((await coll.indexes()).map((index) => index.name).sort()).toEqual([
      '_id_',
      'city_1_seq_-1',
      'seq_1',
    ]);
    expect(await explainFind({ tags: 't3' })).toMatchObject({ stage: { stage: 'COLLSCAN' } });
  });
});

describe('aggregation order', () => {
  it('sorts Long and Decimal128 numerically in $sort stages', async () => {
    const coll = client.db('idx').collection('companies');
    const top = await coll
      .aggregate([
        { $match: { seq: { $lt: 20 } } },
        { $sort: { price: -1 } },
        { $limit: 3 },
        { $project: { _id: 0, seq: 1 } },
      ])
      .toArray();
    expect(top).toEqual([{ seq: 19 }, { seq: 18 }, { seq: 17 }]);
    const byRevenue = await coll
      .aggregate([
        { $match: { seq: { $in: [2, 10, 100] } } },
        { $sort: { revenue: 1 } },
        { $project: { _id: 0, seq: 1 } },
      ])
      .toArray();
    expect(byRevenue).toEqual([{ seq: 2 }, { seq: 10 }, { seq: 100 }]);
  });
});

describe('index bounds from $regex and $all', () => {
  beforeAll(async () => {
    const coll = client.db('idx').collection('keys');
    await coll.insertMany([
      { _id: 'f1|a' as never, keys: ['武汉', '孵化', 'wh'] },
      { _id: 'f1|b' as never, keys: ['德州', '孵化'] },
      { _id: 'f10|a' as never, keys: ['武汉'] },
      { _id: 'f2|a' as never, keys: ['杭州', 'wh'] },
    ]);
    await coll.createIndex({ keys: 1 });
  });

  async function explainKeys(filter: object) {
    const result = await client.db('idx').command({ explain: { find: 'keys', filter } });
    return {
      stage: result.queryPlanner.winningPlan.inputStage.stage,
      examined: result.executionStats.totalDocsExamined,
    };
  }

  it('scans only the prefix range for an anchored regex on an indexed field', async () => {
    const coll = client.db('idx').collection('keys');
    const ids = (await coll.find({ _id: { $regex: '^f1\\|' } as never }).toArray()).map(
      (d) => d._id,
    );
    expect(ids.sort()).toEqual(['f1|a', 'f1|b']);
    expect(await explainKeys({ _id: { $regex: '^f1\\|' } })).toEqual({
      stage: 'IXSCAN',
      examined: 2,
    });
    // An alternation or case-insensitivity cannot be bounded.
    expect(await coll.countDocuments({ _id: { $regex: '^f2|a$' } as never })).toBe(3);
    expect((await explainKeys({ _id: { $regex: '^F1', $options: 'i' } })).stage).toBe('COLLSCAN');
  });

  it('uses a multikey index for $all and still returns exact matches', async () => {
    const coll = client.db('idx').collection('keys');
    const ids = (await coll.find({ keys: { $all: ['孵化', 'wh'] } }).toArray()).map((d) => d._id);
    expect(ids).toEqual(['f1|a']);
    expect(await explainKeys({ keys: { $all: ['孵化', 'wh'] } })).toEqual({
      stage: 'IXSCAN',
      examined: 2,
    });
  });

  it('scans the rarest of several required keys, in $all or in $and', async () => {
    const coll = client.db('idx').collection('keys');
    for (const filter of [
      { keys: { $all: ['孵化', '德州'] } },
      { $and: [{ keys: 'wh' }, { keys: '杭州' }] },
    ]) {
      expect(await coll.countDocuments(filter)).toBe(1);
      expect(await explainKeys(filter)).toEqual({ stage: 'IXSCAN', examined: 1 });
    }
  });
});
