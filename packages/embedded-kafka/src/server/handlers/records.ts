import { ErrorCode } from '../../protocol/errors.js';
import {
  decodeFetchRequest,
  encodeFetchResponse,
  type FetchPartitionResult,
  type FetchRequest,
} from '../../protocol/messages/fetch.js';
import {
  decodeInitProducerIdRequest,
  encodeInitProducerIdResponse,
} from '../../protocol/messages/init-producer-id.js';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  decodeListOffsetsRequest,
  encodeListOffsetsResponse,
} from '../../protocol/messages/list-offsets.js';
import {
  decodeProduceRequest,
  encodeProduceResponse,
  type ProducePartitionResult,
} from '../../protocol/messages/produce.js';
import { parseRecordBatches } from '../../protocol/record-batch.js';
import type { BrokerState, Handler } from '../broker-state.js';

/** Longest a fetch may park, whatever it asks for. */
const MAX_FETCH_WAIT_MS = 5 * 60 * 1000;

export const handleProduce: Handler = ({ header, broker }, r, w) => {
  const req = decodeProduceRequest(r, header.apiVersion);
  const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
  const topics = req.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p): ProducePartitionResult => {
      const fail = (errorCode: number) => ({
        index: p.index,
        errorCode,
        baseOffset: -1,
        logStartOffset: -1,
      });
      if (!validAcks) return fail(ErrorCode.INVALID_REQUIRED_ACKS);
      if (req.transactionalId !== null) return fail(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
      const stored = broker.topics.get(topic.name);
      const log = stored?.partitions[p.index];
      if (!stored || !log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const maxBatchBytes = broker.topics.maxMessageBytes(stored);
      const parsed = parseRecordBatches(p.records ?? Buffer.alloc(0), maxBatchBytes);
      if (!parsed.ok) return fail(parsed.error);
      if (parsed.batches.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE);
      let baseOffset = -1;
      for (const batch of parsed.batches) {
        const appended = log.append(batch);
        if (appended.errorCode !== ErrorCode.NONE) return fail(appended.errorCode);
        if (baseOffset === -1) baseOffset = appended.baseOffset;
      }
      // acks=-1 promises the records survive a crash: sync them before answering.
      if (req.acks === -1) log.flush();
      broker.appends.notify(topic.name, p.index);
      return {
        index: p.index,
        errorCode: ErrorCode.NONE,
        baseOffset,
        logStartOffset: log.logStartOffset,
      };
    }),
  }));
  if (req.acks === 0) return false;
  encodeProduceResponse(w, header.apiVersion, topics);
  return true;
};

/** One pass over the requested partitions, within the request's byte budget. */
function readPartitions(broker: BrokerState, req: FetchRequest) {
  let budget = req.maxBytes;
  let bytes = 0;
  const topics = req.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p): FetchPartitionResult => {
      const log = broker.topics.partition(topic.name, p.index);
      if (!log) {
        return {
          index: p.index,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          highWatermark: -1,
          logStartOffset: -1,
          records: [],
        };
      }
      const read = log.read(p.fetchOffset, Math.min(p.maxBytes, Math.max(budget, 1)));
      let size = read.records.reduce((sum, b) => sum + b.length, 0);
      // Only the response's first batch may exceed the limits (so a large batch never blocks a
      // consumer); past the budget a partition answers empty and is read on the next fetch.
      if (bytes > 0 && size > budget) {
        read.records = [];
        size = 0;
      }
      bytes += size;
      budget -= size;
      return {
        index: p.index,
        errorCode: read.errorCode,
        highWatermark: log.highWatermark,
        logStartOffset: log.logStartOffset,
        records: read.records,
      };
    }),
  }));
  const failed = topics.some((t) => t.partitions.some((p) => p.errorCode !== ErrorCode.NONE));
  return { topics, bytes, failed };
}

/** Fetch with long polling: waits up to maxWaitMs for minBytes, waking on appends. */
export const handleFetch: Handler = async ({ header, broker, connectionClosed }, r, w) => {
  const req = decodeFetchRequest(r, header.apiVersion);
  const deadline = Date.now() + Math.min(req.maxWaitMs, MAX_FETCH_WAIT_MS);
  let result = readPartitions(broker, req);
  const watched = req.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.index })),
  );
  const waiting = () => !broker.stopping && !connectionClosed.aborted && Date.now() < deadline;
  while (result.bytes < req.minBytes && !result.failed && waiting()) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        connectionClosed.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, deadline - Date.now());
      const unsubscribe = broker.appends.subscribe(watched, done);
      connectionClosed.addEventListener('abort', done);
    });
    result = readPartitions(broker, req);
  }
  encodeFetchResponse(w, header.apiVersion, result.topics);
  return true;
};

export const handleListOffsets: Handler = ({ header, broker }, r, w) => {
  const req = decodeListOffsetsRequest(r, header.apiVersion);
  const topics = req.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p) => {
      const log = broker.topics.partition(topic.name, p.index);
      if (!log)
        return {
          index: p.index,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          timestamp: -1,
          offset: -1,
        };
      let offset: number;
      if (p.timestamp === LATEST_TIMESTAMP) offset = log.highWatermark;
      else if (p.timestamp === EARLIEST_TIMESTAMP) offset = log.logStartOffset;
      else offset = log.offsetForTimestamp(p.timestamp) ?? -1;
      return { index: p.index, errorCode: ErrorCode.NONE, timestamp: -1, offset };
    }),
  }));
  encodeListOffsetsResponse(w, header.apiVersion, topics);
  return true;
};

/** Idempotent producers get an id; transactions are not implemented. */
export const handleInitProducerId: Handler = ({ broker }, r, w) => {
  const req = decodeInitProducerIdRequest(r);
  if (req.transactionalId !== null) {
    encodeInitProducerIdResponse(w, {
      errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
      producerId: -1,
      producerEpoch: -1,
    });
    return true;
  }
  encodeInitProducerIdResponse(w, {
    errorCode: ErrorCode.NONE,
    producerId: broker.nextProducerId(),
    producerEpoch: 0,
  });
  return true;
};
