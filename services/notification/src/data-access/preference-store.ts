import type { ClientSession } from 'mongoose';
import { DEFAULT_PREFERENCES, type Preferences } from '../domain/preferences.js';
import type { NotificationModels } from './models.js';

/** Preferences per user; contacts live here only, to deliver SMS and email. */
export class PreferenceStore {
  constructor(private readonly models: NotificationModels) {}

  async of(userId: string, session?: ClientSession): Promise<Preferences> {
    const found = await this.models.preferences.findById(userId, null, { session }).lean();
    if (!found) return DEFAULT_PREFERENCES;
    return {
      channels: {
        inbox: true,
        wechat_subscribe: Boolean(found.channels?.wechat_subscribe),
        sms: Boolean(found.channels?.sms),
        email: Boolean(found.channels?.email),
      },
      ...(found.contacts && (found.contacts.mobile || found.contacts.email)
        ? {
            contacts: {
              ...(found.contacts.mobile ? { mobile: found.contacts.mobile } : {}),
              ...(found.contacts.email ? { email: found.contacts.email } : {}),
            },
          }
        : {}),
      quietHours: found.quietHours ?? null,
      digest: {
        daily: Boolean(found.digest?.daily),
        ...(found.digest?.at ? { at: found.digest.at } : {}),
      },
    };
  }

  /** Preferences of many users at once, defaults for those who never chose. */
  async ofMany(userIds: readonly string[], session?: ClientSession) {
    const result = new Map<string, Preferences>();
    for (const userId of userIds) result.set(userId, await this.of(userId, session));
    return result;
  }

  async set(userId: string, preferences: Preferences, at: Date): Promise<Preferences> {
    await this.models.preferences.replaceOne(
      { _id: userId },
      { ...preferences, _id: userId, updatedAt: at },
      { upsert: true },
    );
    return this.of(userId);
  }

  async forget(userId: string): Promise<void> {
    await this.models.preferences.deleteOne({ _id: userId });
  }
}
