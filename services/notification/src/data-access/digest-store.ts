import type { ClientSession } from 'mongoose';
import type { DigestEntryDocument, NotificationModels } from './models.js';

/** Articles held back for users who chose the daily digest. */
export class DigestStore {
  constructor(private readonly models: NotificationModels) {}

  /**
   * Holds news for users' digests: one lookup, one insert. Ids are derived from (event, user), so
   * a redelivered event adds nothing.
   */
  async hold(entries: DigestEntryDocument[], session: ClientSession): Promise<void> {
    if (entries.length === 0) return;
    const held = await this.models.digestEntries
      .find({ _id: { $in: entries.map((entry) => entry._id) } }, { _id: 1 }, { session })
      .lean();
    const taken = new Set(held.map((entry) => entry._id));
    const fresh = entries.filter((entry) => !taken.has(entry._id));
    if (fresh.length > 0) await this.models.digestEntries.insertMany(fresh, { session });
  }

  /** Users with entries due at `now`. */
  async dueUsers(now: Date): Promise<string[]> {
    return this.models.digestEntries.distinct('userId', {
      digested: false,
      dueAt: { $lte: now },
    });
  }

  due(userId: string, now: Date, session?: ClientSession): Promise<DigestEntryDocument[]> {
    return this.models.digestEntries
      .find({ userId, digested: false, dueAt: { $lte: now } }, null, { session })
      .sort({ dueAt: 1, _id: 1 })
      .lean();
  }

  async markDigested(ids: string[], session: ClientSession): Promise<void> {
    await this.models.digestEntries.updateMany(
      { _id: { $in: ids } },
      { $set: { digested: true } },
      { session },
    );
  }

  async forget(userId: string): Promise<void> {
    await this.models.digestEntries.deleteMany({ userId });
  }
}
