import type {
  ApplicationStatusChangedData,
  ApplicationSubmittedData,
  ApplicationWithdrawnData,
} from '@shuangchuang/contracts';
import type { EventHandler } from '@shuangchuang/event-backbone';
import { founderOfApplication, reviewersToTell } from '../../domain/recipients.js';
import { applicationReceivedNotice, applicationStatusNotice } from '../../domain/templates.js';
import type { NotificationContext } from '../../workflows/notification-context.js';
import { notifyRecipients } from '../../workflows/notify-recipients.js';

/** Submitted: the founder hears it went in, the carrier's reviewers that one arrived. */
export function onApplicationSubmitted(
  context: NotificationContext,
): EventHandler<ApplicationSubmittedData> {
  return async (event, { session }) => {
    const data = event.data;
    const carrier = await context.carriers.find(data.carrierId, session);
    const reviewers = reviewersToTell(
      'submitted',
      await context.audiences.reviewersOf(data.carrierId, session),
    );
    const founderNotice = applicationStatusNotice({
      applicationId: data.applicationId,
      carrierName: carrier?.name,
      toStatus: 'submitted',
    });
    const reviewerNotice = applicationReceivedNotice({
      applicationId: data.applicationId,
      carrierName: carrier?.name,
      resubmission: false,
      ...(data.projectIndustry ? { projectIndustry: data.projectIndustry } : {}),
    });
    await notifyRecipients(
      context,
      event.id,
      [
        ...founderOfApplication(data).map((userId) => ({ userId, notice: founderNotice })),
        ...reviewers.map((userId) => ({ userId, notice: reviewerNotice })),
      ],
      session,
    );
  };
}

/** Every status change reaches the founder; a resubmission reaches the reviewers too. */
export function onApplicationStatusChanged(
  context: NotificationContext,
): EventHandler<ApplicationStatusChangedData> {
  return async (event, { session }) => {
    const data = event.data;
    const carrier = await context.carriers.find(data.carrierId, session);
    const founderNotice = applicationStatusNotice({
      applicationId: data.applicationId,
      carrierName: carrier?.name,
      toStatus: data.toStatus,
      ...(data.interviewAt ? { interviewAt: data.interviewAt } : {}),
    });
    const reviewers = reviewersToTell(
      data.toStatus,
      await context.audiences.reviewersOf(data.carrierId, session),
    );
    const reviewerNotice = applicationReceivedNotice({
      applicationId: data.applicationId,
      carrierName: carrier?.name,
      resubmission: true,
    });
    await notifyRecipients(
      context,
      event.id,
      [
        ...founderOfApplication(data).map((userId) => ({ userId, notice: founderNotice })),
        ...reviewers.map((userId) => ({ userId, notice: reviewerNotice })),
      ],
      session,
    );
  };
}

export function onApplicationWithdrawn(
  context: NotificationContext,
): EventHandler<ApplicationWithdrawnData> {
  return async (event, { session }) => {
    const data = event.data;
    const carrier = await context.carriers.find(data.carrierId, session);
    const notice = applicationStatusNotice({
      applicationId: data.applicationId,
      carrierName: carrier?.name,
      toStatus: 'withdrawn',
    });
    await notifyRecipients(
      context,
      event.id,
      founderOfApplication(data).map((userId) => ({ userId, notice })),
      session,
    );
  };
}
