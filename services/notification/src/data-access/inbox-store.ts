import { Types, type ClientSession } from 'mongoose';
import type { Notice } from '../domain/notice.js';
import { BadCursorError } from '../domain/errors.js';
import type { InboxMessageDocument, NotificationModels } from './models.js';

const ID_PATTERN = /^[0-9a-f]{24}$/;

/** The in-app inbox. Ids are ObjectIds: they sort newest first and serve as the cursor. */
export class InboxStore {
  constructor(private readonly models: NotificationModels) {}

  /** The dedupe keys among `keys` that already produced a message (redelivery, replay): one query. */
  async existingKeys(keys: readonly string[], session: ClientSession): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const found = await this.models.inbox
      .find({ dedupeKey: { $in: keys } }, { _id: 0, dedupeKey: 1 }, { session })
      .lean();
    return new Set(found.map((message) => message.dedupeKey));
  }

  /**
   * Writes new messages with one insert. Ids are ObjectIds made here in the given order, so a
   * batch's messages sort as their events came.
   */
  async insertNew(
    messages: { userId: string; notice: Notice; dedupeKey: string; at: Date }[],
    session: ClientSession,
  ): Promise<void> {
    if (messages.length === 0) return;
    // Straight to the driver: the documents are built here, mongoose's casting would add nothing.
    await this.models.inbox.collection.insertMany(
      messages.map(({ userId, notice, dedupeKey, at }) => ({
        _id: new Types.ObjectId().toHexString(),
        userId,
        category: notice.category,
        title: notice.title,
        body: notice.body,
        ...(notice.link ? { link: notice.link } : {}),
        read: false,
        createdAt: at,
        dedupeKey,
      })) as never[],
      { session },
    );
  }

  async list(
    userId: string,
    page: { cursor?: string; limit: number; unreadOnly: boolean },
  ): Promise<{ items: InboxMessageDocument[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { userId };
    if (page.unreadOnly) filter.read = false;
    if (page.cursor) {
      if (!ID_PATTERN.test(page.cursor)) throw new BadCursorError();
      filter._id = { $lt: page.cursor };
    }
    const items = await this.models.inbox
      .find(filter)
      .sort({ _id: -1 })
      .limit(page.limit + 1)
      .lean();
    const pageItems = items.slice(0, page.limit);
    return {
      items: pageItems,
      nextCursor: items.length > page.limit ? pageItems.at(-1)!._id : null,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.models.inbox.countDocuments({ userId, read: false });
  }

  /** Another user's message is as good as absent. */
  async markRead(userId: string, messageId: string): Promise<InboxMessageDocument | undefined> {
    const found = await this.models.inbox
      .findOneAndUpdate(
        { _id: messageId, userId },
        { $set: { read: true } },
        { returnDocument: 'after' },
      )
      .lean();
    return found ?? undefined;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.models.inbox.updateMany(
      { userId, read: false },
      { $set: { read: true } },
    );
    return result.modifiedCount;
  }

  async all(userId: string): Promise<InboxMessageDocument[]> {
    return this.models.inbox.find({ userId }).sort({ _id: -1 }).lean();
  }

  async forget(userId: string): Promise<void> {
    await this.models.inbox.deleteMany({ userId });
  }
}
