import type { Channel } from './preferences.js';

/**
 * One notification per (event, recipient, channel): stored under a unique index, so a redelivered
 * or replayed event finds its key taken and produces nothing new.
 */
export function dedupeKey(
  sourceEventId: string,
  recipientUserId: string,
  channel: Channel,
): string {
  return `${sourceEventId}|${recipientUserId}|${channel}`;
}
