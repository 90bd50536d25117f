import type { Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileSimpleFilter } from '../src/query/simple-filter.js';

// Values where mingo already follows MongoDB (plain numbers and strings, null, arrays of them):
// there the fast path must agree with mingo exactly.
const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b'),
  fc.constant(null),
);
const field = fc.oneof(value, fc.array(value, { maxLength: 3 }));
// Dotted paths only through subdocuments: through arrays of scalars mingo says {'b.x': null} does
// not match {b: ['a']}, where MongoDB treats the path as missing (and matches), as the fast path does.
const doc = fc.record(
  { a: field, b: fc.oneof(fc.record({ x: field }, { requiredKeys: [] }), value) },
  { requiredKeys: [] },
);
const condition = fc.oneof(
  value,
  value.map((v) => ({ $eq: v })),
  value.map((v) => ({ $ne: v })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ $nin: vs })),
  fc.boolean().map((b) => ({ $exists: b })),
  // Not null: MongoDB's {$lte: null} matches null and missing fields; mingo's matches nothing.
  fc
    .tuple(
      fc.constantFrom('$gt', '$gte', '$lt', '$lte'),
      fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b')),
    )
    .map(([op, v]) => ({ [op]: v })),
);
const clause = fc.record(
  { a: condition, 'b.x': condition },
  { requiredKeys: [], noNullPrototype: true },
);
const filter = fc.oneof(
  clause,
  fc
    .tuple(clause, fc.array(clause, { minLength: 1, maxLength: 3 }))
    .map(([base, or]) => ({ ...base, $or: or })),
);

describe('simple filter fast path', () => {
  it('agrees with mingo on values mingo handles like MongoDB', () => {
    fc.assert(
      fc.property(doc, filter, (d, f) => {
        const fast = compileSimpleFilter(f as Document);
        expect(fast).toBeDefined();
        expect(fast!(d)).toBe(new Query(f).test(d));
      }),
      { numRuns: 3000 },
    );
  });
});
