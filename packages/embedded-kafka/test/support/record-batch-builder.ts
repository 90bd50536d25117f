import { crc32c } from '../../src/protocol/crc32c.js';

function varint(value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
}

function record(offsetDelta: number, valueBytes: number): Buffer {
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    varint(0), // timestamp delta
    varint(offsetDelta),
    varint(-1), // null key
    varint(valueBytes),
    Buffer.alloc(valueBytes, 0x61),
    varint(0), // no headers
  ]);
  return Buffer.concat([varint(body.length), body]);
}

export interface BatchOptions {
  /** records in the batch, each with a value of `valueBytes` bytes */
  count?: number;
  valueBytes?: number;
  /** an idempotent producer's id, epoch and first sequence; absent = a plain producer */
  producer?: { id: number; epoch: number; baseSequence: number };
}

/** An uncompressed record batch v2, as a client sends it (base offset 0). */
export function recordBatch({ count = 1, valueBytes = 1, producer }: BatchOptions = {}): Buffer {
  const records = Buffer.concat(Array.from({ length: count }, (_, i) => record(i, valueBytes)));
  const batch = Buffer.alloc(61 + records.length);
  batch.writeBigInt64BE(0n, 0); // base offset: a client sends 0
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(-1, 12); // partition leader epoch
  batch.writeInt8(2, 16); // magic
  batch.writeInt16BE(0, 21); // attributes
  batch.writeInt32BE(count - 1, 23); // last offset delta
  const now = BigInt(Date.now());
  batch.writeBigInt64BE(now, 27);
  batch.writeBigInt64BE(now, 35);
  batch.writeBigInt64BE(BigInt(producer?.id ?? -1), 43);
  batch.writeInt16BE(producer?.epoch ?? -1, 51);
  batch.writeInt32BE(producer?.baseSequence ?? -1, 53);
  batch.writeInt32BE(count, 57);
  records.copy(batch, 61);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

/**
 * A one-record batch of exactly `totalBytes` bytes (the size Kafka compares with
 * `max.message.bytes`: the whole batch, its 12-byte log overhead included).
 */
export function batchOfSize(totalBytes: number): Buffer {
  let valueBytes = Math.max(0, totalBytes - 80);
  for (let attempt = 0; attempt < 10; attempt++) {
    const batch = recordBatch({ valueBytes });
    if (batch.length === totalBytes) return batch;
    const size = batch.length;
    valueBytes += totalBytes - size;
    if (valueBytes < 0) break;
  }
  throw new RangeError(`no one-record batch has ${totalBytes} bytes`);
}
