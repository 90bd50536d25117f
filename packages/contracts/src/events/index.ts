// The event catalog, generated from asyncapi/catalog.yaml and events/schemas/ at build.
import { eventCatalogEntries, topicDeclarationEntries } from '../../generated/events/catalog.js';
import type { EventDataByType } from '../../generated/events/data.js';
import type { EventCatalogEntry, TopicDeclaration } from './catalog-types.js';

export type { EventCatalogEntry, JsonSchema, TopicDeclaration } from './catalog-types.js';
export type * from '../../generated/events/data.js';

/** Every event type of the catalog, e.g. `cn.shuangchuang.intake.application.submitted.v1`. */
export type EventType = keyof EventDataByType;

/** Every event type the platform publishes, with its topic, key and data schema. */
export const eventCatalog: readonly EventCatalogEntry[] = eventCatalogEntries;

/** Every topic, with the partitions and retention to create it with. */
export const topicDeclarations: readonly TopicDeclaration[] = topicDeclarationEntries;

/** The catalog entry of an event type, or undefined when the type is unknown. */
export function findEventType(type: string): EventCatalogEntry | undefined {
  return eventCatalog.find((entry) => entry.type === type);
}
