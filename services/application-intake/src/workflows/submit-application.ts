import { inTransaction, requestFingerprint, type KeptRequestKey } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import { newApplicationId, StaleApplicationError } from '../data-access/application-store.js';
import type { ApplicationDocument, CarrierDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import { precheckAdmission } from '../domain/admission-precheck.js';
import {
  validateDraftContent,
  validateForSubmission,
  type DraftContent,
} from '../domain/application-content.js';
import { planTransition } from '../domain/application-lifecycle.js';
import { IllegalTransitionError, NotAllowedError } from '../domain/errors.js';
import { NO_GRADUATION_FACTS } from '../domain/incubation-clock.js';
import { policyForCarrier } from '../domain/incubation-policy.js';
import { applicationSubmitted } from '../events/outgoing/application-submitted.js';
import { founderScope, type IntakeContext } from './intake-context.js';
import { findVisible, recordOf, type ApplicationRecord } from './read-applications.js';
import { ApplicationNotFoundError, CarrierNotAcceptingError } from './workflow-errors.js';

/** What a request under an Idempotency-Key stores for its retries: the application it made. */
interface StoredAnswer {
  applicationId: string;
}

function assertFounder(actor: Actor): void {
  if (!actor.roles.includes('founder')) throw new NotAllowedError('only founders apply');
}

async function precheckFor(context: IntakeContext, carrierId: string, content: DraftContent) {
  const settings = await context.carriers.settings(carrierId);
  return precheckAdmission(content.company ?? {}, policyForCarrier(settings.policy), context.now());
}

/** A retry answered with the application the first request made, as it is now. */
async function replayed(context: IntakeContext, actor: Actor, answer: StoredAnswer) {
  return recordOf(context, await findVisible(context, actor, answer.applicationId));
}

/**
 * Starts a draft; a retry with the same Idempotency-Key returns the same draft. `request` is
 * the body as sent (its fingerprint tells a retry from another request with the same key).
 */
export async function createDraft(
  context: IntakeContext,
  actor: Actor,
  request: { carrierId: string; content: DraftContent },
  idempotencyKey: string | undefined,
): Promise<ApplicationRecord> {
  assertFounder(actor);
  // Validation and the carrier check come first: a bad request leaves no trace, not even its key.
  const content = validateDraftContent(request.content);
  const carrier = await context.carriers.find(request.carrierId);
  if (!carrier) {
    throw new CarrierNotAcceptingError(request.carrierId, 'is not in the registry');
  }
  let created: ApplicationDocument | undefined;
  const outcome = await context.idempotency.idempotentlyKept<StoredAnswer>(
    founderScope(actor.userId),
    idempotencyKey,
    requestFingerprint(['create', { carrierId: request.carrierId, ...request.content }]),
    async (session, key) => {
      const holder = await context.applications.findKeyHolder(key.id, session);
      if (holder) return earlierRequest(holder, key);
      const now = context.now();
      created = {
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
        timeline: [],
        openSlot: null,
        requestKeys: [key],
      };
      await context.applications.insert(session, created);
      return { answer: { applicationId: created._id } };
    },
  );
  if (outcome.replayed || !created) return replayed(context, actor, outcome.answer);
  return recordOf(context, created, { carrier });
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
  return inTransaction(context.connection, async (session) => {
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
 * One transaction holds the key, the application, its history and the event; the answer is
 * built from what it read and wrote.
 */
export async function submitDraft(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  idempotencyKey: string | undefined,
  requestId?: string,
): Promise<ApplicationRecord> {
  assertFounder(actor);
  let record: ApplicationRecord | undefined;
  const outcome = await context.idempotency.idempotentlyKept<StoredAnswer>(
    founderScope(actor.userId),
    idempotencyKey,
    requestFingerprint(['submit', applicationId]),
    async (session, key) => {
      const found = await context.applications.findForChange(applicationId, key.id, session);
      if (found.keyHolder) return earlierRequest(found.keyHolder, key);
      record = await submitFound(context, actor, applicationId, found, session, key, requestId);
      return { answer: { applicationId } };
    },
  );
  if (outcome.replayed || !record) return replayed(context, actor, outcome.answer);
  return record;
}

/** The key found on an application: a retry of the request that wrote it, or the key reused. */
function earlierRequest(holder: ApplicationDocument, key: KeptRequestKey) {
  const earlier = holder.requestKeys.find((k) => k.id === key.id)!;
  return { earlier, answer: { applicationId: holder._id } };
}

/** Four commands in all: the read above, one update, the outbox entry, the commit. */
async function submitFound(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
  {
    application,
    carrier,
  }: { application: ApplicationDocument | null; carrier: CarrierDocument | null },
  session: ClientSession,
  key: KeptRequestKey,
  requestId: string | undefined,
): Promise<ApplicationRecord> {
  // Someone else's application is answered as absent.
  if (!application || application.founderId !== actor.userId) {
    throw new ApplicationNotFoundError(applicationId);
  }
  const now = context.now();
  const transition = planTransition(application, 'submitted', actor, now);
  const content = validateForSubmission(application.content);
  assertAccepting(application.carrierId, carrier);
  const submitted = await context.applications.update(
    session,
    application,
    { status: 'submitted', content, submittedAt: now },
    transition,
    now,
    key,
  );
  await context.outbox.record(session, [applicationSubmitted(submitted, now)], { requestId });
  // nothing to read: the carrier was read above, the policy is not needed yet
  return recordOf(context, submitted, { carrier });
}

/** Applications are taken only by carriers in the registry, active and accepting. */
function assertAccepting(carrierId: string, carrier: CarrierDocument | null): CarrierDocument {
  if (!carrier) throw new CarrierNotAcceptingError(carrierId, 'is not in the registry');
  if (carrier.status !== 'active') throw new CarrierNotAcceptingError(carrierId, 'is retired');
  if (!carrier.accepting)
    throw new CarrierNotAcceptingError(carrierId, 'is not accepting applications');
  return carrier;
}
