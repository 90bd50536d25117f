import type { ClientSession } from 'mongoose';
import type { FollowDocument, NotificationModels } from './models.js';

/** Who follows which carrier (founders) and who reviews for which carrier (staff). */
export class Audiences {
  constructor(private readonly models: NotificationModels) {}

  async follow(userId: string, carrierId: string, at: Date): Promise<FollowDocument> {
    const follow = await this.models.follows
      .findOneAndUpdate(
        { userId, carrierId },
        { $setOnInsert: { userId, carrierId, followedAt: at } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean();
    return follow!;
  }

  async unfollow(userId: string, carrierId: string): Promise<void> {
    await this.models.follows.deleteOne({ userId, carrierId });
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

  async followersOf(carrierIds: readonly string[], session?: ClientSession) {
    return this.models.follows
      .find({ carrierId: { $in: carrierIds } }, { userId: 1, carrierId: 1 }, { session })
      .lean();
  }

  /** Replaces the carriers a staff member reviews for with those of their token. */
  async registerReviewer(userId: string, carrierIds: readonly string[], at: Date): Promise<void> {
    await this.models.carrierReviewers.deleteMany({ userId, carrierId: { $nin: carrierIds } });
    for (const carrierId of carrierIds) {
      await this.models.carrierReviewers.updateOne(
        { userId, carrierId },
        { $setOnInsert: { userId, carrierId, registeredAt: at } },
        { upsert: true },
      );
    }
  }

  async unregisterReviewer(userId: string): Promise<void> {
    await this.models.carrierReviewers.deleteMany({ userId });
  }

  async reviewerCarriers(userId: string): Promise<string[]> {
    const rows = await this.models.carrierReviewers.find({ userId }).sort({ carrierId: 1 }).lean();
    return rows.map((row) => row.carrierId);
  }

  async reviewersOf(carrierId: string, session?: ClientSession): Promise<string[]> {
    const rows = await this.models.carrierReviewers
      .find({ carrierId }, { userId: 1 }, { session })
      .lean();
    return rows.map((row) => row.userId);
  }

  async forget(userId: string): Promise<void> {
    await this.models.follows.deleteMany({ userId });
    await this.models.carrierReviewers.deleteMany({ userId });
  }
}

export class BadCursorError extends Error {}

function decodeCursor(cursor: string): [number, string] {
  const [time, carrierId] = Buffer.from(cursor, 'base64url').toString().split('|');
  const parsed = Number(time);
  if (!Number.isFinite(parsed) || !carrierId) throw new BadCursorError('the cursor is not valid');
  return [parsed, carrierId];
}
