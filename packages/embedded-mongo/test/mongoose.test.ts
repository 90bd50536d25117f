import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let connection: Connection;

interface CarrierDoc {
  name: string;
  kind: string;
  level?: string;
  code?: string;
  city?: string;
  residents?: number;
}

const carrierSchema = new Schema({
  name: { type: String, required: true },
  kind: {
    type: String,
    enum: ['maker_space', 'incubator', 'accelerator', 'nursery'],
    required: true,
  },
  level: { type: String, default: 'municipal' },
  code: { type: String, unique: true },
  city: String,
  residents: { type: Number, min: 0 },
});
const honorSchema = new Schema({
  title: String,
  year: Number,
  carrier: { type: Schema.Types.ObjectId, ref: 'Carrier' },
});

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  connection = await mongoose.createConnection(server.uri, { dbName: 'mongoose_test' }).asPromise();
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

describe('mongoose against embedded-mongo', () => {
  it('creates indexes on init and enforces schema validation', async () => {
    const Carrier = connection.model('Carrier', carrierSchema);
    await Carrier.init();
    const indexes = await Carrier.listIndexes();
    expect(indexes.map((index) => index.name).sort()).toEqual(['_id_', 'code_1']);
    const error = await Carrier.create({ name: 'x', kind: 'bakery' as never }).catch((e) => e);
    expect(error).toBeInstanceOf(mongoose.Error.ValidationError);
  });

  it('surfaces unique index violations as duplicate-key errors with keyPattern and keyValue', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    await Carrier.create({ name: '启迪之星（德州）', kind: 'incubator', code: 'DZ-001' });
    const error = await Carrier.create({ name: 'copy', kind: 'incubator', code: 'DZ-001' }).catch(
      (e) => e,
    );
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ code: 1 });
    expect(error.keyValue).toEqual({ code: 'DZ-001' });
    expect(error.message).toMatch(
      /E11000 duplicate key error collection: mongoose_test.carriers index: code_1/,
    );
  });

  it('populates references', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    const Honor = connection.model('Honor', honorSchema);
    const carrier = await Carrier.create({ name: '海创空间', kind: 'maker_space', code: 'HC-1' });
    await Honor.create({ title: '国家级众创空间', year: 2021, carrier: carrier._id });
    const honor = await Honor.findOne({ title: '国家级众创空间' }).populate('carrier').lean();
    expect((honor!.carrier as unknown as { name: string }).name).toBe('海创空间');
  });

  it('aggregates with $group, $facet and $lookup', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    await Carrier.create([
      { name: 'A', kind: 'accelerator', city: '武汉', residents: 10, code: 'A' },
      { name: 'B', kind: 'accelerator', city: '武汉', residents: 30, code: 'B' },
      { name: 'C', kind: 'nursery', city: '德州', residents: 5, code: 'C' },
    ]);
    const byKind = await Carrier.aggregate([
      { $match: { residents: { $gt: 0 } } },
      { $group: { _id: '$kind', total: { $sum: '$residents' }, n: { $sum: 1 } } },
      { $sort: { total: -1 } },
    ]);
    expect(byKind).toEqual([
      { _id: 'accelerator', total: 40, n: 2 },
      { _id: 'nursery', total: 5, n: 1 },
    ]);
    const [facets] = await Carrier.aggregate([
      {
        $facet: {
          cities: [{ $group: { _id: '$city' } }, { $count: 'n' }],
          top: [{ $sort: { residents: -1 } }, { $limit: 1 }, { $project: { _id: 0, name: 1 } }],
        },
      },
    ]);
    expect(facets.top).toEqual([{ name: 'B' }]);
    expect(facets.cities).toEqual([{ n: 3 }]);
    const joined = await connection.model('Honor').aggregate([
      {
        $lookup: {
          from: 'carriers',
          localField: 'carrier',
          foreignField: '_id',
          as: 'carrierDoc',
        },
      },
      { $unwind: '$carrierDoc' },
      { $addFields: { carrierName: '$carrierDoc.name' } },
      { $project: { _id: 0, title: 1, carrierName: 1 } },
    ]);
    expect(joined).toEqual([{ title: '国家级众创空间', carrierName: '海创空间' }]);
    expect(await Carrier.countDocuments({ kind: 'accelerator' })).toBe(2);
  });

  it('findOneAndUpdate with upsert', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    const created = await Carrier.findOneAndUpdate(
      { code: 'UP-1' },
      { $set: { name: '新苗圃', kind: 'nursery' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toMatchObject({ code: 'UP-1', name: '新苗圃', level: 'municipal' });
    const updated = await Carrier.findOneAndUpdate(
      { code: 'UP-1' },
      { $inc: { residents: 2 } },
      { returnDocument: 'after' },
    );
    expect(updated!.residents).toBe(2);
  });

  it('commits transactions atomically and leaves nothing after abort', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    await connection.transaction(async (session) => {
      await Carrier.create([{ name: 'T1', kind: 'incubator', code: 'T1' }], { session });
      await Carrier.create([{ name: 'T2', kind: 'incubator', code: 'T2' }], { session });
      // Not visible outside the transaction before commit.
      expect(await Carrier.countDocuments({ code: { $in: ['T1', 'T2'] } })).toBe(0);
      expect(await Carrier.countDocuments({ code: { $in: ['T1', 'T2'] } }).session(session)).toBe(
        2,
      );
    });
    expect(await Carrier.countDocuments({ code: { $in: ['T1', 'T2'] } })).toBe(2);

    const session = await connection.startSession();
    session.startTransaction();
    await Carrier.create([{ name: 'T3', kind: 'incubator', code: 'T3' }], { session });
    await Carrier.updateOne({ code: 'T1' }, { $set: { city: 'aborted' } }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await Carrier.countDocuments({ code: 'T3' })).toBe(0);
    expect((await Carrier.findOne({ code: 'T1' }).lean())!.city).toBeUndefined();
  });

  it('gives concurrent transactions on one document a WriteConflict', async () => {
    const Carrier = connection.model<CarrierDoc>('Carrier');
    const first = await connection.startSession();
    const second = await connection.startSession();
    first.startTransaction();
    second.startTransaction();
    await Carrier.updateOne({ code: 'T2' }, { $set: { city: 'first' } }, { session: first });
    const error = await Carrier.updateOne(
      { code: 'T2' },
      { $set: { city: 'second' } },
      { session: second },
    ).catch((e) => e);
    expect(error.code).toBe(112);
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    await first.commitTransaction();
    await second.abortTransaction().catch(() => undefined);
    await first.endSession();
    await second.endSession();
    expect((await Carrier.findOne({ code: 'T2' }).lean())!.city).toBe('first');
  });

  it('streams a cursor over 10,000 documents', async () => {
    const Item = connection.model('Item', new Schema({ i: Number }));
    await Item.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ i })));
    let count = 0;
    let sum = 0;
    for await (const doc of Item.find().sort({ i: 1 }).cursor()) {
      count++;
      sum += doc.i as number;
    }
    expect(count).toBe(10_000);
    expect(sum).toBe((10_000 * 9_999) / 2);
  });

  it('syncIndexes creates and drops indexes to match the schema', async () => {
    const schema = new Schema({ email: String, city: String, score: Number });
    schema.index({ email: 1 }, { unique: true });
    schema.index({ city: 1, score: -1 });
    const Founder = connection.model('Founder', schema);
    await Founder.createCollection();
    await Founder.collection.createIndex({ stale: 1 });
    const dropped = await Founder.syncIndexes();
    expect(dropped).toEqual(['stale_1']);
    const names = (await Founder.listIndexes()).map((index) => index.name).sort();
    expect(names).toEqual(['_id_', 'city_1_score_-1', 'email_1']);
  });
});
