import type { NewEventOfRegistry } from './event-types.js';
import type { Carrier, Honor } from '../../domain/carrier.js';

export const INCUBATOR_HONOR_AWARDED = 'cn.shuangchuang.registry.incubator.honor-awarded.v1';

export function incubatorHonorAwarded(carrier: Carrier, honor: Honor): NewEventOfRegistry {
  return {
    type: INCUBATOR_HONOR_AWARDED,
    aggregateId: carrier.id,
    data: {
      carrierId: carrier.id,
      version: carrier.version,
      honor,
      ...(honor.documentNumber && { sourceNoticeDocumentNumber: honor.documentNumber }),
      awardedAt: carrier.updatedAt,
    },
    time: new Date(carrier.updatedAt),
  };
}
