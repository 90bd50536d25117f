import type { Document } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOperatorsWithMingo, applyUpdate, cloneDocument } from '../src/query/update.js';

// Updates of the shapes the direct path takes ($set, $unset, $inc on top-level fields), some of
// which it must hand to mingo (an $inc of a string, a field in two operators, a dotted path).
const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, min: -10, max: 10 }),
  fc.constantFrom('a', 'b'),
  fc.constant(null),
  fc.record({ x: fc.integer({ min: 0, max: 3 }) }),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
);
const name = fc.constantFrom('a', 'b', 'c', 'd.x');
const doc = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] });
const update = fc
  .record(
    {
      $set: fc.dictionary(name, value, { minKeys: 1, maxKeys: 2 }),
      $unset: fc.dictionary(name, fc.constant(''), { minKeys: 1, maxKeys: 2 }),
      $inc: fc.dictionary(
        name,
        fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, min: -2, max: 2 })),
        { minKeys: 1, maxKeys: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((u) => Object.keys(u).length > 0);

/** What mingo makes of it, or the error code it raises. */
function withMingo(original: Document, modifier: Document): Document | number {
  try {
    return applyOperatorsWithMingo(original, cloneDocument(original), modifier, {});
  } catch (error) {
    return (error as { code: number }).code;
  }
}

function direct(original: Document, modifier: Document): Document | number {
  try {
    return applyUpdate(original, modifier);
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('the direct path for simple update operators', () => {
  it('gives what mingo gives, field order included, and never changes the stored document', () => {
    fc.assert(
      fc.property(fc.tuple(doc, update), ([original, modifier]) => {
        const seed = { _id: 1, ...original };
        const before = cloneDocument(seed);
        const expected = withMingo(seed, modifier);
        const actual = direct(seed, modifier);
        expect(actual).toEqual(expected);
        if (typeof actual === 'object') expect(Object.keys(actual)).toEqual(Object.keys(expected));
        expect(seed).toEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });
});
