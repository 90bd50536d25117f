import { Decimal128, Long, type Document } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../src/query/engine.js';
import { Store } from '../src/storage/store.js';

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('a', 'b', 'c', 'ab'),
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }).map((n) => Long.fromNumber(n)),
  fc.integer({ min: -5, max: 5 }).map((n) => Decimal128.fromString(`${n}.5`)),
);
const field = fc.oneof(value, fc.array(value, { maxLength: 3 }));
const doc = fc.record({ a: field, b: field }, { requiredKeys: [] });

const condition = fc.oneof(
  value,
  value.map((v) => ({ $eq: v })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), value).map(([op, v]) => ({ [op]: v })),
  fc.tuple(value, value).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
  fc.array(value, { minLength: 1, maxLength: 2 }).map((vs) => ({ $all: vs })),
);
const filter = fc.record({ a: condition, b: condition }, { requiredKeys: [] });

describe('query planner', () => {
  it('returns exactly what a full scan returns, whichever index it picks', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 40 }), filter, (docs, query) => {
        const store = new Store();
        store.applyInMemory([
          { op: 'createIndex', db: 'd', coll: 'c', spec: { key: { a: 1 }, name: 'a_1' } },
          {
            op: 'createIndex',
            db: 'd',
            coll: 'c',
            spec: { key: { a: 1, b: -1 }, name: 'a_1_b_-1' },
          },
          { op: 'createIndex', db: 'd', coll: 'c', spec: { key: { b: 1 }, name: 'b_1' } },
        ]);
        store.applyInMemory(
          docs.map((d, i) => ({
            op: 'insert' as const,
            db: 'd',
            coll: 'c',
            doc: { _id: i, ...d },
          })),
        );
        const collection = store.collection('d', 'c')!;
        const matches = compileFilter(query as Document);
        const planned = collection
          .candidates(query as Document)
          .filter(matches)
          .map((d) => d._id)
          .sort();
        const scanned = [...collection.docs.values()]
          .filter(matches)
          .map((d) => d._id)
          .sort();
        expect(planned).toEqual(scanned);
      }),
      { numRuns: 1000 },
    );
  });
});
