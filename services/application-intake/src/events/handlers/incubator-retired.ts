import type { IncubatorRetiredData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { ClientSession } from 'mongoose';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/** A retired carrier stops taking applications; applications already made stay on record. */
export async function onIncubatorRetired(
  carriers: CarrierReadModel,
  { data }: CloudEvent<IncubatorRetiredData>,
  session: ClientSession,
): Promise<void> {
  await carriers.retire(data.carrierId, data.version, new Date(data.retiredAt), session);
}
