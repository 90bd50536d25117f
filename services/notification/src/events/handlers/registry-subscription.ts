import type {
  IncubatorCreatedData,
  IncubatorRetiredData,
  IncubatorUpdatedData,
} from '@shuangchuang/contracts';
import type {
  BatchEventHandler,
  CloudEvent,
  EventBackbone,
  Subscription,
} from '@shuangchuang/event-backbone';
import type { NotificationContext } from '../../workflows/notification-context.js';
import type { NotificationEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_GROUP = 'notification.registry-events';

const RETIRED = 'cn.shuangchuang.registry.incubator.retired.v1';
type RegistryData = IncubatorCreatedData | IncubatorUpdatedData | IncubatorRetiredData;

/**
 * registry.incubator.v1: one batch handler for its three types, so a carrier's versions are
 * applied to the read model in the partition's order.
 */
export function subscribeToRegistry(
  backbone: EventBackbone<NotificationEventMap>,
  context: NotificationContext,
): Promise<Subscription> {
  const carriers: BatchEventHandler<RegistryData> = {
    batch: async (events, { session }) => {
      for (const event of events) {
        if (event.type === RETIRED)
          await onIncubatorRetired(context, event as CloudEvent<IncubatorRetiredData>, session);
        else
          await onIncubatorUpserted(
            context,
            event as CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>,
            session,
          );
      }
    },
  };
  return backbone.subscribe(REGISTRY_GROUP, {
    'cn.shuangchuang.registry.incubator.created.v1': carriers,
    'cn.shuangchuang.registry.incubator.updated.v1': carriers,
    [RETIRED]: carriers,
  });
}
