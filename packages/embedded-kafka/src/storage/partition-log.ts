import fs from 'node:fs';
import { ErrorCode } from '../protocol/errors.js';
import {
  firstOffsetAtOrAfter,
  stampBaseOffset,
  type RecordBatch,
} from '../protocol/record-batch.js';
import { FileSegment } from './file-segment.js';
import { MemorySegment } from './memory-segment.js';
import type { Segment } from './segment.js';

export interface RetentionConfig {
  /** Delete segments whose newest record is older than this; -1 keeps them forever. */
  retentionMs: number;
  /** Delete oldest segments while the partition is larger than this; -1 for no limit. */
  retentionBytes: number;
  /** Roll to a new segment once the active one reaches this size. */
  segmentBytes: number;
}

/** Sequence numbers of the last batches of one idempotent producer, to drop retried duplicates. */
interface ProducerState {
  epoch: number;
  recent: { firstSeq: number; lastSeq: number; baseOffset: number }[];
}
const RECENT_BATCHES_KEPT = 5;

export type AppendResult = { errorCode: number; baseOffset: number };

/** Append-only log of one partition: segments, offsets, retention, idempotent-producer dedup. */
export class PartitionLog {
  private readonly segments: Segment[] = [];
  private readonly producers = new Map<number, ProducerState>();

  /** @param dir directory of the partition's segment files, or null to keep it in memory. */
  constructor(
    private readonly dir: string | null,
    private config: RetentionConfig,
  ) {
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      for (const base of FileSegment.fileNamesIn(dir))
        this.segments.push(new FileSegment(dir, base));
    }
    if (this.segments.length === 0) this.segments.push(this.newSegment(0));
  }

  private newSegment(baseOffset: number): Segment {
    return this.dir ? new FileSegment(this.dir, baseOffset) : new MemorySegment(baseOffset);
  }

  private get active(): Segment {
    return this.segments.at(-1)!;
  }

  get logStartOffset(): number {
    return this.segments[0]!.baseOffset;
  }

  /** Single replica: the high watermark is the log end offset. */
  get highWatermark(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.sizeBytes, 0);
  }

  append(batch: RecordBatch): AppendResult {
    const duplicate = this.checkSequence(batch);
    if (duplicate) return duplicate;
    if (
      !this.active.isEmpty &&
      this.active.sizeBytes + batch.bytes.length > this.config.segmentBytes
    ) {
      this.segments.push(this.newSegment(this.highWatermark));
    }
    const baseOffset = this.highWatermark;
    stampBaseOffset(batch.bytes, baseOffset);
    this.active.append(
      batch.bytes,
      baseOffset,
      baseOffset + batch.lastOffsetDelta,
      batch.maxTimestamp,
    );
    this.rememberSequence(batch, baseOffset);
    this.enforceRetention(Date.now());
    return { errorCode: ErrorCode.NONE, baseOffset };
  }

  private checkSequence(batch: RecordBatch): AppendResult | null {
    if (batch.producerId < 0 || batch.baseSequence < 0) return null;
    const state = this.producers.get(batch.producerId);
    // An unknown producer may start anywhere (Kafka: its state may have gone with retention).
    if (!state) return null;
    if (batch.producerEpoch < state.epoch)
      return { errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, baseOffset: -1 };
    // A new epoch of a known producer starts its sequences again at 0.
    if (batch.producerEpoch > state.epoch) {
      return batch.baseSequence === 0
        ? null
        : { errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: -1 };
    }
    // A duplicate is a retry of one of the last batches: the same first and last sequence.
    const lastSeq = (batch.baseSequence + batch.lastOffsetDelta) % 0x80000000;
    const seen = state.recent.find(
      (r) => r.firstSeq === batch.baseSequence && r.lastSeq === lastSeq,
    );
    if (seen) return { errorCode: ErrorCode.NONE, baseOffset: seen.baseOffset };
    const previousLastSeq = state.recent.at(-1)!.lastSeq;
    const expected = previousLastSeq === 0x7fffffff ? 0 : previousLastSeq + 1;
    if (batch.baseSequence !== expected)
      return { errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: -1 };
    return null;
  }

  private rememberSequence(batch: RecordBatch, baseOffset: number): void {
    if (batch.producerId < 0 || batch.baseSequence < 0) return;
    let state = this.producers.get(batch.producerId);
    if (!state || batch.producerEpoch > state.epoch) {
      state = { epoch: batch.producerEpoch, recent: [] };
      this.producers.set(batch.producerId, state);
    }
    const lastSeq = (batch.baseSequence + batch.lastOffsetDelta) % 0x80000000;
    state.recent.push({ firstSeq: batch.baseSequence, lastSeq, baseOffset });
    if (state.recent.length > RECENT_BATCHES_KEPT) state.recent.shift();
  }

  /** Batches from `offset` on, or OFFSET_OUT_OF_RANGE when the offset is not in the log. */
  read(offset: number, maxBytes: number): { errorCode: number; records: Buffer[] } {
    if (offset < this.logStartOffset || offset > this.highWatermark) {
      return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: [] };
    }
    // Like Kafka, one fetch reads from one segment: the next fetch continues in the following one.
    const segment = this.segments.find((s) => s.nextOffset > offset && !s.isEmpty);
    return { errorCode: ErrorCode.NONE, records: segment ? segment.read(offset, maxBytes) : [] };
  }

  /** Offset of the first record stamped at or after `timestamp`, or null when there is none. */
  offsetForTimestamp(timestamp: number): number | null {
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestamp) continue;
      const batchOffset = segment.offsetForTimestamp(timestamp);
      if (batchOffset === null) continue;
      const [batch] = segment.read(batchOffset, 1); // at least the one batch
      const offset = batch ? firstOffsetAtOrAfter(batch, timestamp) : batchOffset;
      return Math.max(offset, this.logStartOffset);
    }
    return null;
  }

  reconfigure(config: RetentionConfig): void {
    this.config = config;
  }

  /** Deletes whole segments past the time or size limit; the log end offset never moves back. */
  enforceRetention(now: number): void {
    const { retentionMs, retentionBytes } = this.config;
    const expired = (s: Segment) =>
      retentionMs >= 0 && !s.isEmpty && s.maxTimestamp < now - retentionMs;
    // An expired active segment is rolled so that it can go too.
    if (expired(this.active)) this.segments.push(this.newSegment(this.highWatermark));
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      const overSize = retentionBytes >= 0 && this.sizeBytes - oldest.sizeBytes >= retentionBytes;
      if (!expired(oldest) && !overSize) break;
      oldest.remove();
      this.segments.shift();
    }
  }

  /** Syncs every segment written since the last flush (an append may have rolled a segment). */
  flush(): void {
    for (const segment of this.segments) segment.flush();
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }

  remove(): void {
    for (const segment of this.segments) segment.remove();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
