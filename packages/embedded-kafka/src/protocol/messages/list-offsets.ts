import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  topics: { name: string; partitions: { index: number; timestamp: number }[] }[];
}

export function decodeListOffsetsRequest(r: Reader, version: number): ListOffsetsRequest {
  r.int32(); // replica id
  if (version >= 2) r.int8(); // isolation level: no transactions, both levels read the same
  return {
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const index = r.int32();
        const timestamp = r.int64();
        if (version === 0) r.int32(); // max number of offsets
        return { index, timestamp };
      }),
    })),
  };
}

export interface ListOffsetsPartitionResult {
  index: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

export function encodeListOffsetsResponse(
  w: Writer,
  version: number,
  topics: { name: string; partitions: ListOffsetsPartitionResult[] }[],
): void {
  if (version >= 2) w.int32(0); // throttle time
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => {
      w.int32(p.index).int16(p.errorCode);
      if (version === 0) {
        w.array(p.offset >= 0 ? [p.offset] : [], (w, o) => w.int64(o));
      } else {
        w.int64(p.timestamp).int64(p.offset);
      }
    });
  });
}
