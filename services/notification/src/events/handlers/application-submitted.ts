import type { ApplicationSubmittedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import { applicationReceivedNotice, applicationStatusNotice } from '../../domain/templates.js';
import type { Notification } from '../../workflows/notify-recipients.js';
import {
  founderAndReviewersTold,
  type ApplicationFacts,
} from '../../workflows/tell-about-applications.js';

/** Submitted: the founder hears it went in, the carrier's reviewers that one arrived. */
export function noticesOfSubmitted(
  event: CloudEvent<ApplicationSubmittedData>,
  facts: ApplicationFacts,
): Notification[] {
  const { data } = event;
  const carrierName = facts.carrierName(data.carrierId);
  return founderAndReviewersTold(event, 'submitted', facts, {
    founder: applicationStatusNotice({
      applicationId: data.applicationId,
      carrierName,
      toStatus: 'submitted',
    }),
    reviewers: applicationReceivedNotice({
      applicationId: data.applicationId,
      carrierName,
      resubmission: false,
      ...(data.projectIndustry ? { projectIndustry: data.projectIndustry } : {}),
    }),
  });
}
