import type { IncubatorCreatedData, NewEventOfRegistry } from './event-types.js';
import type { Carrier } from '../../domain/carrier.js';
import { carrierFullState } from './carrier-full-state.js';

export const INCUBATOR_CREATED = 'cn.shuangchuang.registry.incubator.created.v1';

export function incubatorCreated(carrier: Carrier): NewEventOfRegistry {
  const data: IncubatorCreatedData = carrierFullState(carrier);
  return {
    type: INCUBATOR_CREATED,
    aggregateId: carrier.id,
    data,
    time: new Date(carrier.updatedAt),
  };
}
