import { isDuplicateKey } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import { BadCursorError } from '../domain/errors.js';
import type { FollowDocument, NotificationModels } from './models.js';

/** A follower and which of the asked carriers they follow. */
export interface Follower {
  userId: string;
  carrierIds: string[];
}

/** Who follows which carrier (founders) and who reviews for which carrier (staff). */
export class Audiences {
  constructor(private readonly models: NotificationModels) {}

  async follow(userId: string, carrierId: string, at: Date): Promise<FollowDocument> {
    const upsert = () =>
      this.models.follows
        .findOneAndUpdate(
          { userId, carrierId },
          { $setOnInsert: { userId, carrierId, followedAt: at } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
    // Two simultaneous follows both try the insert; the loser finds the winner's follow.
    const follow = await upsert().catch((error: unknown) => {
      if (isDuplicateKey(error)) return upsert();
      throw error;
    });
    return follow!;
  }

  async unfollow(userId: string, carrierId: string): Promise<void> {
    await this.models.follows.deleteOne({ userId, carrierId });
  }

  /** Every follow of the user, newest first (the data export). */
  allFollowsOf(userId: string): Promise<FollowDocument[]> {
    return this.models.follows.find({ userId }).sort({ followedAt: -1, carrierId: -1 }).lean();
  }

  /** Newest first; the cursor is the last follow's time and carrier. */
  async followsOf(
    userId: string,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: FollowDocument[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { userId };
    if (page.cursor) {
      const [time, carrierId] = decodeCursor(page.cursor);
      filter.$or = [
        { followedAt: { $lt: new Date(time) } },
        { followedAt: new Date(time), carrierId: { $lt: carrierId } },
      ];
    }
    const items = await this.models.follows
      .find(filter)
      .sort({ followedAt: -1, carrierId: -1 })
      .limit(page.limit + 1)
      .lean();
    const hasMore = items.length > page.limit;
    const pageItems = items.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems,
      nextCursor:
        hasMore && last
          ? Buffer.from(`${last.followedAt.getTime()}|${last.carrierId}`).toString('base64url')
          : null,
    };
  }

  /**
   * Followers of any of `carrierIds` after the user `after`, in user order: at most `limit`
   * follows (so at most `limit` users) and `next`, the cursor of the following page, or null
   * when this page is the last. A user's follows are never split between pages.
   */
  async followersPage(
    carrierIds: readonly string[],
    after: string | null,
    limit: number,
    session?: ClientSession,
  ): Promise<{ followers: Follower[]; next: string | null }> {
    const rows = await this.models.follows
      .find(
        { carrierId: { $in: carrierIds }, ...(after !== null && { userId: { $gt: after } }) },
        { _id: 0, userId: 1, carrierId: 1 },
        { session },
      )
      .sort({ userId: 1, carrierId: 1 })
      .limit(limit + 1)
      .lean();
    const followers: Follower[] = [];
    for (const row of rows) {
      const last = followers.at(-1);
      if (last?.userId === row.userId) last.carrierIds.push(row.carrierId);
      else followers.push({ userId: row.userId, carrierIds: [row.carrierId] });
    }
    if (rows.length <= limit) return { followers, next: null };
    // The page is full: its last user may have follows beyond it, so they start the next page.
    if (followers.length > 1) {
      followers.pop();
      return { followers, next: followers.at(-1)!.userId };
    }
    // One user with more follows among these carriers than a page holds: all of theirs at once.
    const only = followers[0]!;
    const theirs = await this.models.follows
      .find({ carrierId: { $in: carrierIds }, userId: only.userId }, { carrierId: 1 }, { session })
      .lean();
    only.carrierIds = theirs.map((row) => row.carrierId);
    const more = await this.models.follows
      .exists({ carrierId: { $in: carrierIds }, userId: { $gt: only.userId } })
      .session(session ?? null);
    return { followers, next: more ? only.userId : null };
  }

  /** Replaces the carriers a staff member reviews for with those of their token. */
  async registerReviewer(userId: string, carrierIds: readonly string[], at: Date): Promise<void> {
    await this.models.carrierReviewers.deleteMany({ userId, carrierId: { $nin: carrierIds } });
    for (const carrierId of carrierIds) {
      await this.models.carrierReviewers
        .updateOne(
          { userId, carrierId },
          { $setOnInsert: { userId, carrierId, registeredAt: at } },
          { upsert: true },
        )
        .catch((error: unknown) => {
          // a simultaneous registration inserted it first: registered all the same
          if (!isDuplicateKey(error)) throw error;
        });
    }
  }

  async unregisterReviewer(userId: string): Promise<void> {
    await this.models.carrierReviewers.deleteMany({ userId });
  }

  async reviewerCarriers(userId: string): Promise<string[]> {
    const rows = await this.models.carrierReviewers.find({ userId }).sort({ carrierId: 1 }).lean();
    return rows.map((row) => row.carrierId);
  }

  /** The reviewers of each of `carrierIds` (one query). */
  async reviewersOf(
    carrierIds: readonly string[],
    session?: ClientSession,
  ): Promise<Map<string, string[]>> {
    const byCarrier = new Map<string, string[]>(carrierIds.map((id) => [id, []]));
    if (carrierIds.length === 0) return byCarrier;
    const rows = await this.models.carrierReviewers
      .find({ carrierId: { $in: carrierIds } }, { userId: 1, carrierId: 1 }, { session })
      .sort({ carrierId: 1, userId: 1 })
      .lean();
    for (const row of rows) byCarrier.get(row.carrierId)?.push(row.userId);
    return byCarrier;
  }

  async forget(userId: string): Promise<void> {
    await this.models.follows.deleteMany({ userId });
    await this.models.carrierReviewers.deleteMany({ userId });
  }
}

function decodeCursor(cursor: string): [number, string] {
  const [time, carrierId] = Buffer.from(cursor, 'base64url').toString().split('|');
  const parsed = Number(time);
  if (!Number.isFinite(parsed) || !carrierId) throw new BadCursorError();
  return [parsed, carrierId];
}
