import type { IncubatorRetiredData } from '@shuangchuang/contracts';
import type { EventHandler } from '@shuangchuang/event-backbone';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/** A retired carrier is no longer looked for in new articles; existing links stay. */
export function onIncubatorRetired(carriers: CarrierReadModel): EventHandler<IncubatorRetiredData> {
  return async (event, { session }) => {
    await carriers.retire(event.data.carrierId, event.data.version, session);
  };
}
