import {
  inPartitionOrder,
  type EventBackbone,
  type Subscription,
} from '@shuangchuang/event-backbone';
import type { NotificationContext } from '../../workflows/notification-context.js';
import type { NotificationEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_GROUP = 'notification.registry-events';

/**
 * registry.incubator.v1: the batch form, a carrier's versions applied to the read model in the
 * partition's order in the batch's one transaction.
 */
export function subscribeToRegistry(
  backbone: EventBackbone<NotificationEventMap>,
  context: NotificationContext,
): Promise<Subscription> {
  const upserted = onIncubatorUpserted.bind(null, context);
  return backbone.subscribe(
    REGISTRY_GROUP,
    inPartitionOrder<NotificationEventMap>({
      'cn.shuangchuang.registry.incubator.created.v1': upserted,
      'cn.shuangchuang.registry.incubator.updated.v1': upserted,
      'cn.shuangchuang.registry.incubator.retired.v1': onIncubatorRetired.bind(null, context),
    }),
  );
}
