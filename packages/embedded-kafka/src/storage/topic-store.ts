import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../protocol/errors.js';
import { syncDirectory } from './directory-sync.js';
import { PartitionLog, type RetentionConfig } from './partition-log.js';

export interface Topic {
  readonly name: string;
  readonly partitions: PartitionLog[];
  readonly configs: Record<string, string>;
}

export type TopicResult = { errorCode: number; errorMessage: string | null };

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const DEFAULT_RETENTION: RetentionConfig = {
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  segmentBytes: 64 * 1024 * 1024,
};
const RETENTION_KEYS: Record<string, keyof RetentionConfig> = {
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'segment.bytes': 'segmentBytes',
};

function retentionOf(configs: Record<string, string>): RetentionConfig {
  const config = { ...DEFAULT_RETENTION };
  for (const [key, field] of Object.entries(RETENTION_KEYS)) {
    if (configs[key] !== undefined) config[field] = Number(configs[key]);
  }
  return config;
}

function invalidConfig(configs: Record<string, string>): string | null {
  for (const key of Object.keys(RETENTION_KEYS)) {
    const value = configs[key];
    if (value !== undefined && !/^-?\d+$/.test(value))
      return `${key} must be an integer, got "${value}"`;
  }
  const segmentBytes = configs['segment.bytes'];
  if (segmentBytes !== undefined && Number(segmentBytes) < 1)
    return 'segment.bytes must be positive';
  return null;
}

/**
 * Every topic and its partition logs. On disk: `<dataDir>/topics/<name>/topic.json` and one
 * directory of segments per partition, `<dataDir>/topics/<name>/<partition>/`.
 */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly topicsDir: string | null;

  constructor(dataDir: string | null) {
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

  validate(name: string, partitions: number, configs: Record<string, string>): TopicResult {
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
    const configError = invalidConfig(configs);
    if (configError) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: configError };
    return { errorCode: ErrorCode.NONE, errorMessage: null };
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}): TopicResult {
    const verdict = this.validate(name, partitions, configs);
    if (verdict.errorCode !== ErrorCode.NONE) return verdict;
    const retention = retentionOf(configs);
    let logs: PartitionLog[];
    if (this.topicsDir) {
      const dir = path.join(this.topicsDir, name);
      logs = Array.from(
        { length: partitions },
        (_, i) => new PartitionLog(path.join(dir, String(i)), retention),
      );
      const descriptor = path.join(dir, 'topic.json');
      fs.writeFileSync(`${descriptor}.tmp`, JSON.stringify({ partitions, configs }));
      fs.renameSync(`${descriptor}.tmp`, descriptor);
      syncDirectory(dir);
      syncDirectory(this.topicsDir);
    } else {
      logs = Array.from({ length: partitions }, () => new PartitionLog(null, retention));
    }
    this.topics.set(name, { name, partitions: logs, configs });
    return verdict;
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
