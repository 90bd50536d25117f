import type { NewEventOfRegistry } from './event-types.js';
import type { Carrier } from '../../domain/carrier.js';
import { carrierFullState } from './carrier-full-state.js';

export const INCUBATOR_UPDATED = 'cn.shuangchuang.registry.incubator.updated.v1';

export function incubatorUpdated(carrier: Carrier): NewEventOfRegistry {
  return {
    type: INCUBATOR_UPDATED,
    aggregateId: carrier.id,
    data: carrierFullState(carrier),
    time: new Date(carrier.updatedAt),
  };
}
