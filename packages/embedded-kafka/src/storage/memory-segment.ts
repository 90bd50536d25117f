import {
  entryForTimestamp,
  findEntry,
  selectEntries,
  type BatchEntry,
  type Segment,
} from './segment.js';

/** Segment kept in memory only (the broker's default, for tests). */
export class MemorySegment implements Segment {
  private readonly entries: BatchEntry[] = [];
  private readonly batches: Buffer[] = [];
  nextOffset: number;
  sizeBytes = 0;
  maxTimestamp = -1;

  constructor(readonly baseOffset: number) {
    this.nextOffset = baseOffset;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  append(batch: Buffer, baseOffset: number, lastOffset: number, maxTimestamp: number): void {
    this.entries.push({
      baseOffset,
      lastOffset,
      position: this.batches.length,
      size: batch.length,
      maxTimestamp,
    });
    this.batches.push(batch);
    this.sizeBytes += batch.length;
    this.nextOffset = lastOffset + 1;
    this.maxTimestamp = Math.max(this.maxTimestamp, maxTimestamp);
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const first = findEntry(this.entries, offset);
    if (first === -1) return [];
    return selectEntries(this.entries, first, maxBytes).map(
      (entry) => this.batches[entry.position]!,
    );
  }

  offsetForTimestamp(timestamp: number): number | null {
    return entryForTimestamp(this.entries, timestamp);
  }

  flush(): void {}

  close(): void {}

  remove(): void {}
}
