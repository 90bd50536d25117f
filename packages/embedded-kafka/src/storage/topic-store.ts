import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../protocol/errors.js';
import { syncDirectory } from './directory-sync.js';
import { PartitionLog, type RetentionConfig } from './partition-log.js';
import { describeTopicConfigs, integerConfig, invalidTopicConfigs } from './topic-configs.js';

export interface Topic {
  readonly name: string;
  readonly partitions: PartitionLog[];
  readonly configs: Record<string, string>;
}

export type TopicResult = { errorCode: number; errorMessage: string | null };

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

function retentionOf(configs: Record<string, string>): RetentionConfig {
  return {
    retentionMs: integerConfig(configs, 'retention.ms', 7 * 24 * 3600 * 1000),
    retentionBytes: integerConfig(configs, 'retention.bytes', -1),
    segmentBytes: integerConfig(configs, 'segment.bytes', DEFAULT_SEGMENT_BYTES),
  };
}

/**
 * Every topic and its partition logs. On disk: `<dataDir>/topics/<name>/topic.json` and one
 * directory of segments per partition, `<dataDir>/topics/<name>/<partition>/`.
 */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly topicsDir: string | null;

  /** @param messageMaxBytes the broker's `message.max.bytes`, the default of `max.message.bytes` */
  constructor(
    dataDir: string | null,
    readonly messageMaxBytes: number,
  ) {
    this.topicsDir = dataDir ? path.join(dataDir, 'topics') : null;
    if (this.topicsDir) {
      fs.mkdirSync(this.topicsDir, { recursive: true });
      for (const name of fs.readdirSync(this.topicsDir)) this.load(name);
    }
  }

  private load(name: string): void {
    const dir = path.join(this.topicsDir!, name);
    const descriptor = path.join(dir, 'topic.json');
    if (!fs.existsSync(descriptor)) return; // a creation interrupted before it was recorded
    const { partitions, configs } = JSON.parse(fs.readFileSync(descriptor, 'utf8')) as {
      partitions: number;
      configs: Record<string, string>;
    };
    const retention = retentionOf(configs);
    const logs = Array.from(
      { length: partitions },
      (_, i) => new PartitionLog(path.join(dir, String(i)), retention),
    );
    this.topics.set(name, { name, partitions: logs, configs });
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  names(): string[] {
    return [...this.topics.keys()].sort();
  }

  /** The largest record batch a producer may append to the topic (Kafka's `max.message.bytes`). */
  maxMessageBytes(topic: Topic): number {
    return integerConfig(topic.configs, 'max.message.bytes', this.messageMaxBytes);
  }

  validate(name: string, partitions: number, configs: Record<string, string | null>): TopicResult {
    if (!LEGAL_TOPIC_NAME.test(name) || name === '.' || name === '..') {
      return {
        errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
        errorMessage: `illegal topic name "${name}"`,
      };
    }
    if (this.topics.has(name)) {
      return {
        errorCode: ErrorCode.TOPIC_ALREADY_EXISTS,
        errorMessage: `topic "${name}" already exists`,
      };
    }
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
      return {
        errorCode: ErrorCode.INVALID_PARTITIONS,
        errorMessage: `invalid partition count ${partitions}`,
      };
    }
    const configError = invalidTopicConfigs(configs);
    if (configError) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: configError };
    return { errorCode: ErrorCode.NONE, errorMessage: null };
  }

  create(
    name: string,
    partitions: number,
    requested: Record<string, string | null> = {},
  ): TopicResult {
    const verdict = this.validate(name, partitions, requested);
    if (verdict.errorCode !== ErrorCode.NONE) return verdict;
    const configs = requested as Record<string, string>; // validated: no nulls
    const retention = retentionOf(configs);
    let logs: PartitionLog[];
    if (this.topicsDir) {
      const dir = path.join(this.topicsDir, name);
      logs = Array.from(
        { length: partitions },
        (_, i) => new PartitionLog(path.join(dir, String(i)), retention),
      );
      this.writeDescriptor(name, partitions, configs);
      syncDirectory(this.topicsDir);
    } else {
      logs = Array.from({ length: partitions }, () => new PartitionLog(null, retention));
    }
    this.topics.set(name, { name, partitions: logs, configs });
    return verdict;
  }

  private writeDescriptor(name: string, partitions: number, configs: Record<string, string>) {
    const dir = path.join(this.topicsDir!, name);
    const descriptor = path.join(dir, 'topic.json');
    fs.writeFileSync(`${descriptor}.tmp`, JSON.stringify({ partitions, configs }));
    fs.renameSync(`${descriptor}.tmp`, descriptor);
    syncDirectory(dir);
  }

  /**
   * Replaces a topic's configs (AlterConfigs and IncrementalAlterConfigs compute the new set).
   * Validated first, as Kafka's controller does, then the topic must exist.
   */
  alterConfigs(
    name: string,
    configs: Record<string, string | null>,
    validateOnly: boolean,
  ): TopicResult {
    const configError = invalidTopicConfigs(configs);
    if (configError) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: configError };
    const topic = this.topics.get(name);
    if (!topic) {
      return {
        errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: `topic "${name}" does not exist`,
      };
    }
    if (!validateOnly) {
      const valid = configs as Record<string, string>;
      if (this.topicsDir) this.writeDescriptor(name, topic.partitions.length, valid);
      const updated = { ...topic, configs: valid };
      this.topics.set(name, updated);
      const retention = retentionOf(valid);
      for (const log of topic.partitions) log.reconfigure(retention);
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null };
  }

  describeConfigs(topic: Topic) {
    return describeTopicConfigs(topic.configs, this.messageMaxBytes);
  }

  delete(name: string): number {
    const topic = this.topics.get(name);
    if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.topics.delete(name);
    for (const log of topic.partitions) log.remove();
    if (this.topicsDir)
      fs.rmSync(path.join(this.topicsDir, name), { recursive: true, force: true });
    return ErrorCode.NONE;
  }

  enforceRetention(now: number): void {
    for (const topic of this.topics.values())
      for (const log of topic.partitions) log.enforceRetention(now);
  }

  close(): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.close();
  }
}
