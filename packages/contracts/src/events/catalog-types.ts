/** A JSON Schema (draft 2020-12) document, as parsed JSON. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One event type of the catalog (asyncapi/catalog.yaml). */
export interface EventCatalogEntry {
  /** CloudEvents `type`, e.g. `cn.shuangchuang.intake.application.submitted.v1`. */
  readonly type: string;
  /** Kafka topic the event is published on. */
  readonly topic: string;
  /** What the message key is (always the aggregate id). */
  readonly keyDescription: string;
  /** CloudEvents `dataschema`: the `$id` of the data schema. */
  readonly dataschema: string;
  /** JSON Schema (draft 2020-12) of the event's `data`, with examples. */
  readonly schema: JsonSchema;
}

/** A Kafka topic to create at start-up. */
export interface TopicDeclaration {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
}
