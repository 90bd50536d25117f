import { calculateObjectSize, Long, type Document } from 'bson';

/** Replies stay under this many bytes of documents (mongod uses 16 MiB for a batch). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;
const DEFAULT_FIRST_BATCH = 101;

/** Like mongod, a cursor nobody has touched for 10 minutes is closed. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  remaining: Document[];
  position: number;
  lastUsed: number;
}

/** Open cursors: results materialised at find/aggregate time and handed out in batches. */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1n;

  /** The first batch and a cursor id (0 when everything fit). */
  firstBatch(ns: string, docs: Document[], batchSize?: number): { id: Long; batch: Document[] } {
    const batch = takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    if (batch.length >= docs.length) return { id: Long.ZERO, batch };
    this.closeIdle();
    const id = this.nextId++;
    this.open.set(id.toString(), {
      ns,
      remaining: docs,
      position: batch.length,
      lastUsed: Date.now(),
    });
    return { id: Long.fromBigInt(id), batch };
  }

  /** The next batch, or undefined for an unknown cursor; `exhausted` tells the id became 0. */
  nextBatch(
    id: Long,
    batchSize?: number,
  ): { ns: string; batch: Document[]; exhausted: boolean } | undefined {
    const cursor = this.open.get(id.toString());
    if (!cursor) return undefined;
    const batch = takeBatch(
      cursor.remaining,
      cursor.position,
      batchSize ?? Number.MAX_SAFE_INTEGER,
    );
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.remaining.length;
    if (exhausted) this.open.delete(id.toString());
    return { ns: cursor.ns, batch, exhausted };
  }

  kill(id: Long): boolean {
    return this.open.delete(id.toString());
  }

  get size(): number {
    return this.open.size;
  }

  private closeIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, cursor] of this.open) if (cursor.lastUsed < cutoff) this.open.delete(id);
  }
}

function takeBatch(docs: Document[], from: number, batchSize: number): Document[] {
  const limit = batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER;
  const batch: Document[] = [];
  let bytes = 0;
  for (let i = from; i < docs.length && batch.length < limit; i++) {
    const size = calculateObjectSize(docs[i]!);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    batch.push(docs[i]!);
  }
  return batch;
}
