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
import type { CarrierChange, CarrierReadModel } from '../../data-access/carrier-read-model.js';
import type { NewsFeedEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_CONSUMER_GROUP = 'news-feed.carrier-read-model';

const RETIRED = 'cn.shuangchuang.registry.incubator.retired.v1';
type RegistryData = IncubatorCreatedData | IncubatorUpdatedData | IncubatorRetiredData;

function changeOf(event: CloudEvent<RegistryData>): CarrierChange {
  return event.type === RETIRED
    ? onIncubatorRetired(event as CloudEvent<IncubatorRetiredData>)
    : onIncubatorUpserted(event as CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>);
}

/**
 * Feeds the carrier read model from registry.incubator.v1 (honors are not needed for mentions):
 * the batch form, one handler for the three types, so a partition's batch is applied in its
 * order with one read of the carriers it touches and one bulk write, in the batch's transaction.
 */
export function subscribeToRegistry(
  backbone: EventBackbone<NewsFeedEventMap>,
  carriers: CarrierReadModel,
): Promise<Subscription> {
  const carrierChanges: BatchEventHandler<RegistryData> = {
    batch: (events, { session }) => carriers.applyAll(events.map(changeOf), session),
  };
  return backbone.subscribe(REGISTRY_CONSUMER_GROUP, {
    'cn.shuangchuang.registry.incubator.created.v1': carrierChanges,
    'cn.shuangchuang.registry.incubator.updated.v1': carrierChanges,
    [RETIRED]: carrierChanges,
  });
}
