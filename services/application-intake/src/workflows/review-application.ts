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
import {
  policyForCarrier,
  policyOverridesOf,
  type IncubationPolicy,
} from '../domain/incubation-policy.js';
import {
  DEFAULT_CRITERIA,
  SCORABLE_STATUSES,
  scoreApplication,
  withScore,
  type ScoringCriterion,
} from '../domain/review-scoring.js';
import { IllegalTransitionError } from '../domain/errors.js';
import { canSee } from './application-visibility.js';
import { inTransaction } from '@shuangchuang/service-kit';
import type { IntakeContext } from './intake-context.js';
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
  return inTransaction(context.connection, async (session) => {
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
  return inTransaction(context.connection, async (session) => {
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

/** Staff act on a carrier only when they serve it. */
function assertServes(actor: Actor, carrierId: string): void {
  if (!actor.carrierIds.includes(carrierId))
    throw new NotAllowedError('you do not serve this carrier');
}

/** A carrier's intake policy and scoring criteria (public). */
export async function intakePolicyOf(context: IntakeContext, carrierId: string) {
  const settings = await context.carriers.settings(carrierId);
  return {
    policy: policyForCarrier(settings.policy),
    criteria: settings.criteria ?? DEFAULT_CRITERIA,
  };
}

/** An intake admin of the carrier sets its policy overrides and scoring criteria. */
export async function setIntakePolicy(
  context: IntakeContext,
  actor: Actor,
  carrierId: string,
  input: Record<string, unknown> & { criteria?: ScoringCriterion[] },
) {
  assertServes(actor, carrierId);
  const { criteria, ...overrides } = input;
  await context.carriers.saveSettings(carrierId, {
    policy: policyOverridesOf(overrides),
    criteria: criteria ?? null,
  });
  return intakePolicyOf(context, carrierId);
}

/**
 * Near the end of the incubation term, or already qualifying to graduate, in one of the actor's
 * carriers; with the projects' names. Two queries, however many companies.
 */
export async function watchListFor(
  context: IntakeContext,
  actor: Actor,
  carrierId: string,
): Promise<{ list: IncubationWatchList; projectNames: Map<string, string> }> {
  assertServes(actor, carrierId);
  const [admitted, policy] = await Promise.all([
    context.applications.admittedAt([carrierId]),
    policyOf(context, carrierId),
  ]);
  const projectNames = new Map<string, string>();
  for (const a of admitted)
    if (a.content.project?.name) projectNames.set(a._id, a.content.project.name);
  const list = incubationWatchList(
    admitted.map((a) => ({
      applicationId: a._id,
      carrierId: a.carrierId,
      admittedOn: a.admittedOn!,
      graduation: a.graduation,
    })),
    () => policy,
    context.now(),
  );
  return { list, projectNames };
}
