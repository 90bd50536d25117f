import {
  inPartitionOrder,
  type EventBackbone,
  type Subscription,
} from '@shuangchuang/event-backbone';
import type { NotificationContext } from '../../workflows/notification-context.js';
import type { NotificationEventMap } from '../outgoing/event-types.js';
import { onArticlePublished } from './article-published.js';

export const NEWS_GROUP = 'notification.news-events';

/** news.article.v1: a batch's published articles, each to its followers (or a fan-out job). */
export function subscribeToNews(
  backbone: EventBackbone<NotificationEventMap>,
  context: NotificationContext,
): Promise<Subscription> {
  return backbone.subscribe(
    NEWS_GROUP,
    inPartitionOrder<NotificationEventMap>({
      'cn.shuangchuang.news.article.published.v1': onArticlePublished.bind(null, context),
    }),
  );
}
