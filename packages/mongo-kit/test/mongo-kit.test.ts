// The shared MongoDB plumbing against the embedded database over a real socket.
import { start } from '@shuangchuang/embedded-mongo';
import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inTransaction,
  isDuplicateKey,
  prepareCollections,
  registeredModel,
  TransactionBusyError,
  VersionedReadModel,
} from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let connection: Connection;

beforeAll(async () => {
  server = await start({ port: 0 });
  connection = await mongoose.createConnection(server.uri, { dbName: 'mongo-kit' }).asPromise();
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

interface Counter {
  _id: string;
  value: number;
}

const counterSchema = new Schema<Counter>(
  { _id: String, value: Number },
  { versionKey: false, collection: 'counters', autoIndex: false },
);

const counters = () =>
  (connection.models.Counter as mongoose.Model<Counter>) ??
  connection.model<Counter>('Counter', counterSchema);

describe('isDuplicateKey', () => {
  it('recognises E11000 from a single insert and from insertMany, and nothing else', async () => {
    await prepareCollections([counters()]);
    await counters().create({ _id: 'dup', value: 1 });
    const single = await counters()
      .create({ _id: 'dup', value: 2 })
      .catch((error: unknown) => error);
    const bulk = await counters()
      .insertMany([{ _id: 'dup', value: 3 }])
      .catch((error: unknown) => error);
    const driver = await counters()
      .collection.insertOne({ _id: 'dup', value: 4 } as never)
      .catch((error: unknown) => error);
    expect([single, bulk, driver].map(isDuplicateKey)).toEqual([true, true, true]);
    expect(isDuplicateKey(new Error('E11000 in a message only'))).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});

describe('prepareCollections', () => {
  const indexed = new Schema(
    { _id: String, email: String },
    { versionKey: false, collection: 'prepared', autoIndex: false },
  );
  indexed.index({ email: 1 }, { unique: true, name: 'email_unique' });

  it('creates collections and indexes, and a second run changes nothing', async () => {
    const model = connection.model('Prepared', indexed);
    await prepareCollections({ model });
    await prepareCollections({ model });
    const indexes = await model.collection.indexes();
    expect(indexes.map((index) => index.name)).toContain('email_unique');
    await model.create({ _id: 'a', email: 'x' });
    expect(isDuplicateKey(await model.create({ _id: 'b', email: 'x' }).catch((e) => e))).toBe(true);
  });

  it('surfaces an index that conflicts with what the database holds, rather than swallowing it', async () => {
    await connection.db!.createCollection('conflicting');
    await connection.db!.collection('conflicting').createIndex({ code: 1 }, { name: 'code_1' });
    const schema = new Schema(
      { _id: String, code: String },
      { versionKey: false, collection: 'conflicting', autoIndex: false },
    );
    schema.index({ code: 1 }, { unique: true, name: 'code_1' });
    const model = connection.model('Conflicting', schema);
    await expect(prepareCollections([model])).rejects.toThrow();
  });
});

describe('registeredModel', () => {
  it('registers a model once per connection and gives the same one back', async () => {
    const schema = new Schema<Counter>({ _id: String, value: Number }, { versionKey: false });
    const first = registeredModel(connection, 'Registered', schema, 'registered_things');
    const again = registeredModel(connection, 'Registered', schema, 'registered_things');
    expect(again).toBe(first);
    expect(first.collection.collectionName).toBe('registered_things');
    // another connection gets a model of its own
    const other = await mongoose.createConnection(server.uri, { dbName: 'mongo-kit' }).asPromise();
    try {
      expect(registeredModel(other, 'Registered', schema)).not.toBe(first);
    } finally {
      await other.close();
    }
  });
});

describe('inTransaction', () => {
  it('commits every write of the work together, and none when the work fails', async () => {
    await inTransaction(connection, async (session) => {
      await counters().create([{ _id: 't1', value: 1 }], { session });
      await counters().create([{ _id: 't2', value: 2 }], { session });
    });
    await expect(
      inTransaction(connection, async (session) => {
        await counters().create([{ _id: 't3', value: 3 }], { session });
        throw new Error('the rule refused it');
      }),
    ).rejects.toThrow('the rule refused it');
    const ids = (await counters().find({ _id: /^t/ }).lean()).map((c) => c._id);
    expect(ids.sort()).toEqual(['t1', 't2']);
  });

  // Eight writers of one document need eight rounds; on a loaded machine that can take longer than
  // the default budget, which is not what these tests are about: they give it room.
  const roomy = { timeoutMs: 30_000 };

  it('retries a write conflict, so concurrent read-modify-writes all count', async () => {
    await counters().create({ _id: 'shared', value: 0 });
    await Promise.all(
      Array.from({ length: 8 }, () =>
        inTransaction(
          connection,
          async (session) => {
            const current = await counters().findById('shared').session(session).lean();
            await counters().updateOne(
              { _id: 'shared' },
              { $set: { value: current!.value + 1 } },
              { session },
            );
          },
          roomy,
        ),
      ),
    );
    expect((await counters().findById('shared').lean())!.value).toBe(8);
  });

  it('runs the work again when a concurrent transaction took a unique key first, so the work decides the answer', async () => {
    const schema = new Schema(
      { _id: String, email: String },
      { versionKey: false, collection: 'accounts', autoIndex: false },
    );
    schema.index({ email: 1 }, { unique: true });
    const accounts = connection.model('Account', schema);
    await prepareCollections([accounts]);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction(
          connection,
          async (session) => {
            if (await accounts.findOne({ email: 'founder@example.cn' }).session(session).lean()) {
              return 'already registered';
            }
            await accounts.create([{ _id: `a${i}`, email: 'founder@example.cn' }], { session });
            return 'registered';
          },
          roomy,
        ).catch((error: unknown) => `failed: ${String(error)}`),
      ),
    );
    expect(outcomes.filter((o) => o === 'registered')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already registered')).toHaveLength(7);
    expect(await accounts.countDocuments()).toBe(1);
  });

  it('fails fast with TransactionBusyError while another (e.g. crashed) transaction holds the document', async () => {
    await counters().create({ _id: 'held', value: 0 });
    // A transaction that wrote the document and never ends, as a killed process leaves it.
    const stranded = await connection.startSession();
    stranded.startTransaction();
    await counters().updateOne({ _id: 'held' }, { $set: { value: 99 } }, { session: stranded });

    const began = Date.now();
    const failure = await inTransaction(
      connection,
      (session) => counters().updateOne({ _id: 'held' }, { $inc: { value: 1 } }, { session }),
      { timeoutMs: 600, retryAfterSeconds: 2 },
    ).catch((error: unknown) => error);
    const tookMs = Date.now() - began;

    expect(failure).toBeInstanceOf(TransactionBusyError);
    expect((failure as TransactionBusyError).retryAfterSeconds).toBe(2);
    expect((failure as TransactionBusyError).attempts).toBeGreaterThan(1);
    expect(tookMs).toBeLessThan(5_000); // the budget, not the server's 60 s transaction lifetime
    await stranded.abortTransaction();
    await stranded.endSession();
    expect((await counters().findById('held').lean())!.value).toBe(0);
  });
});

describe('VersionedReadModel', () => {
  interface CarrierCopy {
    _id: string;
    version: number;
    name: string;
    status: 'active' | 'retired';
  }
  const schema = new Schema<CarrierCopy>(
    { _id: String, version: Number, name: String, status: String },
    { versionKey: false, collection: 'carrier_copies', autoIndex: false },
  );
  const copies = (on: Connection = connection) =>
    new VersionedReadModel<CarrierCopy>(registeredModel(on, 'CarrierCopy', schema));

  it('applies newer states and ignores the same or an older one arriving late', async () => {
    const carriers = copies();
    await prepareCollections([carriers.model]);
    const two = { _id: 'c1', version: 2, name: '二', status: 'active' } as const;
    expect(await carriers.apply(two)).toEqual({ applied: true, previous: undefined });
    expect(await carriers.apply({ ...two, version: 1, name: '一' })).toEqual({ applied: false });
    expect(await carriers.apply({ ...two, name: '重复' })).toEqual({ applied: false });
    expect(await carriers.apply({ ...two, version: 3, name: '三' })).toEqual({
      applied: true,
      previous: two,
    });
    expect(await carriers.model.findById('c1').lean()).toEqual({
      _id: 'c1',
      version: 3,
      name: '三',
      status: 'active',
    });
  });

  it('applies a partial change only over an older copy, and never creates one', async () => {
    const carriers = copies();
    await carriers.apply({ _id: 'c2', version: 4, name: '四', status: 'active' });
    expect(await carriers.applyChange('c2', 3, { status: 'retired' })).toBe(false);
    expect(await carriers.applyChange('c2', 5, { status: 'retired' })).toBe(true);
    expect(await carriers.applyChange('unknown', 5, { status: 'retired' })).toBe(false);
    expect(await carriers.version('c2')).toBe(5);
    expect(await carriers.version('unknown')).toBeUndefined();
    expect((await carriers.model.findById('c2').lean())!.status).toBe('retired');
  });

  it('ignores an older state inside a transaction without aborting it', async () => {
    const carriers = copies();
    await carriers.apply({ _id: 'c3', version: 7, name: '七', status: 'active' });
    await inTransaction(connection, async (session) => {
      expect(
        await carriers.apply({ _id: 'c3', version: 6, name: '六', status: 'active' }, session),
      ).toEqual({ applied: false });
      expect(
        (await carriers.apply({ _id: 'c4', version: 1, name: '新', status: 'active' }, session))
          .applied,
      ).toBe(true);
    });
    expect((await carriers.model.findById('c4').lean())!.name).toBe('新');
  });

  it('applies a batch in order as one-by-one would, with one read and one bulk write', async () => {
    const monitored = await mongoose
      .createConnection(server.uri, { dbName: 'mongo-kit', monitorCommands: true })
      .asPromise();
    try {
      const carriers = copies(monitored);
      await carriers.apply({ _id: 'b1', version: 2, name: '二', status: 'active' });
      await carriers.apply({ _id: 'b2', version: 5, name: '五', status: 'active' });
      const commands: string[] = [];
      monitored.getClient().on('commandStarted', (event) => commands.push(event.commandName));
      const state = (_id: string, version: number, name: string) => ({
        state: { _id, version, name, status: 'active' as const },
      });
      const retired = (id: string, version: number) => ({
        id,
        version,
        fields: { status: 'retired' as const },
      });
      await inTransaction(monitored, (session) =>
        carriers.applyAll(
          [
            state('b1', 4, '四'),
            state('b3', 1, '一'),
            retired('b4', 3), // no copy yet: left to the full state that follows
            state('b1', 3, '三'), // late
            state('b2', 4, '旧'), // older than stored
            state('b1', 4, '重复'), // the same version again
            retired('b1', 5),
            state('b3', 2, '新'),
            state('b1', 5, '同版本'), // the retirement's version: not newer
            state('b3', 1, '迟到'),
          ],
          session,
        ),
      );
      expect(commands.filter((name) => name !== 'commitTransaction')).toEqual(['find', 'update']);
      const stored = await carriers.model.find().sort({ _id: 1 }).lean();
      expect(stored.filter((copy) => copy._id.startsWith('b'))).toEqual([
        { _id: 'b1', version: 5, name: '四', status: 'retired' },
        { _id: 'b2', version: 5, name: '五', status: 'active' },
        { _id: 'b3', version: 2, name: '新', status: 'active' },
      ]);

      // a batch of nothing newer reads once and writes nothing
      commands.length = 0;
      await carriers.applyAll([state('b2', 5, '重复'), retired('b1', 4)]);
      expect(commands).toEqual(['find']);
      expect(await carriers.version('b2')).toBe(5);
    } finally {
      await monitored.close();
    }
  });
});
