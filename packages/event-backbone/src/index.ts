export { createEventBackbone } from './backbone.js';
export type { EventBackbone, EventBackboneOptions } from './backbone.js';
export { CatalogIndex, UnknownEventTypeError } from './catalog.js';
export type { EventCatalog, EventCatalogEntry, TopicDeclaration } from './catalog.js';
export {
  CE_HEADERS,
  decodeEvent,
  encodeEvent,
  EnvelopeError,
  JSON_CONTENT_TYPE,
} from './envelope/cloud-event.js';
export type { CloudEvent, EncodedEvent } from './envelope/cloud-event.js';
export { ensureTopics } from './topics/ensure-topics.js';
export { traceHeadersOf, type TraceHeaders } from './instrumentation/event-tracing.js';
export {
  eventPathMetrics,
  type EventPathMetrics,
  type HandlerOutcome,
  type OutboxBacklog,
} from './instrumentation/event-metrics.js';
export { NotInTransactionError } from './outbox/outbox.js';
export type {
  EventTypeMap,
  NewEvent,
  NewEventOf,
  Outbox,
  RequestContext,
} from './outbox/outbox.js';
export type { OutboxEntry, OutboxState } from './outbox/outbox-models.js';
export type { RelayHandle, RelayOptions, RelayStats } from './outbox/relay.js';
export { DEFAULT_MESSAGE_MAX_BYTES, EventTooLargeError } from './outbox/produce-size.js';
export { NonRetriableError, TransientError } from './consumer/failures.js';
export type {
  BatchEventHandler,
  BatchHandlerContext,
  EventHandler,
  EventHandlers,
  HandlerContext,
  OrderedEventHandler,
} from './consumer/handlers.js';
export { inPartitionOrder } from './consumer/handlers.js';
export type { SubscribeOptions, Subscription, SubscriptionStats } from './consumer/subscription.js';
export {
  deadLetterTopicOf,
  DLQ_HEADERS,
  readDeadLetters,
  replayDeadLetters,
} from './dead-letters/dead-letter-topic.js';
export type { DeadLetter, DeadLetterReason } from './dead-letters/dead-letter-topic.js';
export { EventDataInvalidError } from './schema-validator.js';
export type { Logger } from './logger.js';
