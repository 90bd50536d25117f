import type { ClientSession } from 'mongoose';
import type { Notice } from '../domain/notice.js';
import { founderOfApplication, reviewersToTell } from '../domain/recipients.js';
import type { NotificationContext } from './notification-context.js';
import { notifyRecipients, type Notification } from './notify-recipients.js';

/** What the texts of a batch of application events need, read once for the whole batch. */
export interface ApplicationFacts {
  carrierName(carrierId: string): string | undefined;
  /** the staff registered as reviewers of the carrier */
  reviewersOf(carrierId: string): readonly string[];
}

/**
 * Tells founders and reviewers about a batch of application events in the handling transaction:
 * carrier names and reviewers read with one query each, then every notice of the batch written
 * together (notifyRecipients), in the events' order.
 */
export async function tellAboutApplications<E extends { data: { carrierId: string } }>(
  context: NotificationContext,
  events: readonly E[],
  noticesOf: (event: E, facts: ApplicationFacts) => Notification[],
  session: ClientSession,
): Promise<void> {
  const carrierIds = [...new Set(events.map((event) => event.data.carrierId))];
  const [names, reviewers] = await Promise.all([
    context.carriers.namesOf(carrierIds, session),
    context.audiences.reviewersOf(carrierIds, session),
  ]);
  const facts: ApplicationFacts = {
    carrierName: (carrierId) => names.get(carrierId),
    reviewersOf: (carrierId) => reviewers.get(carrierId) ?? [],
  };
  await notifyRecipients(
    context,
    events.flatMap((event) => noticesOf(event, facts)),
    session,
  );
}

/**
 * The founder hears `notices.founder`; the carrier's reviewers hear `notices.reviewers` when
 * `toStatus` is one they are told of (a submission or a resubmission).
 */
export function founderAndReviewersTold(
  event: { id: string; data: { founderUserId: string; carrierId: string } },
  toStatus: string,
  facts: ApplicationFacts,
  notices: { founder: Notice; reviewers: Notice },
): Notification[] {
  return [
    ...founderOfApplication(event.data).map((userId) => ({ userId, notice: notices.founder })),
    ...reviewersToTell(toStatus, facts.reviewersOf(event.data.carrierId)).map((userId) => ({
      userId,
      notice: notices.reviewers,
    })),
  ].map((told) => ({ sourceEventId: event.id, ...told }));
}
