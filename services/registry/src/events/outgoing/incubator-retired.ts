import type { NewEventOfRegistry } from './event-types.js';
import type { Carrier } from '../../domain/carrier.js';

export const INCUBATOR_RETIRED = 'cn.shuangchuang.registry.incubator.retired.v1';

export function incubatorRetired(carrier: Carrier, reason: string): NewEventOfRegistry {
  return {
    type: INCUBATOR_RETIRED,
    aggregateId: carrier.id,
    data: {
      carrierId: carrier.id,
      version: carrier.version,
      reason: reason.slice(0, 500),
      retiredAt: carrier.updatedAt,
    },
    time: new Date(carrier.updatedAt),
  };
}
