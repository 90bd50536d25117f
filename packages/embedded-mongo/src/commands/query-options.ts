import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { CommandError } from '../errors.js';
import { effectiveCollation } from '../query/collation.js';
import { mingoOptions, type QueryOptions } from '../query/engine.js';
import type { Collection } from '../storage/collection.js';

/**
 * A command's `let`: each variable's expression evaluated once, before the command runs, as
 * mongod does (so `$rand` is one value for the whole command).
 */
export function letVariables(value: unknown): Document | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new CommandError(
      14,
      "BSON field 'let' is the wrong type, expected type 'object'",
      'TypeMismatch',
    );
  const options = mingoOptions();
  const variables: Document = {};
  for (const [name, expression] of Object.entries(value as Document)) {
    if (!/^[a-z\u0080-\uffff][\w\u0080-\uffff]*$/.test(name))
      throw new CommandError(
        16870,
        `'${name}' starts with an invalid character for a user variable name`,
        'Location16870',
      );
    variables[name] = evalExpr({}, expression, options as never);
  }
  return variables;
}

/** The collation and `let` variables a statement runs with. */
export function queryOptions(
  collation: unknown,
  variables: Document | undefined,
  collection: Collection | undefined,
): QueryOptions {
  return {
    collation: effectiveCollation(collation, collection?.options.collation as Document | undefined),
    variables,
  };
}

/**
 * A `hint` must name an index of the collection, by name or key pattern, as mongod's planner
 * requires (`{$natural: ±1}` names the collection scan). No collection: nothing to plan, no error.
 */
export function checkHint(hint: unknown, collection: Collection | undefined): void {
  if (hint === undefined || hint === null || !collection) return;
  if (typeof hint === 'string') {
    if (collection.indexSpecs().some((spec) => spec.name === hint)) return;
  } else if (typeof hint === 'object' && !Array.isArray(hint)) {
    const keys = Object.keys(hint as Document);
    if (keys.length === 0) return;
    if (keys.length === 1 && keys[0] === '$natural') return;
    const wanted = JSON.stringify(hint);
    if (collection.indexSpecs().some((spec) => JSON.stringify(spec.key) === wanted)) return;
  } else {
    throw new CommandError(9, 'hint must be a string or an object', 'FailedToParse');
  }
  throw new CommandError(
    2,
    'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    'BadValue',
  );
}
