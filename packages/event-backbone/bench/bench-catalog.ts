// The benchmark's catalog: the test catalog plus a copy of its widget event on a topic of its own,
// so the batch-form handler's consumer group reads only the events meant for it.
import type { EventCatalogEntry, TopicDeclaration } from '../src/index.js';
import {
  testCatalog,
  testTopics,
  WIDGET_CHANGED,
  type TestEvents,
  type WidgetChanged,
} from '../test/support/test-catalog.js';

export { WIDGET_CHANGED };
export const WIDGET_COUNTED = 'cn.shuangchuang.bench.widget.counted.v1';
const COUNTED_TOPIC = 'bench.widget-counted.v1';

export type BenchEvents = TestEvents & { [WIDGET_COUNTED]: WidgetChanged };

const changed = testCatalog.find((entry) => entry.type === WIDGET_CHANGED)!;
export const benchCatalog: EventCatalogEntry[] = [
  ...testCatalog,
  { ...changed, type: WIDGET_COUNTED, topic: COUNTED_TOPIC },
];
export const benchTopics: TopicDeclaration[] = [
  ...testTopics,
  { ...testTopics[0]!, name: COUNTED_TOPIC },
];
