import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

export function decodeProduceRequest(r: Reader, version: number): ProduceRequest {
  const transactionalId = version >= 3 ? r.nullableString() : null;
  return {
    transactionalId,
    acks: r.int16(),
    timeoutMs: r.int32(),
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), records: r.nullableBytes() })),
    })),
  };
}

export interface ProducePartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
}

export function encodeProduceResponse(
  w: Writer,
  version: number,
  topics: { name: string; partitions: ProducePartitionResult[] }[],
): void {
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => {
      w.int32(p.index).int16(p.errorCode).int64(p.baseOffset);
      if (version >= 2) w.int64(-1); // log append time: CreateTime is used
      if (version >= 5) w.int64(p.logStartOffset);
    });
  });
  if (version >= 1) w.int32(0); // throttle time
}
