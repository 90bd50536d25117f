import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal128, Long, type Document } from 'bson';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFilter } from '../src/query/engine.js';
import { FileJournal } from '../src/storage/journal.js';
import type { IndexSpec } from '../src/storage/secondary-index.js';
import { Store } from '../src/storage/store.js';

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('a', 'b', 'c', 'ab'),
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }).map((n) => Long.fromNumber(n)),
  fc.integer({ min: -5, max: 5 }).map((n) => Decimal128.fromString(`${n}.5`)),
);
const field = fc.oneof(value, fc.array(value, { maxLength: 12 }));
const doc = fc.record({ a: field, b: field }, { requiredKeys: [] });
const condition = fc.oneof(
  value,
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), value).map(([op, v]) => ({ [op]: v })),
  fc.tuple(value, value).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
);
const filter = fc.record({ a: condition, b: condition }, { requiredKeys: [] });
/** Writes after the initial load: replace document i, or delete it. */
const write = fc.record({ i: fc.nat({ max: 39 }), doc: fc.option(doc, { nil: undefined }) });

const SPECS: IndexSpec[] = [
  { key: { a: 1 }, name: 'a_1' },
  { key: { a: 1, b: -1 }, name: 'a_1_b_-1' },
  { key: { b: 1 }, name: 'b_1' },
];
const createIndexes = (store: Store) =>
  store.applyInMemory(
    SPECS.map((spec) => ({ op: 'createIndex' as const, db: 'd', coll: 'c', spec })),
  );

function load(store: Store, docs: Document[], writes: { i: number; doc?: Document }[]): void {
  store.applyInMemory(
    docs.map((d, i) => ({ op: 'insert' as const, db: 'd', coll: 'c', doc: { _id: i, ...d } })),
  );
  for (const { i, doc } of writes) {
    if (i >= docs.length) continue;
    store.applyInMemory([
      doc
        ? { op: 'replace', db: 'd', coll: 'c', doc: { _id: i, ...doc } }
        : { op: 'delete', db: 'd', coll: 'c', id: i },
    ]);
  }
}

const ids = (docs: Document[]) => docs.map((d) => d._id as number).sort((x, y) => x - y);

describe('B+tree secondary indexes', () => {
  it('give the same answers built one write at a time as built in bulk afterwards', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { maxLength: 40 }),
        fc.array(write, { maxLength: 20 }),
        filter,
        (docs, writes, query) => {
          const incremental = new Store();
          createIndexes(incremental);
          load(incremental, docs, writes);
          const bulk = new Store();
          load(bulk, docs, writes);
          createIndexes(bulk);
          const a = incremental.collection('d', 'c')!;
          const b = bulk.collection('d', 'c')!;
          for (const spec of SPECS)
            expect(a.indexes.get(spec.name)!.size).toBe(b.indexes.get(spec.name)!.size);
          const matches = compileFilter(query as Document);
          const scanned = ids([...b.docs.values()].filter(matches));
          expect(ids(a.candidates(query as Document).filter(matches))).toEqual(scanned);
          expect(ids(b.candidates(query as Document).filter(matches))).toEqual(scanned);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scans a range in BSON order and keeps a type bracket', () => {
    const store = new Store();
    store.applyInMemory([
      { op: 'createIndex', db: 'd', coll: 'c', spec: { key: { n: 1 }, name: 'n_1' } },
    ]);
    const values = [3, 'x', Long.fromNumber(1), 2.5, null, Decimal128.fromString('-1'), 10, 'a'];
    store.applyInMemory(
      values.map((n, i) => ({ op: 'insert' as const, db: 'd', coll: 'c', doc: { _id: i, n } })),
    );
    const index = store.collection('d', 'c')!.indexes.get('n_1')!;
    expect(index.scan({ lower: { value: 1, inclusive: false } })).toEqual(['n:3', 'n:0', 'n:6']);
    expect(index.scan({ upper: { value: 3, inclusive: true } })).toEqual([
      'n:5',
      'n:2',
      'n:3',
      'n:0',
    ]);
    expect(index.scan({ lower: { value: 'a', inclusive: true } })).toEqual(['n:7', 'n:1']);
    expect(index.scan({ equals: [null, 10] })).toEqual(['n:4', 'n:6']);
    expect(index.scan({ lower: { value: 1, inclusive: false } }, [], 2)).toBeUndefined();
    expect(index.scan({ lower: { value: 1, inclusive: false } }, [], 3)).toHaveLength(3);
  });

  it('picks the narrowest index without walking the wider ones to their end', () => {
    const store = new Store();
    store.applyInMemory([
      { op: 'createIndex', db: 'd', coll: 'c', spec: { key: { status: 1 }, name: 'status_1' } },
      { op: 'createIndex', db: 'd', coll: 'c', spec: { key: { tags: 1 }, name: 'tags_1' } },
    ]);
    store.applyInMemory(
      Array.from({ length: 500 }, (_, i) => ({
        op: 'insert' as const,
        db: 'd',
        coll: 'c',
        doc: { _id: i, status: 'published', tags: [`t${i % 50}`, 'all'] },
      })),
    );
    const collection = store.collection('d', 'c')!;
    const filter = { status: 'published', tags: 't7' };
    expect(ids(collection.candidates(filter).filter(compileFilter(filter)))).toEqual(
      Array.from({ length: 10 }, (_, k) => 7 + 50 * k),
    );
    expect(collection.lastScan).toMatchObject({ plan: 'IXSCAN', index: 'tags_1', examined: 10 });
  });

  it('refuses a unique index that existing documents violate, in bulk as one by one', () => {
    const store = new Store();
    store.applyInMemory(
      [1, 2, 1].map((n, i) => ({ op: 'insert' as const, db: 'd', coll: 'c', doc: { _id: i, n } })),
    );
    expect(() =>
      store.applyInMemory([
        {
          op: 'createIndex',
          db: 'd',
          coll: 'c',
          spec: { key: { n: 1 }, name: 'n_1', unique: true },
        },
      ]),
    ).toThrow(/E11000 .* index: n_1 dup key: \{ n: 1 \}/);
    expect(store.collection('d', 'c')!.indexes.size).toBe(0);
  });
});

describe('journal replay', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the indexes once at the end and they answer and enforce as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-index-'));
    dirs.push(dir);
    const store = new Store();
    store.journal = await FileJournal.open(dir, store);
    await store.apply([{ op: 'createCollection', db: 'd', coll: 'c', options: {} }]);
    await store.apply([
      {
        op: 'createIndex',
        db: 'd',
        coll: 'c',
        spec: { key: { tags: 1 }, name: 'tags_1' },
      },
      {
        op: 'createIndex',
        db: 'd',
        coll: 'c',
        spec: { key: { slug: 1 }, name: 'slug_1', unique: true },
      },
    ]);
    const docs = Array.from({ length: 300 }, (_, i) => ({
      _id: i,
      slug: `s${i}`,
      tags: [`t${i % 7}`, `t${i % 11}`, `u${i}`],
    }));
    await store.apply(docs.map((doc) => ({ op: 'insert' as const, db: 'd', coll: 'c', doc })));
    await store.apply([
      { op: 'delete', db: 'd', coll: 'c', id: 0 },
      { op: 'replace', db: 'd', coll: 'c', doc: { _id: 1, slug: 's1', tags: ['moved'] } },
    ]);
    await (store.journal as FileJournal).close();

    const replayed = new Store();
    const journal = await FileJournal.open(dir, replayed);
    const collection = replayed.collection('d', 'c')!;
    const finalDocs = [{ _id: 1, tags: ['moved'] }, ...docs.slice(2)];
    expect(collection.indexes.get('tags_1')!.size).toBe(
      finalDocs.reduce((sum, d) => sum + new Set(d.tags).size, 0),
    );
    expect(ids(collection.candidates({ tags: 'moved' }))).toEqual([1]);
    expect(collection.lastScan).toMatchObject({ plan: 'IXSCAN', index: 'tags_1' });
    expect(
      ids(collection.candidates({ tags: 't3' }).filter(compileFilter({ tags: 't3' }))),
    ).toEqual(docs.filter((d) => d._id > 1 && d.tags.includes('t3')).map((d) => d._id));
    expect(ids(collection.candidates({ _id: { $gte: 298 } }))).toEqual([298, 299]);
    expect(() =>
      replayed.applyInMemory([
        { op: 'insert', db: 'd', coll: 'c', doc: { _id: 'dup', slug: 's5', tags: [] } },
      ]),
    ).toThrow(/E11000/);
    await journal.close();
  });
});
