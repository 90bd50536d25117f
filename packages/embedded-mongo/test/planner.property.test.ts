import { Decimal128, Long, type Document } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, sortKey } from '../src/query/bson-order.js';
import { compileFilter, readPath, selectDocuments } from '../src/query/engine.js';
import type { IndexSpec } from '../src/storage/secondary-index.js';
import { Store } from '../src/storage/store.js';
import { TransactionManager } from '../src/storage/transactions.js';
import { DataView } from '../src/storage/view.js';

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
const filter = fc.oneof(
  fc.record({ a: condition, b: condition }, { requiredKeys: [] }),
  // $or: the union of its clauses' bounds
  fc
    .array(fc.record({ a: condition, b: condition }, { requiredKeys: [] }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((clauses) => ({ $or: clauses })),
);

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

/** Scalars only (the sort-giving indexes must not be multikey), of several BSON types. */
const scalar = fc.oneof(
  value,
  fc.constantFrom(true, false),
  fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n))),
);
const sortedDoc = fc.record(
  { a: scalar, b: scalar, c: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })) },
  { requiredKeys: [] },
);
const sortedCondition = fc.oneof(
  condition,
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
);
const clause = fc.record({ a: sortedCondition, b: sortedCondition }, { requiredKeys: [] });
const sortedFilter = fc.oneof(
  fc.constant({}),
  fc.record({ a: scalar }),
  // several prefixes, merged: {a: {$in: [...]}} sorted by b, _id
  fc.array(scalar, { minLength: 2, maxLength: 4 }).map((vs) => ({ a: { $in: vs } })),
  fc.record({ a: sortedCondition, b: sortedCondition, c: condition }, { requiredKeys: [] }),
  // keyset paging: {a: x, $or: [{b: {$lt: t}}, {b: t, _id: {$lt: id}}]} and the like
  fc
    .tuple(
      fc.record({ a: sortedCondition }, { requiredKeys: [] }),
      fc.array(clause, { minLength: 1, maxLength: 3 }),
    )
    .map(([base, or]) => ({ ...base, $or: or })),
  fc.tuple(scalar, fc.integer({ min: 0, max: 40 })).map(([t, id]) => ({
    $or: [{ b: { $lt: t } }, { b: t, _id: { $lt: id } }],
  })),
);
const randomSort = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom('a', 'b', 'c', '_id'), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(1, -1),
    fc.array(fc.constantFrom(1, -1), { minLength: 3, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([paths, direction, mixed, uniform]) =>
    Object.fromEntries(paths.map((path, i) => [path, uniform ? direction : mixed[i]!])),
  );
/** Sorts some index can give (after the fields an equality fixes), so walks are exercised. */
const indexSort = fc
  .tuple(
    fc.constantFrom(['_id'], ['a'], ['b'], ['b', '_id'], ['a', 'b'], ['b', 'a'], ['a', 'b', '_id']),
    fc.constantFrom(1, -1),
  )
  .map(([paths, direction]) => Object.fromEntries(paths.map((path) => [path, direction])));
const sortSpec = fc.oneof(indexSort, randomSort);

function sortValues(doc: Document, sort: Document): unknown[] {
  return Object.entries(sort).map(([path, direction]) =>
    sortKey(readPath(doc, path.split('.')), direction < 0 ? -1 : 1),
  );
}

describe('query planner with a sort', () => {
  it('returns what a full scan sorted in memory returns, walking an index or not', () => {
    let walks = 0;
    fc.assert(
      fc.property(
        fc.array(sortedDoc, { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        sortedFilter,
        sortSpec,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: -10, max: 10 }),
        fc.constantFrom(true, true, false),
        (docs, stringIds, query, sort, skip, limit, preferWalk) => {
          const store = new Store();
          const specs: IndexSpec[] = [
            { key: { a: 1 }, name: 'a_1' },
            { key: { a: 1, b: -1, _id: -1 }, name: 'a_1_b_-1__id_-1' },
            { key: { b: 1, a: 1 }, name: 'b_1_a_1' },
            { key: { c: 1 }, name: 'c_1' },
            { key: { b: 1 }, name: 'b_sparse', sparse: true },
          ];
          store.applyInMemory(
            specs.map((spec) => ({ op: 'createIndex' as const, db: 'd', coll: 'c', spec })),
          );
          store.applyInMemory(
            docs.map((d, i) => ({
              op: 'insert' as const,
              db: 'd',
              coll: 'c',
              doc: { _id: stringIds[i] ? `k${i}` : i, ...d },
            })),
          );
          const collection = store.collection('d', 'c')!;
          if (preferWalk) {
            collection.sortInMemoryMin = 0;
            collection.sortInMemoryFactor = 0;
          }
          const view = new DataView(store, new TransactionManager(store));
          const planned = view.select('d', 'c', query as Document, { sort, skip, limit });
          if (collection.lastScan.sort === 'index') walks++;
          const expected = selectDocuments(
            [...collection.docs.values()].filter(compileFilter(query as Document)),
            { sort, skip, limit },
          );
          expect(planned.length).toBe(expected.length);
          expect(new Set(planned.map((d) => d._id)).size).toBe(planned.length);
          const matches = compileFilter(query as Document);
          for (const doc of planned) expect(matches(doc)).toBe(true);
          // mongod orders ties arbitrarily: compare the sequences of sort keys.
          planned.forEach((doc, i) => {
            const mine = sortValues(doc, sort);
            const theirs = sortValues(expected[i]!, sort);
            mine.forEach((v, j) => expect(compareValues(v, theirs[j])).toBe(0));
          });
          // With _id in the sort there are no ties: the very same documents.
          if ('_id' in sort) expect(planned.map((d) => d._id)).toEqual(expected.map((d) => d._id));
        },
      ),
      { numRuns: 1500 },
    );
    // The generators must reach the index walk often, or this test proves little.
    expect(walks).toBeGreaterThan(200);
  });
});
