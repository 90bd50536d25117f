import type { ClientSession } from 'mongoose';
import type { DigestEntryDocument, NotificationModels } from './models.js';

/** Articles held back for users who chose the daily digest. */
export class DigestStore {
  constructor(private readonly models: NotificationModels) {}

  /** The id is derived from (event, user), so a redelivered event adds nothing. */
  async hold(entry: DigestEntryDocument, session?: ClientSession): Promise<void> {
    const exists = await this.models.digestEntries
      .exists({ _id: entry._id })
      .session(session ?? null);
    if (!exists) await this.models.digestEntries.create([entry], { session });
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
