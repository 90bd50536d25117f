import type { IncubatorRetiredData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { CarrierChange } from '../../data-access/carrier-read-model.js';

/** A retired carrier is no longer looked for in new articles; existing links stay. */
export function onIncubatorRetired({ data }: CloudEvent<IncubatorRetiredData>): CarrierChange {
  return { retired: data.carrierId, version: data.version };
}
