import {
  inPartitionOrder,
  type EventBackbone,
  type Subscription,
} from '@shuangchuang/event-backbone';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';
import type { IntakeEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_CONSUMER_GROUP = 'application-intake.carrier-read-model';

/**
 * Feeds the carrier read model from registry.incubator.v1 (honor-awarded is not needed here):
 * the batch form, a carrier's versions applied in the partition's order in the batch's one
 * transaction.
 */
export function subscribeToRegistry(
  backbone: EventBackbone<IntakeEventMap>,
  carriers: CarrierReadModel,
): Promise<Subscription> {
  const upserted = onIncubatorUpserted.bind(null, carriers);
  return backbone.subscribe(
    REGISTRY_CONSUMER_GROUP,
    inPartitionOrder<IntakeEventMap>({
      'cn.shuangchuang.registry.incubator.created.v1': upserted,
      'cn.shuangchuang.registry.incubator.updated.v1': upserted,
      'cn.shuangchuang.registry.incubator.retired.v1': onIncubatorRetired.bind(null, carriers),
    }),
  );
}
