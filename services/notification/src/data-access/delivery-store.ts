import type { ClientSession } from 'mongoose';
import type { Channel } from '../domain/preferences.js';
import { BadCursorError } from '../domain/errors.js';
import type { DeliveryDocument, NotificationModels } from './models.js';

const CLAIM_LEASE_MS = 60_000;

/** Push deliveries waiting, sent or failed; the dispatcher's work queue and the staff's view. */
export class DeliveryStore {
  constructor(private readonly models: NotificationModels) {}

  /**
   * Queues deliveries the caller knows are new (their notice's inbox message is new in the same
   * transaction): one insert, no lookup.
   */
  async enqueueNew(deliveries: DeliveryDocument[], session: ClientSession): Promise<void> {
    // Straight to the driver: the documents are built by pushDelivery, casting would add nothing.
    if (deliveries.length > 0)
      await this.models.deliveries.collection.insertMany(deliveries as never[], { session });
  }

  /** Skips deliveries whose dedupe key exists already; returns those actually queued. */
  async enqueue(deliveries: DeliveryDocument[], session?: ClientSession): Promise<number> {
    if (deliveries.length === 0) return 0;
    const existing = await this.models.deliveries
      .find({ dedupeKey: { $in: deliveries.map((d) => d.dedupeKey) } }, { dedupeKey: 1 })
      .session(session ?? null)
      .lean();
    const taken = new Set(existing.map((d) => d.dedupeKey));
    const fresh = deliveries.filter((d) => !taken.has(d.dedupeKey));
    if (fresh.length > 0) await this.models.deliveries.insertMany(fresh, { session });
    return fresh.length;
  }

  /** Takes the next delivery due at `now`, or one whose dispatcher died holding it. */
  async claimNext(now: Date): Promise<DeliveryDocument | undefined> {
    const found = await this.models.deliveries
      .findOneAndUpdate(
        {
          $or: [
            { state: 'pending', notBefore: { $lte: now } },
            { state: 'in_progress', claimedAt: { $lt: new Date(now.getTime() - CLAIM_LEASE_MS) } },
          ],
        },
        { $set: { state: 'in_progress', claimedAt: now }, $inc: { attempts: 1 } },
        { sort: { notBefore: 1 }, returnDocument: 'after' },
      )
      .lean();
    return found ?? undefined;
  }

  async markSent(id: string, at: Date, session: ClientSession): Promise<void> {
    await this.models.deliveries.updateOne(
      { _id: id },
      { $set: { state: 'sent', sentAt: at }, $unset: { claimedAt: 1 } },
      { session },
    );
  }

  async retryLater(id: string, notBefore: Date, reason: { code: string; message: string }) {
    await this.models.deliveries.updateOne(
      { _id: id },
      { $set: { state: 'pending', notBefore, reason }, $unset: { claimedAt: 1 } },
    );
  }

  async markFailed(
    id: string,
    failure: { reason: { code: string; message: string }; fallbackChannel?: Channel; at: Date },
    session: ClientSession,
  ): Promise<void> {
    await this.models.deliveries.updateOne(
      { _id: id },
      {
        $set: {
          state: 'failed',
          reason: failure.reason,
          failedAt: failure.at,
          ...(failure.fallbackChannel ? { fallbackChannel: failure.fallbackChannel } : {}),
        },
        $unset: { claimedAt: 1 },
      },
      { session },
    );
  }

  /** Not attempted at all (no WeChat authorisation left): nothing failed, nothing sent. */
  async markSkipped(id: string, reason: { code: string; message: string }): Promise<void> {
    await this.models.deliveries.updateOne(
      { _id: id },
      { $set: { state: 'skipped', reason }, $unset: { claimedAt: 1 } },
    );
  }

  find(id: string) {
    return this.models.deliveries.findById(id).lean();
  }

  forUser(userId: string) {
    return this.models.deliveries.find({ userId }).sort({ createdAt: 1 }).lean();
  }

  /** Permanent failures, newest first; the cursor is the last one's id. */
  async failures(page: {
    channel?: Channel;
    cursor?: string;
    limit: number;
  }): Promise<{ items: DeliveryDocument[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { state: 'failed' };
    if (page.channel) filter.channel = page.channel;
    if (page.cursor) {
      const [time, id] = Buffer.from(page.cursor, 'base64url').toString().split('|');
      if (!Number.isFinite(Number(time)) || !id) throw new BadCursorError();
      filter.$or = [
        { failedAt: { $lt: new Date(Number(time)) } },
        { failedAt: new Date(Number(time)), _id: { $lt: id } },
      ];
    }
    const items = await this.models.deliveries
      .find(filter)
      .sort({ failedAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean();
    const pageItems = items.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems,
      nextCursor:
        items.length > page.limit && last
          ? Buffer.from(`${last.failedAt!.getTime()}|${last._id}`).toString('base64url')
          : null,
    };
  }

  async forget(userId: string): Promise<void> {
    await this.models.deliveries.deleteMany({ userId });
  }
}
