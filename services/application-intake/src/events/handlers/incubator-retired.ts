import type { EventHandler } from '@shuangchuang/event-backbone';
import type { IncubatorRetiredData } from '@shuangchuang/contracts';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/** A retired carrier stops taking applications; applications already made stay on record. */
export function onIncubatorRetired(carriers: CarrierReadModel): EventHandler<IncubatorRetiredData> {
  return async (event, { session }) => {
    await carriers.retire(
      event.data.carrierId,
      event.data.version,
      new Date(event.data.retiredAt),
      session,
    );
  };
}
