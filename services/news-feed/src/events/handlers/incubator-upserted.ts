import type { IncubatorCreatedData, IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { EventHandler } from '@shuangchuang/event-backbone';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/** Created/updated carry the full state: keep the names and aliases articles may mention. */
export function onIncubatorUpserted(
  carriers: CarrierReadModel,
): EventHandler<IncubatorCreatedData | IncubatorUpdatedData> {
  return async (event, { session }) => {
    const data = event.data;
    await carriers.apply(
      {
        carrierId: data.carrierId,
        version: data.version,
        name: data.name,
        aliases: data.aliases,
        status: data.status === 'retired' ? 'retired' : 'active',
      },
      session,
    );
  };
}
