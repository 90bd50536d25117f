import type { AnalyzedQuery } from './analyze-query.js';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * MongoDB filter selecting documents whose key array at `path` satisfies every group of the
 * query: `{ path: { $all: [...] } }` for the one-key groups and a `$in` per group with
 * alternatives, combined with `$and`. Values are plain strings from analyzeQuery; nothing in
 * the query text can become an operator. Undefined when the query has no keys (empty, or only
 * punctuation and stopwords): callers decide whether that means "everything" or "nothing".
 */
export function searchKeyFilter(
  path: string,
  query: Pick<AnalyzedQuery, 'groups'>,
): Record<string, unknown> | undefined {
  if (!FIELD_PATH.test(path))
    throw new Error(`searchKeyFilter: invalid field path ${JSON.stringify(path)}`);
  if (query.groups.length === 0) return undefined;
  const required = query.groups.filter((group) => group.length === 1).map((group) => group[0]);
  const clauses: Record<string, unknown>[] = [];
  if (required.length > 0) clauses.push({ [path]: { $all: required } });
  for (const group of query.groups) if (group.length > 1) clauses.push({ [path]: { $in: group } });
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}
