import type { ClientSession } from 'mongoose';
import type { NotificationModels } from './models.js';

/**
 * WeChat subscribe messages: each acceptance in the mini-program allows exactly one send of
 * that template to that user. The ledger counts what remains.
 */
export class AuthorisationLedger {
  constructor(private readonly models: NotificationModels) {}

  async grant(
    userId: string,
    templateId: string,
    count: number,
    openId?: string,
    session?: ClientSession,
  ): Promise<void> {
    await this.models.authorisations.updateOne(
      { userId, templateId },
      { $inc: { remaining: count }, ...(openId ? { $set: { openId } } : {}) },
      { upsert: true, session },
    );
  }

  async openIdOf(userId: string): Promise<string | undefined> {
    const found = await this.models.authorisations
      .findOne({ userId, openId: { $exists: true } }, { openId: 1 })
      .lean();
    return found?.openId ?? undefined;
  }

  /** Takes one authorisation if any is left; false means no send may be attempted. */
  async take(userId: string, templateId: string, session?: ClientSession): Promise<boolean> {
    const result = await this.models.authorisations.updateOne(
      { userId, templateId, remaining: { $gt: 0 } },
      { $inc: { remaining: -1 } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** WeChat said 43101: whatever we counted, nothing is left. */
  async exhaust(userId: string, templateId: string): Promise<void> {
    await this.models.authorisations.updateOne({ userId, templateId }, { $set: { remaining: 0 } });
  }

  async of(
    userId: string,
    session?: ClientSession,
  ): Promise<{ templateId: string; remaining: number }[]> {
    const rows = await this.models.authorisations
      .find({ userId }, null, { session })
      .sort({ templateId: 1 })
      .lean();
    return rows.map((row) => ({ templateId: row.templateId, remaining: row.remaining }));
  }

  async forget(userId: string): Promise<void> {
    await this.models.authorisations.deleteMany({ userId });
  }
}
