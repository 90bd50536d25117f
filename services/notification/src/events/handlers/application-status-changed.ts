import type { ApplicationStatusChangedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import { founderOfApplication, reviewersToTell } from '../../domain/recipients.js';
import { applicationReceivedNotice, applicationStatusNotice } from '../../domain/templates.js';
import type { ApplicationFacts } from '../../workflows/tell-about-applications.js';
import type { Notification } from '../../workflows/notify-recipients.js';

/** Every status change reaches the founder; a resubmission reaches the reviewers too. */
export function noticesOfStatusChanged(
  event: CloudEvent<ApplicationStatusChangedData>,
  facts: ApplicationFacts,
): Notification[] {
  const { data } = event;
  const carrierName = facts.carrierName(data.carrierId);
  const founderNotice = applicationStatusNotice({
    applicationId: data.applicationId,
    carrierName,
    toStatus: data.toStatus,
    ...(data.interviewAt ? { interviewAt: data.interviewAt } : {}),
  });
  const reviewerNotice = applicationReceivedNotice({
    applicationId: data.applicationId,
    carrierName,
    resubmission: true,
  });
  return [
    ...founderOfApplication(data).map((userId) => ({ userId, notice: founderNotice })),
    ...reviewersToTell(data.toStatus, facts.reviewersOf(data.carrierId)).map((userId) => ({
      userId,
      notice: reviewerNotice,
    })),
  ].map((told) => ({ sourceEventId: event.id, ...told }));
}
