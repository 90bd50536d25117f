import type { NotificationContext } from './notification-context.js';

/**
 * Staff hear of submissions to exactly the carriers of their token: registering again after
 * the token's carriers changed replaces the set. Returns the carriers now registered.
 */
export async function registerReviewer(
  context: NotificationContext,
  staff: { id: string; carrierIds: readonly string[] },
): Promise<string[]> {
  await context.audiences.registerReviewer(staff.id, staff.carrierIds, context.now());
  return context.audiences.reviewerCarriers(staff.id);
}

export function reviewerCarriers(context: NotificationContext, userId: string): Promise<string[]> {
  return context.audiences.reviewerCarriers(userId);
}

export async function unregisterReviewer(
  context: NotificationContext,
  userId: string,
): Promise<void> {
  await context.audiences.unregisterReviewer(userId);
}
