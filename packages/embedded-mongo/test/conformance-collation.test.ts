// What MongoDB's CRUD specification tests taught about collations, in our own words and data:
// a collation changes how strings compare in filters, sorts, distinct, aggregation and indexes.
import type { Collection } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { serverWithDriver } from './driver-session.js';

const running = serverWithDriver();
const client = () => running.client;
let carriers: Collection<{ _id: number; name: string; city?: string }>;

const CARRIERS = [
  { _id: 1, name: 'Maker Space', city: '北京' },
  { _id: 2, name: 'maker space', city: '上海' },
  { _id: 3, name: 'Máker Space', city: '广州' },
  { _id: 4, name: 'Incubator', city: '深圳' },
];

beforeEach(async () => {
  await client().db('collation').dropDatabase();
  carriers = client().db('collation').collection('carriers');
  await carriers.insertMany(CARRIERS);
});

const ids = (docs: { _id: number }[]) => docs.map((doc) => doc._id);

describe('collation', () => {
  it('strength 1 ignores case and accents, 2 only case, 3 neither, in find', async () => {
    const find = (strength: number) =>
      carriers
        .find({ name: 'maker space' }, { collation: { locale: 'en', strength } })
        .sort({ _id: 1 })
        .toArray();
    expect(ids(await find(1))).toEqual([1, 2, 3]);
    expect(ids(await find(2))).toEqual([1, 2]);
    expect(ids(await find(3))).toEqual([2]);
    expect(ids(await carriers.find({ name: 'maker space' }).toArray())).toEqual([2]);
  });

  it('applies to range operators and $in as well as equality', async () => {
    const collation = { locale: 'en', strength: 2 };
    const inList = await carriers.find({ name: { $in: ['INCUBATOR'] } }, { collation }).toArray();
    expect(ids(inList)).toEqual([4]);
    const range = await carriers
      .find({ name: { $gte: 'MAKER', $lt: 'MAKER SPACE~' } }, { collation })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(range)).toEqual([1, 2, 3]);
  });

  it('sorts Chinese by pinyin under locale zh, by code point without a collation', async () => {
    const byPinyin = await carriers
      .find({}, { collation: { locale: 'zh' } })
      .sort({ city: 1 })
      .toArray();
    // 北京 běijīng, 广州 guǎngzhōu, 上海 shànghǎi, 深圳 shēnzhèn
    expect(byPinyin.map((doc) => doc.city)).toEqual(['北京', '广州', '上海', '深圳']);
    const byCodePoint = await carriers.find().sort({ city: 1 }).toArray();
    expect(byCodePoint.map((doc) => doc.city)).toEqual(['上海', '北京', '广州', '深圳']);
  });

  it('makes distinct return one value for strings the collation finds equal', async () => {
    const values = await carriers.distinct(
      'name',
      {},
      { collation: { locale: 'en', strength: 1 } },
    );
    expect(values).toHaveLength(2);
    expect(await carriers.distinct('name')).toHaveLength(4);
  });

  it('applies to an aggregation $match and $sort', async () => {
    const docs = await carriers
      .aggregate<{ _id: number }>(
        [{ $match: { name: 'MAKER SPACE' } }, { $sort: { name: 1, _id: 1 } }],
        {
          collation: { locale: 'en', strength: 2 },
        },
      )
      .toArray();
    expect(ids(docs)).toEqual([1, 2]);
  });

  it('applies to updates and deletes that name it', async () => {
    const collation = { locale: 'en', strength: 2 };
    const updated = await carriers.updateMany(
      { name: 'MAKER SPACE' },
      { $set: { seen: true } },
      { collation },
    );
    expect(updated.matchedCount).toBe(2);
    const deleted = await carriers.deleteMany(
      { name: 'incubator' },
      { collation: { locale: 'en', strength: 1 } },
    );
    expect(deleted.deletedCount).toBe(1);
  });

  it('enforces a unique index under its collation', async () => {
    const names = client().db('collation').collection('names');
    await names.createIndex(
      { name: 1 },
      { unique: true, collation: { locale: 'en', strength: 2 } },
    );
    await names.insertOne({ name: '启迪之星 Incubator' });
    await expect(names.insertOne({ name: '启迪之星 INCUBATOR' })).rejects.toMatchObject({
      code: 11000,
    });
    // Accents still differ at strength 2.
    await names.insertOne({ name: '启迪之星 Íncubator' });
    const [index] = (await names.listIndexes().toArray()).filter((i) => i.name === 'name_1');
    expect(index?.collation).toMatchObject({ locale: 'en', strength: 2 });
  });

  it('uses the collection default collation for queries and new indexes', async () => {
    const db = client().db('collation');
    await db.createCollection('regions', { collation: { locale: 'en', strength: 2 } });
    const regions = db.collection('regions');
    await regions.createIndex({ code: 1 }, { unique: true });
    await regions.insertOne({ code: 'GD' });
    await expect(regions.insertOne({ code: 'gd' })).rejects.toMatchObject({ code: 11000 });
    expect(await regions.countDocuments({ code: 'gD' })).toBe(1);
  });

  it('refuses an unknown collation field or a strength out of range', async () => {
    await expect(
      carriers.find({}, { collation: { locale: 'en', strength: 9 } }).toArray(),
    ).rejects.toMatchObject({ codeName: 'BadValue' });
    await expect(
      carriers.find({}, { collation: { locale: 'en', colour: 'red' } as never }).toArray(),
    ).rejects.toMatchObject({ code: 40415 });
  });
});
