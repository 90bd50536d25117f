import type { QuietHours } from './quiet-hours.js';

export type Channel = 'inbox' | 'wechat_subscribe' | 'sms' | 'email';
export const PUSH_CHANNELS = ['wechat_subscribe', 'sms', 'email'] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

export interface Preferences {
  channels: Record<Channel, boolean>;
  contacts?: { mobile?: string; email?: string };
  quietHours?: QuietHours | null;
  digest?: { daily: boolean; at?: string };
}

/** Never set: inbox and WeChat on, no quiet hours, no digest (as the API document promises). */
export const DEFAULT_PREFERENCES: Preferences = {
  channels: { inbox: true, wechat_subscribe: true, sms: false, email: false },
  quietHours: null,
  digest: { daily: false },
};

export const DEFAULT_DIGEST_TIME = '20:00';

/**
 * The push channels a message goes out on besides the inbox. SMS and email need a contact;
 * without one the choice cannot be honoured and is ignored.
 */
export function pushChannelsFor(preferences: Preferences): PushChannel[] {
  return PUSH_CHANNELS.filter((channel) => {
    if (!preferences.channels[channel]) return false;
    if (channel === 'sms') return Boolean(preferences.contacts?.mobile);
    if (channel === 'email') return Boolean(preferences.contacts?.email);
    return true;
  });
}

/** Whether news should wait for the daily digest instead of arriving one article at a time. */
export function wantsDailyDigest(preferences: Preferences): boolean {
  return preferences.digest?.daily === true;
}
