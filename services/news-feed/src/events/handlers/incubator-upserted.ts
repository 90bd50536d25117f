import type { IncubatorCreatedData, IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { CarrierChange } from '../../data-access/carrier-read-model.js';

/** Created/updated carry the full state: keep the names and aliases articles may mention. */
export function onIncubatorUpserted({
  data,
}: CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>): CarrierChange {
  return {
    state: {
      carrierId: data.carrierId,
      version: data.version,
      name: data.name,
      aliases: data.aliases,
      status: data.status === 'retired' ? 'retired' : 'active',
    },
  };
}
