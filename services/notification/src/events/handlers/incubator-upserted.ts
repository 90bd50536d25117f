import type { IncubatorCreatedData, IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { ClientSession } from 'mongoose';
import { startsAccepting } from '../../domain/recipients.js';
import type { NotificationContext } from '../../workflows/notification-context.js';
import { tellFollowers } from '../../workflows/tell-followers.js';

/**
 * created/updated carry the carrier's full state: keep its name for the templates, and tell the
 * followers when it starts accepting applications. Late older versions change nothing.
 */
export async function onIncubatorUpserted(
  context: NotificationContext,
  event: CloudEvent<IncubatorCreatedData | IncubatorUpdatedData>,
  session: ClientSession,
): Promise<void> {
  const { data } = event;
  const next = {
    _id: data.carrierId,
    name: data.name,
    accepting: data.accepting,
    status: data.status,
    version: data.version,
  };
  const applied = await context.carriers.apply(next, session);
  if (!applied || !startsAccepting(applied.previous, next)) return;
  await tellFollowers(
    context,
    event.id,
    [data.carrierId],
    { kind: 'carrier-accepting', carrierId: data.carrierId, carrierName: data.name },
    session,
  );
}
