// Messages: the inbox, the unread badge, marking read and where a message leads.
import type { NotificationApi, NotificationClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';

export type InboxMessage = NotificationApi.components['schemas']['InboxMessage'];
export interface InboxPage {
  items: InboxMessage[];
  unreadCount: number;
}

export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

export async function loadInbox(notification: NotificationClient): Promise<InboxPage> {
  const page = await unwrap(notification.GET('/inbox', { params: { query: { limit: 50 } } }));
  return { items: page.items, unreadCount: page.unreadCount };
}

export async function unreadCount(notification: NotificationClient): Promise<number> {
  const result = await unwrap(notification.GET('/inbox/unread-count'));
  return result.unreadCount;
}

/** Optimistic local update after the server accepted the read. */
export function markedRead(page: InboxPage, messageId: string): InboxPage {
  const target = page.items.find((m) => m.id === messageId);
  if (!target || target.read) return page;
  return {
    items: page.items.map((m) => (m.id === messageId ? { ...m, read: true } : m)),
    unreadCount: Math.max(0, page.unreadCount - 1),
  };
}

export async function markRead(notification: NotificationClient, messageId: string): Promise<void> {
  await unwrap(notification.POST('/inbox/{messageId}/read', { params: { path: { messageId } } }));
}

export async function markAllRead(notification: NotificationClient): Promise<void> {
  await unwrap(notification.POST('/inbox/read-all'));
}

/** The page a message opens, or null when it links nowhere. */
export function messageTarget(message: InboxMessage): string | null {
  if (!message.link) return null;
  const { page, id } = message.link;
  if (page === 'application') return `/pages/application/index?id=${encodeURIComponent(id)}`;
  if (page === 'article') return `/pages/article/index?id=${encodeURIComponent(id)}`;
  return `/pages/carrier/index?id=${encodeURIComponent(id)}`;
}
