import type { ApplicationWithdrawnData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import { founderOfApplication } from '../../domain/recipients.js';
import { applicationStatusNotice } from '../../domain/templates.js';
import type { ApplicationFacts } from '../../workflows/tell-about-applications.js';
import type { Notification } from '../../workflows/notify-recipients.js';

/** Withdrawn: the founder hears it. */
export function noticesOfWithdrawn(
  event: CloudEvent<ApplicationWithdrawnData>,
  facts: ApplicationFacts,
): Notification[] {
  const { data } = event;
  const notice = applicationStatusNotice({
    applicationId: data.applicationId,
    carrierName: facts.carrierName(data.carrierId),
    toStatus: 'withdrawn',
  });
  return founderOfApplication(data).map((userId) => ({ sourceEventId: event.id, userId, notice }));
}
