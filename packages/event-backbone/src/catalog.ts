// The shape of the published event catalog (`eventCatalog` / `topicDeclarations` in
// @shuangchuang/contracts). The backbone takes it as a parameter so it never depends on one version.

export interface EventCatalogEntry {
  /** Versioned CloudEvents type, e.g. `cn.shuangchuang.intake.application.submitted.v1`. */
  type: string;
  topic: string;
  /** JSON Schema 2020-12 of the event's `data`. */
  schema: Record<string, unknown>;
  /** URI of that schema, sent as `ce_dataschema`. */
  dataschema: string;
  /** What the message key (the aggregate id) identifies. */
  keyDescription: string;
}

export interface TopicDeclaration {
  name: string;
  partitions: number;
  retentionMs: number;
}

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
