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
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';
import type { IntakeEventMap } from '../outgoing/event-types.js';
import { onIncubatorRetired } from './incubator-retired.js';
import { onIncubatorUpserted } from './incubator-upserted.js';

export const REGISTRY_CONSUMER_GROUP = 'application-intake.carrier-read-model';

const RETIRED = 'cn.shuangchuang.registry.incubator.retired.v1';
type RegistryData = IncubatorCreatedData | IncubatorUpdatedData | IncubatorRetiredData;

/**
 * Feeds the carrier read model from registry.incubator.v1 (honor-awarded is not needed here):
 * one batch handler for the three types, so a carrier's versions are applied in the partition's
 * order, all in the batch's one transaction.
 */
export function subscribeToRegistry(
  backbone: EventBackbone<IntakeEventMap>,
  carriers: CarrierReadModel,
): Promise<Subscription> {
  const carrierStates: BatchEventHandler<RegistryData> = {
    async batch(events, { session }) {
      for (const event of events) {
        if (event.type === RETIRED)
          await onIncubatorRetired(carriers, event as CloudEvent<IncubatorRetiredData>, session);
        else
          await onIncubatorUpserted(
            carriers,
            event as CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>,
            session,
          );
      }
    },
  };
  return backbone.subscribe(REGISTRY_CONSUMER_GROUP, {
    'cn.shuangchuang.registry.incubator.created.v1': carrierStates,
    'cn.shuangchuang.registry.incubator.updated.v1': carrierStates,
    [RETIRED]: carrierStates,
  });
}
