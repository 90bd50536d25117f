// The published event catalog (`eventCatalog` / `topicDeclarations` of @shuangchuang/contracts) is
// passed in as a parameter, so the backbone holds no event definitions of its own.
import type { EventCatalogEntry, TopicDeclaration } from '@shuangchuang/contracts';

export type { EventCatalogEntry, TopicDeclaration };

export type EventCatalog = readonly EventCatalogEntry[];

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`event type ${eventType} is not in the event catalog`);
    this.name = 'UnknownEventTypeError';
  }
}

/** Looks entries up by type; built once per backbone. */
export class CatalogIndex {
  private readonly byType: Map<string, EventCatalogEntry>;

  constructor(readonly entries: EventCatalog) {
    this.byType = new Map(entries.map((entry) => [entry.type, entry]));
  }

  find(type: string): EventCatalogEntry | undefined {
    return this.byType.get(type);
  }

  get(type: string): EventCatalogEntry {
    const entry = this.byType.get(type);
    if (!entry) throw new UnknownEventTypeError(type);
    return entry;
  }
}
