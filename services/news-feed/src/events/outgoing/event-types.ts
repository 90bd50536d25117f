import type { EventDataByType } from '@shuangchuang/contracts';
import type { NewEventOf } from '@shuangchuang/event-backbone';

/** The events news-feed emits and handles, typed from the contracts' catalog. */
export type NewsFeedEventMap = Pick<
  EventDataByType,
  // emitted
  | 'cn.shuangchuang.news.article.published.v1'
  | 'cn.shuangchuang.news.article.retracted.v1'
  // handled (the carrier read model)
  | 'cn.shuangchuang.registry.incubator.created.v1'
  | 'cn.shuangchuang.registry.incubator.updated.v1'
  | 'cn.shuangchuang.registry.incubator.retired.v1'
>;
export type NewsEvent = NewEventOf<NewsFeedEventMap>;

export const ARTICLE_PUBLISHED = 'cn.shuangchuang.news.article.published.v1';
export const ARTICLE_RETRACTED = 'cn.shuangchuang.news.article.retracted.v1';
