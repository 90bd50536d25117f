import type { ApplicationDocument } from '../data-access/models.js';
import { StaleApplicationError } from '../data-access/application-store.js';
import { servesCarrier, type Actor } from '../domain/actor.js';
import {
  precheckAdmission,
  type CompanyFacts,
  type PrecheckResult,
} from '../domain/admission-precheck.js';
import { NotAllowedError } from '../domain/errors.js';
import {
  incubationWatchList,
  type GraduationFacts,
  type IncubationWatchList,
} from '../domain/incubation-clock.js';
import { policyForCarrier, type IncubationPolicy } from '../domain/incubation-policy.js';
import {
  DEFAULT_CRITERIA,
  SCORABLE_STATUSES,
  scoreApplication,
  withScore,
  type ScoringCriterion,
} from '../domain/review-scoring.js';
import { IllegalTransitionError } from '../domain/errors.js';
import { canSee } from './application-visibility.js';
import { inTransaction, type IntakeContext } from './intake-context.js';
import { ApplicationNotFoundError } from './workflow-errors.js';

async function findForStaff(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  session?: Parameters<IntakeContext['applications']['find']>[1],
) {
  const application = await context.applications.find(applicationId, session);
  if (!application || !canSee(actor, application))
    throw new ApplicationNotFoundError(applicationId);
  if (!servesCarrier(actor, application.carrierId))
    throw new NotAllowedError("only the carrier's staff do this");
  return application;
}

export async function criteriaOf(
  context: IntakeContext,
  carrierId: string,
): Promise<readonly ScoringCriterion[]> {
  return (await context.carriers.settings(carrierId)).criteria ?? DEFAULT_CRITERIA;
}

/** A reviewer scores against the carrier's criteria; a new score replaces their previous one. */
export async function scoreApplicationAsReviewer(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  request: { scores: Record<string, number>; comment?: string | null },
): Promise<ApplicationDocument> {
  return inTransaction(context, async (session) => {
    const application = await findForStaff(context, actor, applicationId, session);
    if (!actor.roles.includes('reviewer') && !actor.roles.includes('intake-admin')) {
      throw new NotAllowedError('only reviewers score');
    }
    if (!SCORABLE_STATUSES.includes(application.status)) {
      throw new IllegalTransitionError(application.status, 'scored');
    }
    const score = scoreApplication(
      await criteriaOf(context, application.carrierId),
      request.scores,
      actor.userId,
      context.now(),
      request.comment,
    );
    return context.applications.update(
      session,
      application,
      { scores: withScore(application.scores, score) },
      null,
      context.now(),
    );
  });
}

/** Intake admins record what graduation is judged on, for admitted companies only. */
export async function recordGraduationFacts(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  facts: GraduationFacts,
  expectedVersion?: number | null,
): Promise<ApplicationDocument> {
  return inTransaction(context, async (session) => {
    const application = await findForStaff(context, actor, applicationId, session);
    if (!actor.roles.includes('intake-admin'))
      throw new NotAllowedError('only intake admins record graduation facts');
    if (application.status !== 'admitted')
      throw new IllegalTransitionError(application.status, 'graduation facts');
    if (expectedVersion != null && expectedVersion !== application.version)
      throw new StaleApplicationError();
    return context.applications.update(
      session,
      application,
      { graduation: facts },
      null,
      context.now(),
    );
  });
}

export async function policyOf(
  context: IntakeContext,
  carrierId: string,
): Promise<IncubationPolicy> {
  return policyForCarrier((await context.carriers.settings(carrierId)).policy);
}

/** The pre-check a founder sees before submitting, with the target carrier's policy. */
export async function precheckForCarrier(
  context: IntakeContext,
  /** Without a carrier, the national defaults. */
  carrierId: string | null,
  company: CompanyFacts,
): Promise<PrecheckResult> {
  const policy = carrierId ? await policyOf(context, carrierId) : policyForCarrier(null);
  return precheckAdmission(company, policy, context.now());
}

/** Near the end of the incubation term, or already qualifying to graduate, in the actor's carriers. */
export async function watchListFor(
  context: IntakeContext,
  actor: Actor,
  carrierId?: string,
): Promise<IncubationWatchList> {
  const carrierIds = carrierId
    ? actor.carrierIds.filter((id) => id === carrierId)
    : actor.carrierIds;
  const admitted = await context.applications.admittedAt(carrierIds);
  const policies = new Map<string, IncubationPolicy>();
  for (const id of new Set(admitted.map((a) => a.carrierId)))
    policies.set(id, await policyOf(context, id));
  return incubationWatchList(
    admitted.map((a) => ({
      applicationId: a._id,
      carrierId: a.carrierId,
      admittedOn: a.admittedOn!,
      graduation: a.graduation,
    })),
    (id) => policies.get(id)!,
    context.now(),
  );
}
