// A small catalog in the shape @shuangchuang/contracts publishes, for the backbone's own tests.
import { uniqueName } from '@shuangchuang/test-infrastructure';
import type { EventCatalogEntry, TopicDeclaration } from '../../src/index.js';

export const WIDGET_CHANGED = 'cn.shuangchuang.test.widget.changed.v1';
export const WIDGET_RETIRED = 'cn.shuangchuang.test.widget.retired.v1';
// A topic of this test process's own, inherited by the fixtures it spawns: suites sharing one
// broker (TEST_INFRASTRUCTURE=external) never read each other's widgets.
process.env.TEST_WIDGET_TOPIC ??= uniqueName('test.widget.v1');
export const WIDGET_TOPIC = process.env.TEST_WIDGET_TOPIC;

export interface WidgetChanged {
  widgetId: string;
  n: number;
}

export interface WidgetRetired {
  widgetId: string;
}

export type TestEvents = {
  [WIDGET_CHANGED]: WidgetChanged;
  [WIDGET_RETIRED]: WidgetRetired;
};

export const testCatalog: EventCatalogEntry[] = [
  {
    type: WIDGET_CHANGED,
    topic: WIDGET_TOPIC,
    dataschema: 'https://schemas.shuangchuang.dev/test/widget.changed.v1.json',
    keyDescription: 'widget id',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://schemas.shuangchuang.dev/test/widget.changed.v1.json',
      type: 'object',
      required: ['widgetId', 'n'],
      additionalProperties: false,
      properties: {
        widgetId: { type: 'string', minLength: 1 },
        n: { type: 'integer', minimum: 0 },
      },
      examples: [{ widgetId: 'w-1', n: 0 }],
    },
  },
  {
    type: WIDGET_RETIRED,
    topic: WIDGET_TOPIC,
    dataschema: 'https://schemas.shuangchuang.dev/test/widget.retired.v1.json',
    keyDescription: 'widget id',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://schemas.shuangchuang.dev/test/widget.retired.v1.json',
      type: 'object',
      required: ['widgetId'],
      properties: { widgetId: { type: 'string' } },
    },
  },
];

export const testTopics: TopicDeclaration[] = [
  { name: WIDGET_TOPIC, partitions: 3, retentionMs: 7 * 24 * 3600 * 1000 },
];
