import { MessageNotFoundError } from '../domain/errors.js';
import type { InboxMessageDocument } from '../data-access/models.js';
import type { Page } from './follow-carriers.js';
import type { NotificationContext } from './notification-context.js';

/** A page of the user's inbox, newest first, with their unread count. */
export async function listInbox(
  context: NotificationContext,
  userId: string,
  page: Page & { unreadOnly: boolean },
): Promise<{ items: InboxMessageDocument[]; nextCursor: string | null; unreadCount: number }> {
  const [messages, unreadCount] = await Promise.all([
    context.inbox.list(userId, page),
    context.inbox.unreadCount(userId),
  ]);
  return { ...messages, unreadCount };
}

export function unreadCount(context: NotificationContext, userId: string): Promise<number> {
  return context.inbox.unreadCount(userId);
}

/** Marks one of the user's messages read; another user's is as good as absent. */
export async function markRead(
  context: NotificationContext,
  userId: string,
  messageId: string,
): Promise<InboxMessageDocument> {
  const message = await context.inbox.markRead(userId, messageId);
  if (!message) throw new MessageNotFoundError(messageId);
  return message;
}

/** Marks every unread message of the user read; returns how many were. */
export function markAllRead(context: NotificationContext, userId: string): Promise<number> {
  return context.inbox.markAllRead(userId);
}
