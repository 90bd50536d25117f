import { ErrorCode } from '../../protocol/errors.js';
import { decodeMetadataRequest, encodeMetadataResponse } from '../../protocol/messages/metadata.js';
import {
  decodeCreateTopicsRequest,
  decodeDeleteTopicsRequest,
  encodeCreateTopicsResponse,
  encodeDeleteTopicsResponse,
  type TopicResult,
} from '../../protocol/messages/topics-admin.js';
import type { Handler } from '../broker-state.js';

export const handleMetadata: Handler = ({ header, broker }, r, w) => {
  const req = decodeMetadataRequest(r, header.apiVersion);
  const names = req.topics ?? broker.topics.names();
  const topics = names.map((name) => {
    let topic = broker.topics.get(name);
    let errorCode: number = ErrorCode.NONE;
    if (!topic && broker.autoCreateTopics && req.allowAutoTopicCreation) {
      errorCode = broker.topics.create(name, broker.defaultPartitions).errorCode;
      if (errorCode === ErrorCode.NONE) broker.log.info(`auto-created topic ${name}`);
      topic = broker.topics.get(name);
    } else if (!topic) {
      errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }
    const partitions = (topic?.partitions ?? []).map((_, partitionIndex) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex,
    }));
    return { errorCode, name, partitions };
  });
  encodeMetadataResponse(w, header.apiVersion, {
    nodeId: broker.nodeId,
    host: broker.host,
    port: broker.port,
    clusterId: broker.clusterId,
    topics,
  });
  return true;
};

export const handleCreateTopics: Handler = ({ header, broker }, r, w) => {
  const req = decodeCreateTopicsRequest(r, header.apiVersion);
  const results = req.topics.map((t): TopicResult => {
    const fail = (errorCode: number, errorMessage: string) => ({
      name: t.name,
      errorCode,
      errorMessage,
    });
    if (t.replicationFactor !== -1 && t.replicationFactor !== 1 && t.assignments.length === 0) {
      return fail(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        'single broker: replication factor must be 1',
      );
    }
    const partitions = t.assignments.length > 0 ? t.assignments.length : t.numPartitions;
    const count = partitions === -1 ? broker.defaultPartitions : partitions;
    const configs = Object.fromEntries(t.configs.map((c) => [c.name, c.value]));
    const verdict = req.validateOnly
      ? broker.topics.validate(t.name, count, configs)
      : broker.topics.create(t.name, count, configs);
    if (verdict.errorCode === ErrorCode.NONE && !req.validateOnly) {
      broker.log.info(`created topic ${t.name} with ${count} partitions`);
    }
    return { name: t.name, ...verdict };
  });
  encodeCreateTopicsResponse(w, header.apiVersion, results);
  return true;
};

export const handleDeleteTopics: Handler = ({ header, broker }, r, w) => {
  const req = decodeDeleteTopicsRequest(r);
  const results = req.names.map((name) => {
    const errorCode = broker.topics.delete(name);
    if (errorCode === ErrorCode.NONE) {
      broker.groups.offsets.forgetTopic(name);
      broker.log.info(`deleted topic ${name}`);
    }
    return { name, errorCode, errorMessage: null };
  });
  encodeDeleteTopicsResponse(w, header.apiVersion, results);
  return true;
};
