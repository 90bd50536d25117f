// What MongoDB's CRUD specification tests taught beyond collation, in our own words and data:
// command-level let, hints, pipeline updates, views, $out/$merge, collMod, 6.0's field-name
// rules, and the shape of projected documents.
import type { Db } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { serverWithDriver } from './driver-session.js';

const running = serverWithDriver();
const client = () => running.client;
let db: Db;

beforeEach(async () => {
  db = client().db('commands');
  await db.dropDatabase();
  await db.collection('carriers').insertMany([
    {
      _id: 1 as never,
      name: '启迪之星（德州）',
      kind: 'incubator',
      level: 'national',
      residents: 40,
    },
    {
      _id: 2 as never,
      name: '长江众创空间',
      kind: 'maker_space',
      level: 'provincial',
      residents: 12,
    },
    { _id: 3 as never, name: '滨海加速器', kind: 'accelerator', level: 'national', residents: 8 },
  ]);
});

const carriers = () => db.collection('carriers');

describe('command-level let', () => {
  it('gives find, aggregate, update, delete and findAndModify their variables', async () => {
    const kind = { $expr: { $eq: ['$kind', '$$kind'] } };
    expect(
      await carriers()
        .find(kind, { let: { kind: 'incubator' } })
        .toArray(),
    ).toHaveLength(1);
    const [projected] = await carriers()
      .aggregate([{ $match: { _id: 1 } }, { $project: { _id: 0, label: '$$label' } }], {
        let: { label: { $concat: ['国家级', '孵化器'] } },
      })
      .toArray();
    expect(projected).toEqual({ label: '国家级孵化器' });
    await carriers().updateOne(kind, [{ $set: { tag: '$$tag' } }], {
      let: { kind: 'maker_space', tag: '众创' },
    });
    expect((await carriers().findOne({ _id: 2 as never }))?.tag).toBe('众创');
    const removed = await carriers().findOneAndDelete(kind, { let: { kind: 'accelerator' } });
    expect(removed?._id).toBe(3);
    expect((await carriers().deleteMany(kind, { let: { kind: 'incubator' } })).deletedCount).toBe(
      1,
    );
  });
});

describe('hint', () => {
  it('naming an index the collection lacks is an error, as mongod plans it', async () => {
    await carriers().createIndex({ kind: 1 });
    expect(await carriers().find({ kind: 'incubator' }, { hint: 'kind_1' }).toArray()).toHaveLength(
      1,
    );
    expect(
      await carriers()
        .find({}, { hint: { kind: 1 } })
        .toArray(),
    ).toHaveLength(3);
    await expect(carriers().find({}, { hint: 'no_such_index' }).toArray()).rejects.toMatchObject({
      codeName: 'BadValue',
      message: expect.stringContaining('hint provided does not correspond to an existing index'),
    });
    await expect(
      carriers().updateOne({}, { $set: { x: 1 } }, { hint: { missing: 1 } }),
    ).rejects.toMatchObject({ code: 2 });
    await expect(carriers().deleteOne({}, { hint: 'nope' })).rejects.toMatchObject({ code: 2 });
  });
});

describe('pipeline updates', () => {
  it('keep _id when $replaceRoot replaces the document with one that has none', async () => {
    await carriers().updateOne({ _id: 1 as never }, [
      { $replaceRoot: { newRoot: { name: '$name', renamed: true } } },
    ]);
    expect(await carriers().findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      name: '启迪之星（德州）',
      renamed: true,
    });
  });

  it('may set $-prefixed and dotted field names through $setField', async () => {
    await carriers().updateOne({ _id: 2 as never }, [
      {
        $replaceWith: {
          $setField: { field: { $literal: '$price' }, value: 100, input: '$$ROOT' },
        },
      },
      { $replaceWith: { $setField: { field: 'a.b', value: 1, input: '$$ROOT' } } },
    ]);
    const doc = await carriers().findOne({ _id: 2 as never });
    expect(doc?.['$price']).toBe(100);
    expect(doc?.['a.b']).toBe(1);
  });

  it('refuse stages an update may not use, and changing _id', async () => {
    await expect(
      carriers().updateOne({ _id: 1 as never }, [{ $match: { kind: 'incubator' } }]),
    ).rejects.toMatchObject({ code: 72 });
    await expect(
      carriers().updateOne({ _id: 1 as never }, [{ $set: { _id: 99 } }]),
    ).rejects.toMatchObject({ code: 66 });
  });
});

describe('update statements', () => {
  it('with a sort are refused, as 6.0 does (sort on update arrived in 8.0)', async () => {
    const reply = await db
      .command({
        update: 'carriers',
        updates: [{ q: {}, u: { $set: { x: 1 } }, sort: { _id: -1 } }],
      })
      .catch((error) => error);
    expect(reply).toMatchObject({ code: 40415 });
    expect(await carriers().countDocuments({ x: 1 })).toBe(0);
  });
});

describe('field names (6.0)', () => {
  it('allow $-prefixed and dotted top-level names on insert, but no $-prefixed key in _id', async () => {
    const raw = db.collection('raw');
    await db.command({ insert: 'raw', documents: [{ _id: 1, $amount: 5, 'a.b': 1 }] });
    expect(await raw.findOne({ _id: 1 as never })).toEqual({ _id: 1, $amount: 5, 'a.b': 1 });
    await expect(
      db.command({ insert: 'raw', documents: [{ _id: { $code: 1 } }] }),
    ).resolves.toMatchObject({ writeErrors: [expect.objectContaining({ code: 52 })] });
    expect(await raw.countDocuments()).toBe(1);
  });
});

describe('projections', () => {
  it('put _id first, as mongod does, in find and in $project, when _id is implied', async () => {
    const [found] = await carriers()
      .find({ _id: 1 as never }, { projection: { level: 1 } })
      .toArray();
    expect(Object.keys(found!)).toEqual(['_id', 'level']);
    const [projected] = await carriers()
      .aggregate([{ $match: { _id: 1 } }, { $project: { name: 1 } }])
      .toArray();
    expect(Object.keys(projected!)).toEqual(['_id', 'name']);
  });
});

describe('views', () => {
  it('are read through find and aggregate with their pipeline, and refuse writes', async () => {
    await db.createCollection('national', {
      viewOn: 'carriers',
      pipeline: [{ $match: { level: 'national' } }, { $project: { name: 1 } }],
    });
    const national = db.collection('national');
    expect(await national.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, name: '启迪之星（德州）' },
      { _id: 3, name: '滨海加速器' },
    ]);
    expect(await national.countDocuments({ name: /加速/ })).toBe(1);
    expect(await national.estimatedDocumentCount()).toBe(2);
    const [info] = await db.listCollections({ name: 'national' }).toArray();
    expect(info).toMatchObject({ type: 'view', options: { viewOn: 'carriers' } });
    await expect(national.insertOne({ name: 'x' })).rejects.toMatchObject({ code: 166 });
    await expect(national.updateOne({}, { $set: { x: 1 } })).rejects.toMatchObject({ code: 166 });
    await expect(national.deleteMany({})).rejects.toMatchObject({ code: 166 });
    await expect(national.createIndex({ name: 1 })).rejects.toMatchObject({ code: 166 });
  });
});

describe('$out and $merge', () => {
  it('$out replaces the target collection with the results, keeping its indexes', async () => {
    const summary = db.collection('summary');
    await summary.insertOne({ _id: 'stale' as never });
    await summary.createIndex({ count: 1 });
    const cursor = await carriers()
      .aggregate([{ $group: { _id: '$level', count: { $sum: 1 } } }, { $out: 'summary' }])
      .toArray();
    expect(cursor).toEqual([]);
    expect(await summary.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'national', count: 2 },
      { _id: 'provincial', count: 1 },
    ]);
    expect((await summary.listIndexes().toArray()).map((index) => index.name)).toContain('count_1');
  });

  it('$merge merges into matching documents and inserts the others', async () => {
    const stats = db.collection('stats');
    await stats.insertOne({ _id: 1 as never, visits: 7 });
    await carriers()
      .aggregate([{ $project: { residents: 1 } }, { $merge: { into: 'stats' } }])
      .toArray();
    expect(await stats.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, visits: 7, residents: 40 },
      { _id: 2, residents: 12 },
      { _id: 3, residents: 8 },
    ]);
  });

  it('$merge with whenMatched: "fail" is a duplicate key error naming the _id', async () => {
    await expect(
      db
        .aggregate([
          { $documents: [{ _id: 2, name: 'copy' }] },
          { $merge: { into: 'carriers', whenMatched: 'fail' } },
        ])
        .toArray(),
    ).rejects.toMatchObject({ code: 11000, errorResponse: { keyValue: { _id: 2 } } });
  });
});

describe('collMod', () => {
  it('sets a validator that later writes must meet, reporting the failing document', async () => {
    await db.command({ collMod: 'carriers', validator: { residents: { $type: 'number' } } });
    const refused = await carriers()
      .updateOne({ _id: 1 as never }, { $set: { residents: '四十' } })
      .catch((error) => error);
    expect(refused).toMatchObject({ code: 121, errInfo: { failingDocumentId: 1 } });
    await carriers().updateOne(
      { _id: 1 as never },
      { $set: { residents: '四十' } },
      { bypassDocumentValidation: true },
    );
    expect((await carriers().findOne({ _id: 1 as never }))?.residents).toBe('四十');
  });

  it("changes a TTL index's expireAfterSeconds", async () => {
    await carriers().createIndex({ updatedAt: 1 }, { expireAfterSeconds: 3600 });
    const reply = await db.command({
      collMod: 'carriers',
      index: { keyPattern: { updatedAt: 1 }, expireAfterSeconds: 60 },
    });
    expect(reply).toMatchObject({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    const index = (await carriers().listIndexes().toArray()).find((i) => i.name === 'updatedAt_1');
    expect(index?.expireAfterSeconds).toBe(60);
  });

  it('on a missing collection or index is an error', async () => {
    await expect(db.command({ collMod: 'nowhere', validator: {} })).rejects.toMatchObject({
      code: 26,
    });
    await expect(
      db.command({ collMod: 'carriers', index: { name: 'nope', expireAfterSeconds: 1 } }),
    ).rejects.toMatchObject({ code: 27 });
  });
});

describe('$listLocalSessions', () => {
  it('lists the sessions this server has seen', async () => {
    const session = client().startSession();
    await carriers().findOne({}, { session });
    const sessions = await client()
      .db('admin')
      .aggregate([{ $listLocalSessions: {} }])
      .toArray();
    expect(sessions.map((s) => s._id.id.toString('hex'))).toContain(session.id!.id.toString('hex'));
    await session.endSession();
  });
});
