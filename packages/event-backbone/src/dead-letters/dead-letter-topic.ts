import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { CE_HEADERS, headersToStrings } from '../envelope/cloud-event.js';

/** Each consumer group has its own dead-letter topic. */
export function deadLetterTopicOf(group: string): string {
  return `${group}.dlq`;
}

export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 3600 * 1000;

export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  group: 'dlq-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
} as const;

/** Why a message was set aside. */
export type DeadLetterReason = 'undecodable' | 'schema-validation' | 'handler-failed';

export interface DeadLetterFailure {
  reason: DeadLetterReason;
  error: string;
  group: string;
  attempts: number;
  original: { topic: string; partition: number; offset: string };
}

/** The original message with the failure and its coordinates added as headers. */
export function deadLetterHeaders(original: IHeaders | undefined, failure: DeadLetterFailure) {
  return {
    ...original,
    [DLQ_HEADERS.reason]: failure.reason,
    [DLQ_HEADERS.error]: failure.error.slice(0, 2000),
    [DLQ_HEADERS.group]: failure.group,
    [DLQ_HEADERS.attempts]: String(failure.attempts),
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    [DLQ_HEADERS.originalTopic]: failure.original.topic,
    [DLQ_HEADERS.originalPartition]: String(failure.original.partition),
    [DLQ_HEADERS.originalOffset]: failure.original.offset,
  };
}

export interface DeadLetter {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** Headers of the original message (the `dlq-*` ones removed). */
  originalHeaders: Record<string, string>;
  eventType?: string;
  eventId?: string;
  reason: string;
  error: string;
  attempts: number;
  failedAt: string;
  original: { topic: string; partition: number; offset: string };
}

function toDeadLetter(partition: number, message: KafkaMessage): DeadLetter {
  const headers = headersToStrings(message.headers);
  const originalHeaders = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.startsWith('dlq-')),
  );
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    originalHeaders,
    eventType: headers[CE_HEADERS.type],
    eventId: headers[CE_HEADERS.id],
    reason: headers[DLQ_HEADERS.reason] ?? 'unknown',
    error: headers[DLQ_HEADERS.error] ?? '',
    attempts: Number(headers[DLQ_HEADERS.attempts] ?? 0),
    failedAt: headers[DLQ_HEADERS.failedAt] ?? '',
    original: {
      topic: headers[DLQ_HEADERS.originalTopic] ?? '',
      partition: Number(headers[DLQ_HEADERS.originalPartition] ?? -1),
      offset: headers[DLQ_HEADERS.originalOffset] ?? '',
    },
  };
}

/** Reads a dead-letter topic from its start to its current end. */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  { timeoutMs = 30_000 } = {},
): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, offset, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(offset) > BigInt(low)) ends.set(partition, BigInt(offset));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `event-dlq-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const remaining = new Set(ends.keys());
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            letters.push(toDeadLetter(partition, message));
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** Sends dead letters back to their original topic with their original key, value and headers. */
export async function replayDeadLetters(kafka: Kafka, letters: DeadLetter[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const letter of letters) {
      if (!letter.original.topic) {
        throw new Error(`dead letter at offset ${letter.offset} has no original topic`);
      }
      await producer.send({
        topic: letter.original.topic,
        acks: -1,
        messages: [{ key: letter.key, value: letter.value, headers: letter.originalHeaders }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}
