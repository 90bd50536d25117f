import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** OffsetCommit and OffsetFetch codecs. */

export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  topics: {
    name: string;
    partitions: { index: number; offset: number; metadata: string | null }[];
  }[];
}

export function decodeOffsetCommitRequest(r: Reader, version: number): OffsetCommitRequest {
  const groupId = r.string();
  const generationId = version >= 1 ? r.int32() : -1;
  const memberId = version >= 1 ? r.string() : '';
  if (version >= 2 && version <= 4) r.int64(); // retention time
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => {
      const index = r.int32();
      const offset = r.int64();
      if (version === 1) r.int64(); // commit timestamp
      return { index, offset, metadata: r.nullableString() };
    }),
  }));
  return { groupId, generationId, memberId, topics };
}

export function encodeOffsetCommitResponse(
  w: Writer,
  version: number,
  topics: { name: string; partitions: { index: number; errorCode: number }[] }[],
): void {
  if (version >= 3) w.int32(0); // throttle time
  w.array(topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.index).int16(p.errorCode);
    });
  });
}

export interface OffsetFetchRequest {
  groupId: string;
  /** null = every partition the group has committed. */
  topics: { name: string; partitions: number[] }[] | null;
}

export function decodeOffsetFetchRequest(r: Reader): OffsetFetchRequest {
  const groupId = r.string();
  const topics = r.nullableArray((r) => ({
    name: r.string(),
    partitions: r.array((r) => r.int32()),
  }));
  return { groupId, topics };
}

export interface OffsetFetchPartitionResult {
  index: number;
  offset: number;
  metadata: string | null;
  errorCode: number;
}

export function encodeOffsetFetchResponse(
  w: Writer,
  version: number,
  topics: { name: string; partitions: OffsetFetchPartitionResult[] }[],
): void {
  if (version >= 3) w.int32(0); // throttle time
  w.array(topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.index).int64(p.offset).nullableString(p.metadata).int16(p.errorCode);
    });
  });
  if (version >= 2) w.int16(0);
}
