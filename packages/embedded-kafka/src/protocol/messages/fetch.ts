import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: {
    name: string;
    partitions: { index: number; fetchOffset: number; maxBytes: number }[];
  }[];
}

export function decodeFetchRequest(r: Reader, version: number): FetchRequest {
  r.int32(); // replica id
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = version >= 3 ? r.int32() : 0x7fffffff;
  const isolationLevel = version >= 4 ? r.int8() : 0;
  if (version >= 7) {
    r.int32(); // session id: sessions are not kept, every fetch is a full fetch
    r.int32(); // session epoch
  }
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => {
      const index = r.int32();
      if (version >= 9) r.int32(); // current leader epoch
      const fetchOffset = r.int64();
      if (version >= 5) r.int64(); // follower log start offset
      return { index, fetchOffset, maxBytes: r.int32() };
    }),
  }));
  if (version >= 7) r.array((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) }));
  if (version >= 11) r.string(); // rack id
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, topics };
}

export interface FetchPartitionResult {
  index: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer[];
}

export function encodeFetchResponse(
  w: Writer,
  version: number,
  topics: { name: string; partitions: FetchPartitionResult[] }[],
): void {
  if (version >= 1) w.int32(0); // throttle time
  if (version >= 7) w.int16(0).int32(0); // error code, session id (no session)
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => {
      w.int32(p.index).int16(p.errorCode).int64(p.highWatermark);
      // No transactions: everything below the high watermark is stable.
      if (version >= 4) w.int64(p.highWatermark);
      if (version >= 5) w.int64(p.logStartOffset);
      if (version >= 4) w.array([], () => {}); // aborted transactions
      if (version >= 11) w.int32(-1); // preferred read replica
      const size = p.records.reduce((sum, b) => sum + b.length, 0);
      w.int32(size);
      for (const batch of p.records) w.raw(batch);
    });
  });
}
