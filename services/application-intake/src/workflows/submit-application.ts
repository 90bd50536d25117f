import { setTimeout as sleep } from 'node:timers/promises';
import { newApplicationId } from '../data-access/application-store.js';
import type { ApplicationDocument, CarrierDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import { precheckAdmission } from '../domain/admission-precheck.js';
import {
  validateDraftContent,
  validateForSubmission,
  type DraftContent,
} from '../domain/application-content.js';
import { planTransition } from '../domain/application-lifecycle.js';
import { NotAllowedError } from '../domain/errors.js';
import { NO_GRADUATION_FACTS } from '../domain/incubation-clock.js';
import { policyForCarrier } from '../domain/incubation-policy.js';
import { StaleApplicationError } from '../data-access/application-store.js';
import { applicationSubmitted } from '../events/outgoing/application-submitted.js';
import { IllegalTransitionError } from '../domain/errors.js';
import { inTransaction, type IntakeContext } from './intake-context.js';
import {
  ApplicationNotFoundError,
  CarrierNotAcceptingError,
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
} from './workflow-errors.js';

export interface Idempotency {
  key: string;
  /** Hash of the request as sent, to tell a retry from a different request reusing the key. */
  fingerprint: string;
}

export interface Outcome {
  application: ApplicationDocument;
  /** True when this was a retry answered with what the first request did. */
  replayed: boolean;
  /** The carrier as the workflow read it, so the response need not read it again. */
  carrier?: CarrierDocument;
}

// How long a retry waits for the first request with the same key to finish.
const IN_PROGRESS_WAIT_MS = 5_000;
const IN_PROGRESS_POLL_MS = 20;

function assertFounder(actor: Actor): void {
  if (!actor.roles.includes('founder')) throw new NotAllowedError('only founders apply');
}

async function precheckFor(context: IntakeContext, carrierId: string, content: DraftContent) {
  const settings = await context.carriers.settings(carrierId);
  return precheckAdmission(content.company ?? {}, policyForCarrier(settings.policy), context.now());
}

/** Starts a draft; a retry with the same Idempotency-Key returns the same draft. */
export async function createDraft(
  context: IntakeContext,
  actor: Actor,
  request: { carrierId: string; content: DraftContent },
  idempotency: Idempotency,
): Promise<Outcome> {
  assertFounder(actor);
  // Validation and the carrier check come first: a bad request leaves no trace, not even its key.
  const content = validateDraftContent(request.content);
  const carrier = await context.carriers.find(request.carrierId);
  if (!carrier) {
    throw new CarrierNotAcceptingError(request.carrierId, 'is not in the registry');
  }
  const outcome = await idempotently(context, actor, idempotency, async (session) => {
    const now = context.now();
    const application: ApplicationDocument = {
      _id: newApplicationId(),
      founderId: actor.userId,
      carrierId: request.carrierId,
      status: 'draft',
      version: 1,
      content,
      precheck: await precheckFor(context, request.carrierId, content),
      submittedAt: null,
      interviewAt: null,
      scores: [],
      admittedOn: null,
      graduation: { ...NO_GRADUATION_FACTS },
      anonymised: false,
      createdAt: now,
      updatedAt: now,
    };
    await context.applications.insert(session, application, []);
    return application;
  });
  return outcome.replayed ? outcome : { ...outcome, carrier };
}

/** Edits a draft, or the application while the carrier asks for more information. */
export async function updateContent(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  request: { carrierId: string; content: DraftContent },
  expectedVersion: number | null,
): Promise<ApplicationDocument> {
  assertFounder(actor);
  const content = validateDraftContent(request.content);
  return inTransaction(context, async (session) => {
    const application = await context.applications.find(applicationId, session);
    if (!application || application.founderId !== actor.userId)
      throw new ApplicationNotFoundError(applicationId);
    if (expectedVersion !== null && expectedVersion !== application.version)
      throw new StaleApplicationError();
    if (application.status !== 'draft' && application.status !== 'info_requested') {
      throw new IllegalTransitionError(application.status, 'edited');
    }
    if (request.carrierId !== application.carrierId) {
      throw new CarrierNotAcceptingError(
        request.carrierId,
        'differs from the carrier the application was started for',
      );
    }
    return context.applications.update(
      session,
      application,
      { content, precheck: await precheckFor(context, application.carrierId, content) },
      null,
      context.now(),
    );
  });
}

/**
 * Submits a draft: complete and valid content, the carrier accepting (local read model), and no
 * other open application of the founder at that carrier. A retry with the same key replays.
 */
export async function submitDraft(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  idempotency: Idempotency,
  requestId?: string,
): Promise<Outcome> {
  assertFounder(actor);
  let carrier: CarrierDocument | undefined;
  const outcome = await idempotently(context, actor, idempotency, async (session) => {
    const application = await context.applications.find(applicationId, session);
    // Someone else's application is answered as absent (and the key released).
    if (!application || application.founderId !== actor.userId) {
      throw new ApplicationNotFoundError(applicationId);
    }
    const now = context.now();
    const transition = planTransition(application, 'submitted', actor, now);
    const content = validateForSubmission(application.content);
    carrier = await assertCarrierAccepting(context, application.carrierId);
    await context.applications.claimOpenSlot(session, application);
    const submitted = await context.applications.update(
      session,
      application,
      { status: 'submitted', content, submittedAt: now },
      transition,
      now,
    );
    await context.outbox.record(session, [applicationSubmitted(submitted, now)], { requestId });
    return submitted;
  });
  return outcome.replayed ? outcome : { ...outcome, carrier };
}

/** The carrier, if it is in the registry, active and accepting applications. */
export async function assertCarrierAccepting(
  context: IntakeContext,
  carrierId: string,
): Promise<CarrierDocument> {
  const carrier = await context.carriers.find(carrierId);
  if (!carrier) throw new CarrierNotAcceptingError(carrierId, 'is not in the registry');
  if (carrier.status !== 'active') throw new CarrierNotAcceptingError(carrierId, 'is retired');
  if (!carrier.accepting)
    throw new CarrierNotAcceptingError(carrierId, 'is not accepting applications');
  return carrier;
}

/**
 * Runs work once per Idempotency-Key: the key is claimed outside the transaction (so concurrent
 * retries see each other at once), completed inside it, and released when the work fails.
 */
async function idempotently(
  context: IntakeContext,
  actor: Actor,
  idempotency: Idempotency,
  work: Parameters<typeof inTransaction<ApplicationDocument>>[1],
): Promise<Outcome> {
  const claim = await claimOrReplay(context, actor.userId, idempotency);
  if ('replay' in claim) return { application: claim.replay, replayed: true };
  try {
    const application = await inTransaction(context, async (session) => {
      const result = await work(session);
      await context.idempotencyKeys.complete(
        session,
        actor.userId,
        idempotency.key,
        claim.owner,
        result._id,
      );
      return result;
    });
    return { application, replayed: false };
  } catch (error) {
    // If the database is away this fails too; the claim then lapses after its lease.
    await context.idempotencyKeys
      .release(actor.userId, idempotency.key, claim.owner)
      .catch(() => {});
    throw error;
  }
}

/** Claims the key, or returns the application a previous request with it produced. */
async function claimOrReplay(
  context: IntakeContext,
  founderId: string,
  { key, fingerprint }: Idempotency,
): Promise<{ owner: string } | { replay: ApplicationDocument }> {
  const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
  for (;;) {
    const claim = await context.idempotencyKeys.claim(founderId, key, fingerprint, context.now());
    if (claim.kind === 'claimed') return { owner: claim.owner };
    if (claim.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (claim.kind === 'completed') {
      const application = await context.applications.find(claim.applicationId);
      if (application) return { replay: application };
    }
    if (Date.now() > deadline) throw new IdempotentRequestInProgressError();
    await sleep(IN_PROGRESS_POLL_MS);
  }
}
