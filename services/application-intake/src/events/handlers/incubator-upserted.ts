import type { IncubatorCreatedData, IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { ClientSession } from 'mongoose';
import type { CarrierReadModel } from '../../data-access/carrier-read-model.js';

/**
 * registry.incubator created/updated carry the carrier's full state: keep what intake needs to
 * accept applications. Older versions arriving late are ignored by the read model.
 */
export async function onIncubatorUpserted(
  carriers: CarrierReadModel,
  { data }: CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>,
  session: ClientSession,
): Promise<void> {
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
}
