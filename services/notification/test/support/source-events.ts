// Events of the services notification listens to, encoded as their producers send them
// (CloudEvents binary mode): the tests' harness and the benchmarks publish them the same way.
import { encodeEvent } from '@shuangchuang/event-backbone';

export const TOPIC_OF: Record<string, string> = {
  intake: 'intake.application.v1',
  news: 'news.article.v1',
  registry: 'registry.incubator.v1',
};

export interface SourceEventMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** `type` names its source (`cn.shuangchuang.<source>.…`), which names the topic. */
export function sourceEventMessage(
  type: string,
  key: string,
  data: unknown,
  id: string,
): SourceEventMessage {
  const domain = type.split('.')[2]!;
  const message = encodeEvent({
    specversion: '1.0',
    id,
    source: `urn:shuangchuang:${domain}`,
    type,
    subject: key,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  } as never) as unknown as Omit<SourceEventMessage, 'topic'>;
  return { topic: TOPIC_OF[domain]!, ...message };
}
