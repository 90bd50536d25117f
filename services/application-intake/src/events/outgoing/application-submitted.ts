import type { NewEventOf } from '@shuangchuang/event-backbone';
import type { ApplicationDocument } from '../../data-access/models.js';
import { APPLICATION_SUBMITTED, type IntakeEventMap } from './event-types.js';

/** Ids, carrier, status and industry only: never the applicant's name, phone or email. */
export function applicationSubmitted(
  application: ApplicationDocument,
  at: Date,
): NewEventOf<IntakeEventMap> {
  return {
    type: APPLICATION_SUBMITTED,
    aggregateId: application._id,
    time: at,
    data: {
      applicationId: application._id,
      carrierId: application.carrierId,
      founderUserId: application.founderId,
      status: 'submitted',
      ...(application.content.project?.industry
        ? { projectIndustry: application.content.project.industry.slice(0, 50) }
        : {}),
      submittedAt: at.toISOString(),
    },
  };
}
