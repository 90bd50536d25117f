import type { EventHandler } from '@shuangchuang/event-backbone';
import type { IncubatorCreatedData, IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/**
 * registry.incubator created/updated carry the carrier's full state: keep what intake needs to
 * accept applications. Older versions arriving late are ignored by the read model.
 */
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
        kind: data.kind,
        status: data.status,
        accepting: data.accepting,
        updatedAt: new Date(data.updatedAt),
      },
      session,
    );
  };
}
