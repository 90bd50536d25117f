import type { ApplicationStatusChangedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import { applicationReceivedNotice, applicationStatusNotice } from '../../domain/templates.js';
import type { Notification } from '../../workflows/notify-recipients.js';
import {
  founderAndReviewersTold,
  type ApplicationFacts,
} from '../../workflows/tell-about-applications.js';

/** Every status change reaches the founder; a resubmission reaches the reviewers too. */
export function noticesOfStatusChanged(
  event: CloudEvent<ApplicationStatusChangedData>,
  facts: ApplicationFacts,
): Notification[] {
  const { data } = event;
  const carrierName = facts.carrierName(data.carrierId);
  return founderAndReviewersTold(event, data.toStatus, facts, {
    founder: applicationStatusNotice({
      applicationId: data.applicationId,
      carrierName,
      toStatus: data.toStatus,
      ...(data.interviewAt ? { interviewAt: data.interviewAt } : {}),
    }),
    reviewers: applicationReceivedNotice({
      applicationId: data.applicationId,
      carrierName,
      resubmission: true,
    }),
  });
}
