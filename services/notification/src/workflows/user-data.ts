import { named } from './follow-carriers.js';
import type { NotificationContext } from './notification-context.js';

/** PIPL access right: everything this service keeps about the user. */
export async function exportUserData(context: NotificationContext, userId: string) {
  const [follows, inbox, preferences, authorisations] = await Promise.all([
    context.audiences.allFollowsOf(userId),
    context.inbox.all(userId),
    context.preferences.of(userId),
    context.ledger.of(userId),
  ]);
  const names = await context.carriers.namesOf(follows.map((follow) => follow.carrierId));
  return {
    exportedAt: context.now(),
    userId,
    follows: named(follows, names),
    inbox,
    preferences,
    authorisations,
  };
}

/**
 * PIPL deletion: follows and reviewer registrations, inbox, preferences with contacts, ledger,
 * queued and past deliveries, held digest news and the user's Idempotency-Keys. Each step is
 * idempotent, so a repeated or concurrent deletion ends the same.
 */
export async function deleteUserData(context: NotificationContext, userId: string): Promise<void> {
  await context.audiences.forget(userId);
  await context.inbox.forget(userId);
  await context.preferences.forget(userId);
  await context.ledger.forget(userId);
  await context.deliveries.forget(userId);
  await context.digests.forget(userId);
  await context.idempotency.forget(`${userId}|`);
}
