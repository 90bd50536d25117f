import type { EventDataByType } from '@shuangchuang/contracts';
import type { NewEventOf } from '@shuangchuang/event-backbone';

/** The event types of the catalog with their data (mapped for the backbone's index signature). */
export type NewsEventTypes = { [Type in keyof EventDataByType]: EventDataByType[Type] };
export type NewsEvent = NewEventOf<NewsEventTypes>;

export const ARTICLE_PUBLISHED = 'cn.shuangchuang.news.article.published.v1';
export const ARTICLE_RETRACTED = 'cn.shuangchuang.news.article.retracted.v1';
