import type { Channel } from '../domain/preferences.js';
import type { DeliveryDocument } from '../data-access/models.js';
import type { Page } from './follow-carriers.js';
import type { NotificationContext } from './notification-context.js';

/** Permanent delivery failures for staff, newest first, optionally of one channel. */
export function failedDeliveries(
  context: NotificationContext,
  page: Page & { channel?: Channel },
): Promise<{ items: DeliveryDocument[]; nextCursor: string | null }> {
  return context.deliveries.failures(page);
}
