import { randomBytes } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import type { WechatIdentity } from '../identity/code-exchanger.js';
import { isDuplicateKey } from '@shuangchuang/service-kit';
import type { FounderDocument, IntakeModels } from './models.js';

/** Founder accounts: a pseudonymous user id per WeChat openid. */
export class FounderAccounts {
  constructor(private readonly models: IntakeModels) {}

  /** `beforeCreate` runs only when the account is new (and may refuse by throwing). */
  async findOrCreate(
    identity: WechatIdentity,
    now: Date,
    beforeCreate: () => Promise<void> = async () => undefined,
  ): Promise<FounderDocument> {
    const existing = await this.models.founders
      .findOne({ openId: identity.openId })
      .lean<FounderDocument>();
    if (existing) return existing;
    await beforeCreate();
    const founder: FounderDocument = {
      _id: `wxu_${randomBytes(8).toString('hex')}`,
      openId: identity.openId,
      unionId: identity.unionId,
      createdAt: now,
    };
    try {
      await this.models.founders.create(founder);
      return founder;
    } catch (error) {
      // Two first logins raced: the other one created the account.
      if (!isDuplicateKey(error)) throw error;
      const raced = await this.models.founders
        .findOne({ openId: identity.openId })
        .lean<FounderDocument>();
      if (!raced) throw error;
      return raced;
    }
  }

  async find(founderId: string): Promise<FounderDocument | null> {
    return this.models.founders.findById(founderId).lean<FounderDocument>();
  }

  async remove(session: ClientSession, founderId: string): Promise<void> {
    await this.models.founders.deleteOne({ _id: founderId }, { session });
  }
}
