import type { NewEventOf } from '@shuangchuang/event-backbone';
import type { ApplicationDocument } from '../../data-access/models.js';
import type { TransitionRecord } from '../../domain/application-lifecycle.js';
import { APPLICATION_WITHDRAWN, type IntakeEventMap } from './event-types.js';

export function applicationWithdrawn(
  application: ApplicationDocument,
  transition: TransitionRecord,
): NewEventOf<IntakeEventMap> {
  return {
    type: APPLICATION_WITHDRAWN,
    aggregateId: application._id,
    time: transition.at,
    data: {
      applicationId: application._id,
      carrierId: application.carrierId,
      founderUserId: application.founderId,
      fromStatus: transition.from,
      withdrawnAt: transition.at.toISOString(),
    },
  };
}
