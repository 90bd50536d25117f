import type { ClientSession } from 'mongoose';
import { DEFAULT_PREFERENCES, type Preferences } from '../domain/preferences.js';
import { isDuplicateKey } from '@shuangchuang/service-kit';
import type { NotificationModels, PreferencesDocument } from './models.js';

/** Preferences per user; contacts live here only, to deliver SMS and email. */
export class PreferenceStore {
  constructor(private readonly models: NotificationModels) {}

  async of(userId: string, session?: ClientSession): Promise<Preferences> {
    const found = await this.models.preferences.findById(userId, null, { session }).lean();
    return preferencesOf(found);
  }

  /** Preferences of many users with one query, defaults for those who never chose. */
  async ofMany(
    userIds: readonly string[],
    session?: ClientSession,
  ): Promise<Map<string, Preferences>> {
    const result = new Map<string, Preferences>();
    if (userIds.length === 0) return result;
    const found = await this.models.preferences
      .find({ _id: { $in: userIds } }, null, { session })
      .lean();
    for (const document of found) result.set(document._id, preferencesOf(document));
    for (const userId of userIds) if (!result.has(userId)) result.set(userId, DEFAULT_PREFERENCES);
    return result;
  }

  async set(userId: string, preferences: Preferences, at: Date): Promise<Preferences> {
    const replace = () =>
      this.models.preferences.replaceOne(
        { _id: userId },
        { ...preferences, _id: userId, updatedAt: at },
        { upsert: true },
      );
    // Two simultaneous first choices both try the insert; the loser replaces the winner's.
    await replace().catch((error: unknown) => {
      if (isDuplicateKey(error)) return replace();
      throw error;
    });
    return this.of(userId);
  }

  async forget(userId: string): Promise<void> {
    await this.models.preferences.deleteOne({ _id: userId });
  }
}

function preferencesOf(found: PreferencesDocument | null): Preferences {
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
