import { CarrierNotFoundError } from '../domain/errors.js';
import type { FollowDocument } from '../data-access/models.js';
import type { NotificationContext } from './notification-context.js';

export interface Page {
  cursor?: string;
  limit: number;
}

/** A follow with the carrier's name when the read model knows it. */
export interface NamedFollow {
  follow: FollowDocument;
  carrierName?: string;
}

/** The carriers a founder follows, newest first, named with one read. */
export async function listFollows(
  context: NotificationContext,
  userId: string,
  page: Page,
): Promise<{ items: NamedFollow[]; nextCursor: string | null }> {
  const follows = await context.audiences.followsOf(userId, page);
  const names = await context.carriers.namesOf(follows.items.map((follow) => follow.carrierId));
  return { items: named(follows.items, names), nextCursor: follows.nextCursor };
}

/** Follows an active carrier the read model knows (following again changes nothing). */
export async function followCarrier(
  context: NotificationContext,
  userId: string,
  carrierId: string,
): Promise<NamedFollow> {
  const carrier = await context.carriers.find(carrierId);
  if (!carrier || carrier.status !== 'active') throw new CarrierNotFoundError(carrierId);
  const follow = await context.audiences.follow(userId, carrierId, context.now());
  return { follow, carrierName: carrier.name };
}

export async function unfollowCarrier(
  context: NotificationContext,
  userId: string,
  carrierId: string,
): Promise<void> {
  await context.audiences.unfollow(userId, carrierId);
}

export function named(follows: FollowDocument[], names: Map<string, string>): NamedFollow[] {
  return follows.map((follow) => {
    const carrierName = names.get(follow.carrierId);
    return { follow, ...(carrierName !== undefined && { carrierName }) };
  });
}
