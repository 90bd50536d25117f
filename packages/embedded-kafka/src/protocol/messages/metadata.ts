import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export interface MetadataRequest {
  /** null = every topic. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export function decodeMetadataRequest(r: Reader, version: number): MetadataRequest {
  let topics = r.nullableArray((r) => r.string());
  // v0 had no null: an empty array meant "all topics".
  if (version === 0 && topics !== null && topics.length === 0) topics = null;
  const allowAutoTopicCreation = version >= 4 ? r.boolean() : true;
  return { topics, allowAutoTopicCreation };
}

export interface MetadataResponse {
  nodeId: number;
  host: string;
  port: number;
  clusterId: string;
  topics: {
    errorCode: number;
    name: string;
    partitions: { errorCode: number; partitionIndex: number }[];
  }[];
}

export function encodeMetadataResponse(w: Writer, version: number, res: MetadataResponse): void {
  if (version >= 3) w.int32(0); // throttle time
  w.array([res.nodeId], (w, nodeId) => {
    w.int32(nodeId).string(res.host).int32(res.port);
    if (version >= 1) w.nullableString(null); // rack
  });
  if (version >= 2) w.nullableString(res.clusterId);
  if (version >= 1) w.int32(res.nodeId); // controller
  w.array(res.topics, (w, topic) => {
    w.int16(topic.errorCode).string(topic.name);
    if (version >= 1) w.boolean(false); // internal
    w.array(topic.partitions, (w, p) => {
      w.int16(p.errorCode).int32(p.partitionIndex).int32(res.nodeId);
      w.array([res.nodeId], (w, id) => w.int32(id)); // replicas
      w.array([res.nodeId], (w, id) => w.int32(id)); // in-sync replicas
      if (version >= 5) w.array([], () => {}); // offline replicas
    });
  });
}
