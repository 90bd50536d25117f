// The unread badge on the 消息 tab, refreshed when the app shows and when the inbox loads.
import Taro from '@tarojs/taro';
import { api, currentSession } from '../../services/api';
import { badgeText, unreadCount } from './inbox';

export const MESSAGES_TAB = 3;

export function showUnreadBadge(unread: number): void {
  const text = badgeText(unread);
  // Fails on pages without the tabBar: the badge is then set the next time a tab shows.
  const done = text
    ? Taro.setTabBarBadge({ index: MESSAGES_TAB, text })
    : Taro.removeTabBarBadge({ index: MESSAGES_TAB });
  void Promise.resolve(done).catch(() => undefined);
}

export async function refreshUnreadBadge(): Promise<void> {
  if (!currentSession()) return;
  try {
    showUnreadBadge(await unreadCount(api.notification));
  } catch {
    // The badge is a hint; the inbox page shows the real state and its errors.
  }
}
