import type { FounderDocument } from '../data-access/models.js';
import { planTransition, ruleFor } from '../domain/application-lifecycle.js';
import { anonymiseApplication } from '../domain/personal-data.js';
import type { Actor } from '../domain/actor.js';
import { applicationWithdrawn } from '../events/outgoing/application-withdrawn.js';
import type { FounderSessionService } from '../identity/founder-sessions.js';
import { inTransaction } from '@shuangchuang/service-kit';
import { founderScope, type IntakeContext } from './intake-context.js';
import { recordsOf, type ApplicationRecord } from './read-applications.js';

export interface FounderDataExport {
  exportedAt: Date;
  account: FounderDocument | null;
  applications: ApplicationRecord[];
}

/** PIPL art. 45: everything we hold about the founder, in one document. */
export async function exportFounderData(
  context: IntakeContext,
  founderId: string,
): Promise<FounderDataExport> {
  const [account, applications] = await Promise.all([
    context.founders.find(founderId),
    context.applications.allOfFounder(founderId),
  ]);
  return {
    exportedAt: context.now(),
    account,
    applications: await recordsOf(context, applications),
  };
}

/**
 * PIPL art. 47: deletes the founder's account. Applications still before a decision are withdrawn
 * (carriers stop reviewing them), then every application is anonymised; events already sent never
 * carried personal data, so nothing on the bus needs erasing.
 */
export async function deleteFounderAccount(
  context: IntakeContext,
  founder: Actor,
  requestId: string | undefined,
  sessions: Pick<FounderSessionService, 'endAllOf'>,
): Promise<{ anonymisedApplications: number }> {
  return inTransaction(context.connection, async (session) => {
    const now = context.now();
    const applications = await context.applications.allOfFounder(founder.userId, session);
    for (const application of applications) {
      let current = application;
      if (ruleFor(application.status, 'withdrawn')) {
        const transition = planTransition(application, 'withdrawn', founder, now, null);
        current = await context.applications.update(
          session,
          application,
          { status: 'withdrawn' },
          transition,
          now,
        );
        await context.outbox.record(session, [applicationWithdrawn(current, transition)], {
          requestId,
        });
      }
      // its carrier slot is freed and its request keys (which name the founder) dropped
      await context.applications.replaceAnonymised(session, {
        ...anonymiseApplication(current, current._id),
        openSlot: null,
        requestKeys: [],
        anonymised: true,
        updatedAt: now,
      });
    }
    await context.idempotency.forget(founderScope(founder.userId), session);
    await context.founders.remove(session, founder.userId);
    // its tokens stop working on every service (revocation events in this transaction)
    await sessions.endAllOf(founder.userId, session, requestId);
    return { anonymisedApplications: applications.length };
  });
}
