import type { GroupCoordinator } from '../groups/group-coordinator.js';
import type { Reader } from '../protocol/reader.js';
import type { RequestHeader } from '../protocol/request-header.js';
import type { Writer } from '../protocol/writer.js';
import type { TopicStore } from '../storage/topic-store.js';
import type { AppendNotifier } from './append-notifier.js';
import type { Logger } from './logger.js';

/** What request handlers share: the single node's identity, its stores and its settings. */
export interface BrokerState {
  readonly nodeId: number;
  readonly host: string;
  port: number;
  readonly clusterId: string;
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  /** The broker configs DescribeConfigs reports, and whether each is Kafka's default. */
  readonly configs: readonly { name: string; value: string; isDefault: boolean }[];
  readonly topics: TopicStore;
  readonly groups: GroupCoordinator;
  readonly appends: AppendNotifier;
  readonly log: Logger;
  stopping: boolean;
  nextProducerId(): number;
}

export interface RequestContext {
  header: RequestHeader;
  clientHost: string;
  broker: BrokerState;
  /** Aborted when the client's connection closes, so parked requests stop waiting. */
  connectionClosed: AbortSignal;
}

/** Decodes the body from `r`, writes the response body to `w`; resolves `false` when no response is due (acks=0). */
export type Handler = (ctx: RequestContext, r: Reader, w: Writer) => Promise<boolean> | boolean;
