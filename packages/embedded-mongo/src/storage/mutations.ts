import type { Document } from 'bson';
import type { IndexSpec } from './secondary-index.js';

/** One durable change. A batch of them is applied atomically and journaled as one record. */
export type Mutation =
  | { op: 'insert'; db: string; coll: string; doc: Document }
  | { op: 'replace'; db: string; coll: string; doc: Document }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Document }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  /** collMod: the collection's options (validator, view pipeline…) replaced as a whole. */
  | { op: 'modifyCollection'; db: string; coll: string; options: Document }
  /** collMod `index`: an index's options (expireAfterSeconds, hidden) replaced; same key. */
  | { op: 'modifyIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropDatabase'; db: string };

/** Where batches go to become durable; the in-memory mode has none. */
export interface Journal {
  append(batch: Mutation[]): Promise<void>;
}
