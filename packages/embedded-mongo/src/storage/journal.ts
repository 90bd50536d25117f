import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';
import { DESERIALIZE_OPTIONS } from '../wire/messages.js';
import type { Journal, Mutation } from './mutations.js';
import type { Store } from './store.js';

const JOURNAL_FILE = 'journal.log';
const SNAPSHOT_FILE = 'snapshot.log';
const RECORD_HEADER = 8; // u32 length, u32 crc32 of the payload
const SNAPSHOT_CHUNK = 1000;

export interface JournalOptions {
  /** Compact (snapshot + empty journal) once the journal grows past this many bytes. */
  compactAfterBytes?: number;
}

function encodeRecord(batch: Mutation[]): Buffer {
  const payload = serialize({ b: batch }, { ignoreUndefined: true });
  const record = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  record.set(payload, RECORD_HEADER);
  return record;
}

/** Complete, checksummed records from a file, and where the valid part ends (a torn tail is cut). */
export function decodeRecords(data: Buffer): { batches: Mutation[][]; validBytes: number } {
  const batches: Mutation[][] = [];
  let offset = 0;
  while (offset + RECORD_HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + RECORD_HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
    let document: Document;
    try {
      document = deserialize(payload, DESERIALIZE_OPTIONS);
    } catch {
      break;
    }
    batches.push(document.b as Mutation[]);
    offset = end;
  }
  return { batches, validBytes: offset };
}

/**
 * A write-ahead journal in a data directory. Every batch is appended and fsynced before the write
 * is acknowledged; concurrent batches share one fsync (group commit). Appends are queued
 * synchronously, so the journal's order is the order batches were applied in memory.
 * Compaction writes the whole state as a snapshot (temp file, fsync, rename) and empties the
 * journal; replay is idempotent, so a crash between the two steps loses nothing.
 */
export class FileJournal implements Journal {
  private queue: Array<{ record: Buffer; done: (error?: Error) => void }> = [];
  private flushing = false;
  private journalBytes: number;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    initialBytes: number,
    private readonly store: Store,
    private readonly options: JournalOptions,
  ) {
    this.journalBytes = initialBytes;
  }

  /** Loads snapshot and journal into the store, then opens the journal for appending. */
  static async open(dir: string, store: Store, options: JournalOptions = {}): Promise<FileJournal> {
    await mkdir(dir, { recursive: true });
    const snapshot = await readFile(join(dir, SNAPSHOT_FILE)).catch(() => Buffer.alloc(0));
    for (const batch of decodeRecords(snapshot).batches) store.replay(batch);
    const journalPath = join(dir, JOURNAL_FILE);
    const journal = await readFile(journalPath).catch(() => Buffer.alloc(0));
    const { batches, validBytes } = decodeRecords(journal);
    for (const batch of batches) store.replay(batch);
    store.finishReplay();
    const handle = await open(journalPath, 'a+');
    if (validBytes < journal.length) {
      // A torn record from a crash mid-append: it was never acknowledged, so drop it.
      await handle.truncate(validBytes);
      await handle.datasync();
    }
    return new FileJournal(dir, handle, validBytes, store, options);
  }

  append(batch: Mutation[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    const record = encodeRecord(batch);
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ record, done: (error) => (error ? reject(error) : resolve()) });
    });
    if (!this.flushing) void this.flush();
    return done;
  }

  /**
   * Writes queued records, one fsync per group, and compacts when the journal is too big. While it
   * runs, new appends only queue, so compaction never races an append.
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      const limit = this.options.compactAfterBytes ?? 64 * 1024 * 1024;
      for (;;) {
        while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0));
        if (this.journalBytes <= limit || this.closed) break;
        await this.snapshotAndTruncate();
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeGroup(
    group: Array<{ record: Buffer; done: (error?: Error) => void }>,
  ): Promise<void> {
    const data =
      group.length === 1 ? group[0]!.record : Buffer.concat(group.map((entry) => entry.record));
    try {
      await this.handle.write(data);
      await this.handle.datasync();
      this.journalBytes += data.length;
      for (const entry of group) entry.done();
    } catch (error) {
      for (const entry of group) entry.done(error as Error);
    }
  }

  /** Compacts now if no append is in flight (otherwise the running flush will when due). */
  async compact(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      await this.snapshotAndTruncate();
    } finally {
      this.flushing = false;
    }
    if (this.queue.length > 0) void this.flush();
  }

  /**
   * The snapshot is written synchronously first, when every applied batch is in the journal and
   * nothing is queued, so memory and journal agree; appends arriving later wait in the queue.
   */
  private async snapshotAndTruncate(): Promise<void> {
    const temp = join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = openSync(temp, 'w');
    try {
      for (const batch of snapshotBatches(this.store)) writeSync(fd, encodeRecord(batch));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await rename(temp, join(this.dir, SNAPSHOT_FILE));
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.journalBytes = 0;
  }

  get size(): number {
    return this.journalBytes;
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    while (this.flushing || this.queue.length > 0)
      await new Promise((resolve) => setImmediate(resolve));
    this.closed = true;
    await this.handle.close();
  }
}

function* snapshotBatches(store: Store): Generator<Mutation[]> {
  for (const [db, collections] of store.databases) {
    for (const collection of collections.values()) {
      const coll = collection.name;
      yield [
        { op: 'createCollection', db, coll, options: collection.options },
        ...[...collection.indexes.values()].map((index) => ({
          op: 'createIndex' as const,
          db,
          coll,
          spec: index.spec,
        })),
      ];
      let chunk: Mutation[] = [];
      for (const doc of collection.docs.values()) {
        chunk.push({ op: 'replace', db, coll, doc });
        if (chunk.length === SNAPSHOT_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    }
  }
}
