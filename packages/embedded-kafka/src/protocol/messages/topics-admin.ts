import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export interface CreateTopicsRequest {
  topics: {
    name: string;
    numPartitions: number;
    replicationFactor: number;
    assignments: { partitionIndex: number; brokerIds: number[] }[];
    configs: { name: string; value: string | null }[];
  }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export function decodeCreateTopicsRequest(r: Reader, version: number): CreateTopicsRequest {
  const topics = r.array((r) => ({
    name: r.string(),
    numPartitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((r) => ({
      partitionIndex: r.int32(),
      brokerIds: r.array((r) => r.int32()),
    })),
    configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
  }));
  const timeoutMs = r.int32();
  const validateOnly = version >= 1 ? r.boolean() : false;
  return { topics, timeoutMs, validateOnly };
}

export interface TopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export function encodeCreateTopicsResponse(
  w: Writer,
  version: number,
  topics: TopicResult[],
): void {
  if (version >= 2) w.int32(0); // throttle time
  w.array(topics, (w, t) => {
    w.string(t.name).int16(t.errorCode);
    if (version >= 1) w.nullableString(t.errorMessage);
  });
}

export function decodeDeleteTopicsRequest(r: Reader): { names: string[]; timeoutMs: number } {
  return { names: r.array((r) => r.string()), timeoutMs: r.int32() };
}

export function encodeDeleteTopicsResponse(
  w: Writer,
  version: number,
  topics: TopicResult[],
): void {
  if (version >= 1) w.int32(0); // throttle time
  w.array(topics, (w, t) => {
    w.string(t.name).int16(t.errorCode);
  });
}
