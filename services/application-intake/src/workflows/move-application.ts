import type { ApplicationDocument } from '../data-access/models.js';
import { StaleApplicationError } from '../data-access/application-store.js';
import type { Actor } from '../domain/actor.js';
import { planTransition, type ApplicationStatus } from '../domain/application-lifecycle.js';
import { IllegalTransitionError } from '../domain/errors.js';
import { applicationStatusChanged } from '../events/outgoing/application-status-changed.js';
import { applicationWithdrawn } from '../events/outgoing/application-withdrawn.js';
import { canSee } from './application-visibility.js';
import { inTransaction } from '@shuangchuang/service-kit';
import type { IntakeContext } from './intake-context.js';
import { ApplicationNotFoundError } from './workflow-errors.js';

export interface MoveRequest {
  to: ApplicationStatus;
  comment?: string | null;
  interviewAt?: Date | null;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number | null;
  requestId?: string;
}

/** Moves an application along its lifecycle (all but submission, see submit-application.ts), recording who did it and emitting the event. */
export async function moveApplication(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  request: MoveRequest,
): Promise<ApplicationDocument> {
  return inTransaction(context.connection, async (session) => {
    const application = await context.applications.find(applicationId, session);
    if (!application || !canSee(actor, application))
      throw new ApplicationNotFoundError(applicationId);
    if (request.expectedVersion != null && request.expectedVersion !== application.version) {
      throw new StaleApplicationError();
    }
    const now = context.now();
    // Submission has its own checks and idempotency.
    if (request.to === 'submitted')
      throw new IllegalTransitionError(application.status, request.to);
    const transition = planTransition(application, request.to, actor, now, request.comment);
    const updated = await context.applications.update(
      session,
      application,
      {
        status: request.to,
        ...(request.to === 'admitted' ? { admittedOn: now } : {}),
        ...(request.to === 'interview_scheduled'
          ? { interviewAt: request.interviewAt ?? null }
          : {}),
      },
      transition,
      now,
    );
    const event =
      request.to === 'withdrawn'
        ? applicationWithdrawn(updated, transition)
        : applicationStatusChanged(updated, transition, request.interviewAt);
    await context.outbox.record(session, [event], { requestId: request.requestId });
    return updated;
  });
}
