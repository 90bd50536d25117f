// Topic configs as Apache Kafka defines them (LogConfig, TopicConfig): every name Kafka knows, its
// type and its validator, so CreateTopics / AlterConfigs / IncrementalAlterConfigs refuse what
// Kafka refuses (INVALID_CONFIG). Only some are honoured by this broker: see HONOURED.

type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

interface ConfigDefinition {
  type: ConfigType;
  /** Kafka's default, except segment.bytes (this broker rolls segments at 64 MiB, Kafka at 1 GiB). */
  default: string;
  /** Returns why the parsed value is refused, or null. */
  check?: (value: number | boolean | string | string[]) => string | null;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MAX_TEXT = String(LONG_MAX);

/** Kafka's `message.max.bytes`: 1 MiB plus the 12-byte log overhead of a batch. */
export const DEFAULT_MESSAGE_MAX_BYTES = 1024 * 1024 + 12;

const atLeast = (min: number) => (v: unknown) =>
  (v as number) >= min ? null : `Value must be at least ${min}`;
const between = (min: number, max: number) => (v: unknown) =>
  (v as number) >= min && (v as number) <= max
    ? null
    : `Value must be no less than ${min} and no more than ${max}`;
const oneOf =
  (...allowed: string[]) =>
  (v: unknown) =>
    allowed.includes(v as string) ? null : `String must be one of: ${allowed.join(', ')}`;
const throttledReplicas = (v: unknown) => {
  const parts = (v as string[]).map((s) => s.trim());
  return parts.every((s) => /^([0-9]+:[0-9]+)?$/.test(s)) || parts.join('') === '*'
    ? null
    : "must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],...";
};

const DEFINITIONS: Record<string, ConfigDefinition> = {
  'segment.bytes': { type: 'int', default: String(64 * 1024 * 1024), check: atLeast(14) },
  'segment.ms': { type: 'long', default: '604800000', check: atLeast(1) },
  'segment.jitter.ms': { type: 'long', default: '0', check: atLeast(0) },
  'segment.index.bytes': { type: 'int', default: '10485760', check: atLeast(4) },
  'flush.messages': { type: 'long', default: LONG_MAX_TEXT, check: atLeast(1) },
  'flush.ms': { type: 'long', default: LONG_MAX_TEXT, check: atLeast(0) },
  'retention.bytes': { type: 'long', default: '-1' },
  'retention.ms': { type: 'long', default: '604800000', check: atLeast(-1) },
  'max.message.bytes': {
    type: 'int',
    default: String(DEFAULT_MESSAGE_MAX_BYTES),
    check: atLeast(0),
  },
  'index.interval.bytes': { type: 'int', default: '4096', check: atLeast(0) },
  'delete.retention.ms': { type: 'long', default: '86400000', check: atLeast(0) },
  'min.compaction.lag.ms': { type: 'long', default: '0', check: atLeast(0) },
  'max.compaction.lag.ms': { type: 'long', default: LONG_MAX_TEXT, check: atLeast(1) },
  'file.delete.delay.ms': { type: 'long', default: '60000', check: atLeast(0) },
  'min.cleanable.dirty.ratio': { type: 'double', default: '0.5', check: between(0, 1) },
  'cleanup.policy': {
    type: 'list',
    default: 'delete',
    check: (v) =>
      (v as string[]).every((p) => p === 'compact' || p === 'delete')
        ? null
        : 'Invalid value; must be compact and/or delete',
  },
  'unclean.leader.election.enable': { type: 'boolean', default: 'false' },
  'min.insync.replicas': { type: 'int', default: '1', check: atLeast(1) },
  'compression.type': {
    type: 'string',
    default: 'producer',
    check: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'),
  },
  'compression.gzip.level': {
    type: 'int',
    default: '-1',
    check: (v) =>
      (v as number) === -1 || ((v as number) >= 1 && (v as number) <= 9)
        ? null
        : 'Value must be between 1 and 9 or equal to -1',
  },
  'compression.lz4.level': { type: 'int', default: '9', check: between(1, 17) },
  'compression.zstd.level': { type: 'int', default: '3', check: between(-131072, 22) },
  preallocate: { type: 'boolean', default: 'false' },
  'message.format.version': {
    type: 'string',
    default: '3.0-IV1',
    check: (v) =>
      /^\d+\.\d+(\.\d+)?(-IV\d+)?$/.test(v as string) ? null : 'not a valid metadata version',
  },
  'message.timestamp.type': {
    type: 'string',
    default: 'CreateTime',
    check: oneOf('CreateTime', 'LogAppendTime'),
  },
  'message.timestamp.difference.max.ms': {
    type: 'long',
    default: LONG_MAX_TEXT,
    check: atLeast(0),
  },
  'message.timestamp.before.max.ms': { type: 'long', default: LONG_MAX_TEXT, check: atLeast(0) },
  'message.timestamp.after.max.ms': { type: 'long', default: LONG_MAX_TEXT, check: atLeast(0) },
  'leader.replication.throttled.replicas': { type: 'list', default: '', check: throttledReplicas },
  'follower.replication.throttled.replicas': {
    type: 'list',
    default: '',
    check: throttledReplicas,
  },
  'message.downconversion.enable': { type: 'boolean', default: 'true' },
  // Kafka refuses remote storage on a broker whose remote log system is off, as this one's is.
  'remote.storage.enable': {
    type: 'boolean',
    default: 'false',
    check: (v) =>
      v === true
        ? 'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.'
        : null,
  },
  'local.retention.ms': { type: 'long', default: '-2', check: atLeast(-2) },
  'local.retention.bytes': { type: 'long', default: '-2', check: atLeast(-2) },
  'remote.log.copy.disable': { type: 'boolean', default: 'false' },
  'remote.log.delete.on.disable': { type: 'boolean', default: 'false' },
};

/** The configs this broker acts on; the others are validated and stored but change nothing. */
export const HONOURED = ['retention.ms', 'retention.bytes', 'segment.bytes', 'max.message.bytes'];

export function isTopicConfig(name: string): boolean {
  return Object.hasOwn(DEFINITIONS, name);
}

export function isListConfig(name: string): boolean {
  return DEFINITIONS[name]?.type === 'list';
}

export function topicConfigNames(): string[] {
  return Object.keys(DEFINITIONS).sort();
}

/** Parses a value as Kafka's ConfigDef.parseType does (trimmed; Java integer and boolean rules). */
function parse(
  name: string,
  raw: string,
): { value: number | boolean | string | string[] } | { error: string } {
  const { type } = DEFINITIONS[name]!;
  const text = raw.trim();
  const invalid = (why: string) => ({
    error: `Invalid value ${raw} for configuration ${name}: ${why}`,
  });
  switch (type) {
    case 'int':
    case 'long': {
      if (!/^[+-]?\d+$/.test(text)) return invalid(`Not a number of type ${type.toUpperCase()}`);
      const big = BigInt(text);
      const [min, max] = type === 'int' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [LONG_MIN, LONG_MAX];
      if (big < min || big > max) return invalid(`Not a number of type ${type.toUpperCase()}`);
      return { value: Number(big) };
    }
    case 'double': {
      const value = Number(text);
      if (text === '' || Number.isNaN(value)) return invalid('Not a number of type DOUBLE');
      return { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        return invalid('Expected value to be either true or false');
      return { value: lower === 'true' };
    }
    case 'list':
      return { value: text === '' ? [] : text.split(/\s*,\s*/) };
    case 'string':
      return { value: text };
  }
}

/**
 * Why Kafka would refuse this set of topic configs (INVALID_CONFIG), or null when it is valid.
 * A null value is refused as Kafka refuses it on CreateTopics and AlterConfigs.
 */
export function invalidTopicConfigs(configs: Record<string, string | null>): string | null {
  const nulls = Object.keys(configs).filter((name) => configs[name] === null);
  if (nulls.length > 0) return `Null value not supported for topic configs: ${nulls.join(',')}`;
  const parsed: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(configs)) {
    if (!isTopicConfig(name)) return `Unknown topic config name: ${name}`;
    const result = parse(name, raw!);
    if ('error' in result) return result.error;
    const why = DEFINITIONS[name]!.check?.(result.value);
    if (why) return `Invalid value ${raw} for configuration ${name}: ${why}`;
    parsed[name] = result.value;
  }
  const minLag = (parsed['min.compaction.lag.ms'] as number | undefined) ?? 0;
  const maxLag = (parsed['max.compaction.lag.ms'] as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  if (minLag > maxLag) {
    return `conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`;
  }
  return null;
}

/**
 * Every topic config with the value in force: the topic's own (source 'topic') or the default
 * (source 'default'; `max.message.bytes` defaults to the broker's `message.max.bytes`).
 */
export function describeTopicConfigs(
  configs: Record<string, string>,
  messageMaxBytes: number,
): { name: string; value: string; source: 'topic' | 'default' }[] {
  return topicConfigNames().map((name) => {
    if (configs[name] !== undefined) return { name, value: configs[name], source: 'topic' };
    const value =
      name === 'max.message.bytes' ? String(messageMaxBytes) : DEFINITIONS[name]!.default;
    return { name, value, source: 'default' };
  });
}

/** An integer config that invalidTopicConfigs() accepted, or the fallback when it is not set. */
export function integerConfig(
  configs: Record<string, string>,
  name: string,
  fallback: number,
): number {
  const raw = configs[name];
  return raw === undefined ? fallback : Number(raw.trim());
}
