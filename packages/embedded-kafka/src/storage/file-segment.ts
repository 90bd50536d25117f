import fs from 'node:fs';
import path from 'node:path';
import { readStoredBatchHeader } from '../protocol/record-batch.js';
import { syncDirectory } from './directory-sync.js';
import {
  entryForTimestamp,
  findEntry,
  selectEntries,
  type BatchEntry,
  type Segment,
} from './segment.js';

/** Index entry on disk: base offset, last offset, max timestamp (int64 each), position, size. */
const INDEX_ENTRY_BYTES = 32;

/**
 * Segment stored as `<baseOffset>.log` (batches back to back, exactly as served) and
 * `<baseOffset>.index` (one entry per batch). The log is the truth: on open, index entries that
 * point past its end are dropped, batches missing from the index are re-indexed, and a torn or
 * corrupt tail is cut off.
 */
export class FileSegment implements Segment {
  private readonly entries: BatchEntry[] = [];
  private readonly logFd: number;
  private readonly indexFd: number;
  private readonly logPath: string;
  private readonly indexPath: string;
  nextOffset: number;
  sizeBytes = 0;
  maxTimestamp = -1;
  private dirty = false;

  constructor(
    dir: string,
    readonly baseOffset: number,
  ) {
    const name = String(baseOffset).padStart(20, '0');
    this.logPath = path.join(dir, `${name}.log`);
    this.indexPath = path.join(dir, `${name}.index`);
    const isNew = !fs.existsSync(this.logPath);
    this.logFd = fs.openSync(this.logPath, isNew ? 'w+' : 'r+');
    this.indexFd = fs.openSync(this.indexPath, fs.existsSync(this.indexPath) ? 'r+' : 'w+');
    // A new file is only durable once its directory entry is: sync the directory too.
    if (isNew) syncDirectory(dir);
    this.nextOffset = baseOffset;
    this.recover();
  }

  static fileNamesIn(dir: string): number[] {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => Number(f.slice(0, -4)))
      .sort((a, b) => a - b);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  private recover(): void {
    const logSize = fs.fstatSync(this.logFd).size;
    const indexBytes = fs.readFileSync(this.indexPath);
    for (let at = 0; at + INDEX_ENTRY_BYTES <= indexBytes.length; at += INDEX_ENTRY_BYTES) {
      const entry: BatchEntry = {
        baseOffset: Number(indexBytes.readBigInt64BE(at)),
        lastOffset: Number(indexBytes.readBigInt64BE(at + 8)),
        maxTimestamp: Number(indexBytes.readBigInt64BE(at + 16)),
        position: indexBytes.readInt32BE(at + 24),
        size: indexBytes.readInt32BE(at + 28),
      };
      if (entry.position !== this.sizeBytes || entry.position + entry.size > logSize) break;
      this.track(entry);
    }
    // The last indexed batch may have been written only in part: check it, then scan the rest.
    const lastIndexed = this.entries.at(-1);
    if (lastIndexed && !this.batchAt(lastIndexed.position)) {
      this.entries.pop();
      this.sizeBytes = lastIndexed.position;
      this.nextOffset = (this.entries.at(-1)?.lastOffset ?? this.baseOffset - 1) + 1;
    }
    const tail = Buffer.alloc(logSize - this.sizeBytes);
    fs.readSync(this.logFd, tail, 0, tail.length, this.sizeBytes);
    const recoveredFrom = this.entries.length;
    for (let at = 0; ;) {
      const header = readStoredBatchHeader(tail, at);
      if (!header || header.baseOffset !== this.nextOffset) break;
      const lastOffset = header.baseOffset + header.lastOffsetDelta;
      this.track({
        baseOffset: header.baseOffset,
        lastOffset,
        position: this.sizeBytes,
        size: header.size,
        maxTimestamp: header.maxTimestamp,
      });
      at += header.size;
    }
    fs.ftruncateSync(this.logFd, this.sizeBytes);
    fs.ftruncateSync(this.indexFd, recoveredFrom * INDEX_ENTRY_BYTES);
    for (let slot = recoveredFrom; slot < this.entries.length; slot++) {
      this.writeIndexEntry(this.entries[slot]!, slot);
    }
    this.maxTimestamp = this.entries.reduce((max, e) => Math.max(max, e.maxTimestamp), -1);
  }

  private batchAt(position: number): boolean {
    const head = Buffer.alloc(12);
    if (fs.readSync(this.logFd, head, 0, 12, position) < 12) return false;
    const size = 12 + head.readInt32BE(8);
    const whole = Buffer.alloc(size);
    if (fs.readSync(this.logFd, whole, 0, size, position) < size) return false;
    return readStoredBatchHeader(whole, 0) !== null;
  }

  private track(entry: BatchEntry): void {
    this.entries.push(entry);
    this.sizeBytes = entry.position + entry.size;
    this.nextOffset = entry.lastOffset + 1;
    this.maxTimestamp = Math.max(this.maxTimestamp, entry.maxTimestamp);
  }

  private writeIndexEntry(entry: BatchEntry, slot: number): void {
    const buf = Buffer.allocUnsafe(INDEX_ENTRY_BYTES);
    buf.writeBigInt64BE(BigInt(entry.baseOffset), 0);
    buf.writeBigInt64BE(BigInt(entry.lastOffset), 8);
    buf.writeBigInt64BE(BigInt(entry.maxTimestamp), 16);
    buf.writeInt32BE(entry.position, 24);
    buf.writeInt32BE(entry.size, 28);
    fs.writeSync(this.indexFd, buf, 0, INDEX_ENTRY_BYTES, slot * INDEX_ENTRY_BYTES);
  }

  append(batch: Buffer, baseOffset: number, lastOffset: number, maxTimestamp: number): void {
    const entry = {
      baseOffset,
      lastOffset,
      position: this.sizeBytes,
      size: batch.length,
      maxTimestamp,
    };
    fs.writeSync(this.logFd, batch, 0, batch.length, entry.position);
    this.track(entry);
    this.writeIndexEntry(entry, this.entries.length - 1);
    this.dirty = true;
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const first = findEntry(this.entries, offset);
    if (first === -1) return [];
    const picked = selectEntries(this.entries, first, maxBytes);
    const start = picked[0]!.position;
    const last = picked.at(-1)!;
    // Batches are contiguous on disk: one read covers them all.
    const buf = Buffer.allocUnsafe(last.position + last.size - start);
    fs.readSync(this.logFd, buf, 0, buf.length, start);
    return [buf];
  }

  offsetForTimestamp(timestamp: number): number | null {
    return entryForTimestamp(this.entries, timestamp);
  }

  flush(): void {
    if (!this.dirty) return;
    fs.fdatasyncSync(this.logFd);
    this.dirty = false;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.logFd);
    fs.closeSync(this.indexFd);
  }

  remove(): void {
    fs.closeSync(this.logFd);
    fs.closeSync(this.indexFd);
    fs.rmSync(this.logPath, { force: true });
    fs.rmSync(this.indexPath, { force: true });
  }
}
