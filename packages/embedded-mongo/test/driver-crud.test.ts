import { Decimal128, Long, MongoClient, ObjectId, Binary, Timestamp } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = new MongoClient(server.uri);
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('mongodb driver CRUD', () => {
  it('answers ping and hello as a replica set primary', async () => {
    const admin = client.db('admin');
    expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await admin.command({ hello: 1 });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      setName: 'rs0',
      logicalSessionTimeoutMinutes: 30,
    });
  });

  it('fills a top-level empty timestamp on insert with an increasing one, as mongod does', async () => {
    const coll = client.db('crud').collection('stamped');
    const empty = () => new Timestamp({ t: 0, i: 0 });
    await coll.insertMany([
      { _id: 'a' as never, at: empty(), nested: { at: empty() } },
      { _id: 'b' as never, at: empty() },
    ]);
    await coll.insertOne({ _id: empty() as never, at: empty() });
    const docs = await coll.find({}).toArray();
    const [a, b, c] = docs.map((doc) => doc.at as Timestamp);
    expect(a!.isZero()).toBe(false);
    expect(a!.lessThan(b!) && b!.lessThan(c!)).toBe(true);
    expect(Math.abs(a!.getHighBits() - Date.now() / 1000)).toBeLessThan(60);
    expect((docs[0]!.nested as { at: Timestamp }).at.isZero()).toBe(true); // only top level
    expect((docs[2]!._id as unknown as Timestamp).isZero()).toBe(true); // never _id
  });

  it('orders timestamps after dates, not with numbers, and $type long does not match them', async () => {
    const coll = client.db('crud').collection('typed_order');
    await coll.insertMany([
      { _id: 'ts' as never, v: new Timestamp({ t: 0, i: 5 }) },
      { _id: 'date' as never, v: new Date(0) },
      { _id: 'num' as never, v: 7 },
      { _id: 'long' as never, v: Long.fromNumber(-3) },
      { _id: 'big' as never, v: Long.fromString('9007199254740993') },
    ]);
    await coll.createIndex({ v: 1 });
    const order = ['long', 'num', 'big', 'date', 'ts'];
    const ids = async (sort: 1 | -1, hint?: object) =>
      (await coll.find({}, { sort: { v: sort }, ...(hint ? { hint } : {}) }).toArray()).map(
        (doc) => doc._id,
      );
    expect(await ids(1)).toEqual(order);
    expect(await ids(1, { v: 1 })).toEqual(order);
    expect(await ids(-1, { v: 1 })).toEqual([...order].reverse());
    expect(await coll.countDocuments({ v: { $gt: 6 } })).toBe(2); // num and big only
    const longs = await coll.find({ v: { $type: 'long' } }).toArray();
    expect(longs.map((doc) => doc._id).sort()).toEqual(['big', 'long']);
  });

  it('inserts, finds with filter/sort/projection/skip/limit, updates and deletes', async () => {
    const coll = client.db('crud').collection('carriers');
    await coll.insertMany([
      { name: '启迪之星（德州）', kind: 'incubator', level: 'national', score: 90 },
      { name: '海创空间', kind: 'maker_space', level: 'provincial', score: 70 },
      { name: '东湖苗圃', kind: 'nursery', level: 'municipal', score: 50 },
    ]);
    const found = await coll
      .find({ score: { $gte: 60 } }, { projection: { _id: 0, name: 1 } })
      .sort({ score: -1 })
      .toArray();
    expect(found).toEqual([{ name: '启迪之星（德州）' }, { name: '海创空间' }]);
    expect(await coll.find({}).sort({ score: 1 }).skip(1).limit(1).toArray()).toMatchObject([
      { name: '海创空间' },
    ]);

    const updated = await coll.updateOne(
      { kind: 'nursery' },
      { $set: { level: 'provincial' }, $inc: { score: 5 } },
    );
    expect(updated).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ kind: 'nursery' })).toMatchObject({
      level: 'provincial',
      score: 55,
    });

    const many = await coll.updateMany({}, { $push: { tags: 'seed' } as never });
    expect(many.modifiedCount).toBe(3);

    expect(await coll.countDocuments({ level: 'provincial' })).toBe(2);
    expect(await coll.distinct('level')).toEqual(['national', 'provincial']);

    const deleted = await coll.deleteMany({ score: { $lt: 80 } });
    expect(deleted.deletedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('projections never change the stored documents (nested exclusions, nested specs)', async () => {
    const articles = client.db('crud').collection('projected_articles');
    await articles.insertOne({
      _id: 'a1' as never,
      title: '通知',
      content: { bodyHtml: '<p>全文</p>', summary: '摘要' },
    });
    const listed = await articles.find({}, { projection: { 'content.bodyHtml': 0 } }).toArray();
    expect(listed[0]).toEqual({ _id: 'a1', title: '通知', content: { summary: '摘要' } });
    const nested = await articles.find({}, { projection: { content: { summary: 0 } } }).toArray();
    expect(nested[0]?.content).toEqual({ bodyHtml: '<p>全文</p>' });
    expect(await articles.findOne({ _id: 'a1' as never })).toEqual({
      _id: 'a1',
      title: '通知',
      content: { bodyHtml: '<p>全文</p>', summary: '摘要' },
    });
  });

  it('projects top-level inclusions in the document’s order, _id first unless excluded', async () => {
    const coll = client.db('crud').collection('included');
    await coll.insertOne({ _id: 'i1' as never, z: 1, a: { b: [1, 2] }, m: null, k: 'k' });
    const find = (projection: object) => coll.find({}, { projection }).toArray();
    const [kept] = await find({ k: 1, a: true, missing: 1 });
    expect(Object.entries(kept!)).toEqual([
      ['_id', 'i1'],
      ['a', { b: [1, 2] }],
      ['k', 'k'],
    ]);
    const [dropped] = await find({ m: 1, _id: 0, z: 1 });
    expect(Object.entries(dropped!)).toEqual([
      ['z', 1],
      ['m', null],
    ]);
  });

  it('upserts with $setOnInsert and seeds from the filter', async () => {
    const coll = client.db('crud').collection('upserts');
    const first = await coll.updateOne(
      { code: 'A1', 'meta.region': 'hubei' },
      { $set: { name: 'first' }, $setOnInsert: { createdBy: 'upsert' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    await coll.updateOne(
      { code: 'A1' },
      { $set: { name: 'second' }, $setOnInsert: { createdBy: 'again' } },
      { upsert: true },
    );
    const doc = await coll.findOne({ code: 'A1' });
    expect(doc).toMatchObject({
      code: 'A1',
      meta: { region: 'hubei' },
      name: 'second',
      createdBy: 'upsert',
    });

    await coll.replaceOne({ code: 'A1' }, { code: 'A1', replaced: true });
    const replaced = await coll.findOne({ code: 'A1' });
    expect(replaced).toEqual({ _id: doc!._id, code: 'A1', replaced: true });
  });

  it('applies arrayFilters and positional updates', async () => {
    const coll = client.db('crud').collection('arrays');
    await coll.insertOne({
      _id: 1 as never,
      grades: [80, 95, 100],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
    });
    await coll.updateOne(
      { _id: 1 as never },
      { $set: { 'grades.$[g]': 0 } },
      { arrayFilters: [{ g: { $gte: 95 } }] },
    );
    await coll.updateOne({ _id: 1 as never, 'items.k': 'b' }, { $set: { 'items.$.v': 20 } });
    expect(await coll.findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      grades: [80, 0, 0],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 20 },
      ],
    });
  });

  it('findOneAndUpdate, findOneAndDelete with sort', async () => {
    const coll = client.db('crud').collection('fam');
    await coll.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const after = await coll.findOneAndUpdate(
      {},
      { $set: { top: true } },
      { sort: { n: -1 }, returnDocument: 'after' },
    );
    expect(after).toMatchObject({ n: 3, top: true });
    const upserted = await coll.findOneAndUpdate(
      { n: 9 },
      { $set: { fresh: true } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted).toMatchObject({ n: 9, fresh: true });
    const removed = await coll.findOneAndDelete({ n: { $lt: 3 } }, { sort: { n: 1 } });
    expect(removed).toMatchObject({ n: 1 });
    expect(await coll.countDocuments()).toBe(3);
  });

  it('reports write errors for ordered and unordered inserts', async () => {
    const coll = client.db('crud').collection('dups');
    await coll.insertOne({ _id: 'x' as never });
    const ordered = await coll
      .insertMany([{ _id: 'a' }, { _id: 'x' }, { _id: 'b' }] as never[])
      .catch((e) => e);
    expect(ordered.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(2);
    const unordered = await coll
      .insertMany([{ _id: 'c' }, { _id: 'x' }, { _id: 'd' }] as never[], { ordered: false })
      .catch((e) => e);
    expect(unordered.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(4);
  });

  it('round-trips BSON types exactly', async () => {
    const coll = client.db('crud').collection('types');
    const doc = {
      _id: new ObjectId(),
      at: new Date('2026-01-02T03:04:05.678Z'),
      price: Decimal128.fromString('12345.6789'),
      big: Long.fromString('9007199254740993'),
      bytes: new Binary(Buffer.from([1, 2, 3, 250]), 0),
      nested: { list: [[1, 2], [{ deep: 'x' }]], empty: {} },
    };
    await coll.insertOne(doc);
    const back = await coll.findOne({ _id: doc._id }, { promoteLongs: false });
    expect(back!.at).toEqual(doc.at);
    expect(back!.price.toString()).toBe('12345.6789');
    expect(back!.big).toBeInstanceOf(Long);
    expect(back!.big.toString()).toBe('9007199254740993');
    expect(Buffer.from(back!.bytes.buffer)).toEqual(Buffer.from([1, 2, 3, 250]));
    expect(back!.nested).toEqual(doc.nested);
    expect(await coll.countDocuments({ price: { $gt: Decimal128.fromString('9999') } })).toBe(1);
    expect(await coll.countDocuments({ _id: { $type: 'objectId' } })).toBe(1);
  });

  it('iterates a cursor in batches and kills cursors', async () => {
    const coll = client.db('crud').collection('many');
    await coll.insertMany(Array.from({ length: 2500 }, (_, i) => ({ i })));
    let seen = 0;
    for await (const _doc of coll.find({}, { batchSize: 300 })) seen++;
    expect(seen).toBe(2500);
    const cursor = coll.find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
  });

  it('answers unknown commands with 59 CommandNotFound', async () => {
    const error = await client
      .db('admin')
      .command({ frobnicate: 1 })
      .catch((e) => e);
    expect(error.code).toBe(59);
    expect(error.codeName).toBe('CommandNotFound');
  });
});
