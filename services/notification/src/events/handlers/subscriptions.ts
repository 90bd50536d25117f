import type { EventBackbone, Subscription } from '@shuangchuang/event-backbone';
import type { NotificationContext } from '../../workflows/notification-context.js';
import type { NotificationEventTypes } from '../outgoing/event-types.js';
import {
  onApplicationStatusChanged,
  onApplicationSubmitted,
  onApplicationWithdrawn,
} from './application-events.js';
import { onArticlePublished } from './article-published.js';
import { onIncubatorRetired, onIncubatorUpserted } from './incubator-events.js';

export const INTAKE_GROUP = 'notification.intake-events';
export const NEWS_GROUP = 'notification.news-events';
export const REGISTRY_GROUP = 'notification.registry-events';

/** One consumer group per source topic, so a slow one never holds up the others. */
export async function subscribeToSources(
  backbone: EventBackbone<NotificationEventTypes>,
  context: NotificationContext,
): Promise<Subscription[]> {
  const upserted = onIncubatorUpserted(context);
  return [
    await backbone.subscribe(REGISTRY_GROUP, {
      'cn.shuangchuang.registry.incubator.created.v1': upserted,
      'cn.shuangchuang.registry.incubator.updated.v1': upserted,
      'cn.shuangchuang.registry.incubator.retired.v1': onIncubatorRetired(context),
    }),
    await backbone.subscribe(INTAKE_GROUP, {
      'cn.shuangchuang.intake.application.submitted.v1': onApplicationSubmitted(context),
      'cn.shuangchuang.intake.application.status-changed.v1': onApplicationStatusChanged(context),
      'cn.shuangchuang.intake.application.withdrawn.v1': onApplicationWithdrawn(context),
    }),
    await backbone.subscribe(NEWS_GROUP, {
      'cn.shuangchuang.news.article.published.v1': onArticlePublished(context),
    }),
  ];
}
