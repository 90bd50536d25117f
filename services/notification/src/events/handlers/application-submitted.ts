import type { ApplicationSubmittedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import { founderOfApplication, reviewersToTell } from '../../domain/recipients.js';
import { applicationReceivedNotice, applicationStatusNotice } from '../../domain/templates.js';
import type { ApplicationFacts } from '../../workflows/tell-about-applications.js';
import type { Notification } from '../../workflows/notify-recipients.js';

/** Submitted: the founder hears it went in, the carrier's reviewers that one arrived. */
export function noticesOfSubmitted(
  event: CloudEvent<ApplicationSubmittedData>,
  facts: ApplicationFacts,
): Notification[] {
  const { data } = event;
  const carrierName = facts.carrierName(data.carrierId);
  const founderNotice = applicationStatusNotice({
    applicationId: data.applicationId,
    carrierName,
    toStatus: 'submitted',
  });
  const reviewerNotice = applicationReceivedNotice({
    applicationId: data.applicationId,
    carrierName,
    resubmission: false,
    ...(data.projectIndustry ? { projectIndustry: data.projectIndustry } : {}),
  });
  return [
    ...founderOfApplication(data).map((userId) => ({ userId, notice: founderNotice })),
    ...reviewersToTell('submitted', facts.reviewersOf(data.carrierId)).map((userId) => ({
      userId,
      notice: reviewerNotice,
    })),
  ].map((told) => ({ sourceEventId: event.id, ...told }));
}
