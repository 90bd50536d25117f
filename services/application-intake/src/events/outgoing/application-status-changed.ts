import type { NewEventOf } from '@shuangchuang/event-backbone';
import type { ApplicationDocument } from '../../data-access/models.js';
import type { TransitionRecord } from '../../domain/application-lifecycle.js';
import { APPLICATION_STATUS_CHANGED, type IntakeEventMap } from './event-types.js';

export function applicationStatusChanged(
  application: ApplicationDocument,
  transition: TransitionRecord,
  interviewAt?: Date | null,
): NewEventOf<IntakeEventMap> {
  return {
    type: APPLICATION_STATUS_CHANGED,
    aggregateId: application._id,
    time: transition.at,
    data: {
      applicationId: application._id,
      carrierId: application.carrierId,
      founderUserId: application.founderId,
      fromStatus: transition.from,
      toStatus: transition.to,
      actorRole: transition.actorRole,
      ...(interviewAt ? { interviewAt: interviewAt.toISOString() } : {}),
      changedAt: transition.at.toISOString(),
    },
  };
}
