import { gunzipSync } from 'node:zlib';
import { crc32c } from './crc32c.js';
import { ErrorCode } from './errors.js';

/**
 * Record batch v2 (magic 2) header layout. The broker stores batches exactly as produced and only
 * rewrites the two fields outside the CRC: the base offset and the partition leader epoch.
 */
export const BATCH_HEADER_BYTES = 61;
const LENGTH_PREFIX_BYTES = 12; // baseOffset int64 + batchLength int32
const MAGIC_AT = 16;
const CRC_AT = 17;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const FIRST_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const PRODUCER_EPOCH_AT = 51;
const BASE_SEQUENCE_AT = 53;
const RECORD_COUNT_AT = 57;

const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;
const HIGHEST_COMPRESSION_CODEC = 4; // none, gzip, snappy, lz4, zstd

export interface RecordBatch {
  /** The whole batch, offsets relative; `baseOffset` is stamped into it on append. */
  bytes: Buffer;
  lastOffsetDelta: number;
  firstTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export type BatchParseResult =
  { ok: true; batches: RecordBatch[] } | { ok: false; error: ErrorCode };

/**
 * Splits a produce request's records field into validated v2 batches (copied out of the frame).
 * A batch larger than `maxBatchBytes` (its whole size, log overhead included, as Kafka measures
 * it against `max.message.bytes`) is MESSAGE_TOO_LARGE.
 */
export function parseRecordBatches(records: Buffer, maxBatchBytes = Infinity): BatchParseResult {
  const batches: RecordBatch[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH_HEADER_BYTES)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE };
    const magic = records.readInt8(at + MAGIC_AT);
    if (magic !== 2) return { ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT };
    const size = LENGTH_PREFIX_BYTES + records.readInt32BE(at + 8);
    if (size < BATCH_HEADER_BYTES || at + size > records.length) {
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE };
    }
    // A client's batch starts at offset 0 (the broker assigns offsets); Kafka checks this, then the
    // size, before the CRC.
    if (records.readBigInt64BE(at) !== 0n) return { ok: false, error: ErrorCode.INVALID_RECORD };
    if (size > maxBatchBytes) return { ok: false, error: ErrorCode.MESSAGE_TOO_LARGE };
    const bytes = Buffer.from(records.subarray(at, at + size));
    if (bytes.readUInt32BE(CRC_AT) !== crc32c(bytes, ATTRIBUTES_AT)) {
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE };
    }
    const attributes = bytes.readInt16BE(ATTRIBUTES_AT);
    if ((attributes & 0x07) > HIGHEST_COMPRESSION_CODEC) {
      return { ok: false, error: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE };
    }
    // Transactions are not implemented: refuse their batches rather than expose them as committed.
    if (attributes & (TRANSACTIONAL_FLAG | CONTROL_FLAG)) {
      return { ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT };
    }
    const lastOffsetDelta = bytes.readInt32BE(LAST_OFFSET_DELTA_AT);
    const recordCount = bytes.readInt32BE(RECORD_COUNT_AT);
    if (lastOffsetDelta < 0 || recordCount < 0)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE };
    batches.push({
      bytes,
      lastOffsetDelta,
      firstTimestamp: Number(bytes.readBigInt64BE(FIRST_TIMESTAMP_AT)),
      maxTimestamp: Number(bytes.readBigInt64BE(MAX_TIMESTAMP_AT)),
      producerId: Number(bytes.readBigInt64BE(PRODUCER_ID_AT)),
      producerEpoch: bytes.readInt16BE(PRODUCER_EPOCH_AT),
      baseSequence: bytes.readInt32BE(BASE_SEQUENCE_AT),
      recordCount,
    });
    at += size;
  }
  return { ok: true, batches };
}

/** Stamps the broker-assigned base offset (not covered by the CRC). */
export function stampBaseOffset(bytes: Buffer, baseOffset: number): void {
  bytes.writeBigInt64BE(BigInt(baseOffset), 0);
  bytes.writeInt32BE(0, 12); // partition leader epoch: single node, epoch 0
}

/** Reads the header of a stored batch back, e.g. when recovering a segment file. */
export function readStoredBatchHeader(
  buf: Buffer,
  at: number,
): { baseOffset: number; size: number; lastOffsetDelta: number; maxTimestamp: number } | null {
  if (buf.length - at < BATCH_HEADER_BYTES) return null;
  const size = LENGTH_PREFIX_BYTES + buf.readInt32BE(at + 8);
  if (size < BATCH_HEADER_BYTES || at + size > buf.length) return null;
  if (buf.readInt8(at + MAGIC_AT) !== 2) return null;
  if (buf.readUInt32BE(at + CRC_AT) !== crc32c(buf, at + ATTRIBUTES_AT, at + size)) return null;
  return {
    baseOffset: Number(buf.readBigInt64BE(at)),
    size,
    lastOffsetDelta: buf.readInt32BE(at + LAST_OFFSET_DELTA_AT),
    maxTimestamp: Number(buf.readBigInt64BE(at + MAX_TIMESTAMP_AT)),
  };
}

/** Reads a zigzag varint (or varlong, within 2^53) at `at`; returns the value and the next position. */
function readVarint(buf: Buffer, at: number): [number, number] {
  let raw = 0;
  let scale = 1;
  for (;;) {
    if (at >= buf.length) throw new RangeError('varint past end of buffer');
    const byte = buf[at++]!;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  // zigzag: 0 → 0, 1 → -1, 2 → 1, 3 → -2 ...
  return [raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, at];
}

const GZIP = 1;

/**
 * Offset of the first record of a stored batch whose timestamp is at or after `timestamp`.
 * Uncompressed and gzip batches are read record by record; for other codecs, or if the records do
 * not parse, the batch's base offset is returned (the batch as a whole qualifies).
 */
export function firstOffsetAtOrAfter(batch: Buffer, timestamp: number): number {
  const baseOffset = Number(batch.readBigInt64BE(0));
  const codec = batch.readInt16BE(ATTRIBUTES_AT) & 0x07;
  if (codec !== 0 && codec !== GZIP) return baseOffset;
  try {
    const firstTimestamp = Number(batch.readBigInt64BE(FIRST_TIMESTAMP_AT));
    const count = batch.readInt32BE(RECORD_COUNT_AT);
    const body = batch.subarray(BATCH_HEADER_BYTES);
    const records = codec === GZIP ? gunzipSync(body) : body;
    let at = 0;
    for (let i = 0; i < count; i++) {
      const [length, afterLength] = readVarint(records, at);
      const [timestampDelta, afterTimestamp] = readVarint(records, afterLength + 1); // skip attributes
      const [offsetDelta] = readVarint(records, afterTimestamp);
      if (firstTimestamp + timestampDelta >= timestamp) return baseOffset + offsetDelta;
      at = afterLength + length;
    }
  } catch {
    // malformed records inside a batch whose CRC held: fall back to the batch granularity
  }
  return baseOffset;
}
