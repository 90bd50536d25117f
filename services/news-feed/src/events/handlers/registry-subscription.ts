import type { EventBackbone, Subscription } from '@shuangchuang/event-backbone';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';
import type { NewsFeedEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_CONSUMER_GROUP = 'news-feed.carrier-read-model';

/** Feeds the carrier read model from registry.incubator.v1 (honors are not needed for mentions). */
export function subscribeToRegistry(
  backbone: EventBackbone<NewsFeedEventMap>,
  carriers: CarrierReadModel,
): Promise<Subscription> {
  const upserted = onIncubatorUpserted(carriers);
  return backbone.subscribe(REGISTRY_CONSUMER_GROUP, {
    'cn.shuangchuang.registry.incubator.created.v1': upserted,
    'cn.shuangchuang.registry.incubator.updated.v1': upserted,
    'cn.shuangchuang.registry.incubator.retired.v1': onIncubatorRetired(carriers),
  });
}
