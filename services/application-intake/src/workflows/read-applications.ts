import type { ApplicationDocument, CarrierDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import {
  DEFAULT_INCUBATION_POLICY,
  policyForCarrier,
  type IncubationPolicy,
} from '../domain/incubation-policy.js';
import { canSee } from './application-visibility.js';
import type { IntakeContext } from './intake-context.js';
import { ApplicationNotFoundError } from './workflow-errors.js';

/** An application with what its representation shows besides it. */
export interface ApplicationRecord {
  /** with its timeline */
  application: ApplicationDocument;
  carrierName: string | undefined;
  /** the carrier's policy; it matters only for an admitted company's incubation clock */
  policy: IncubationPolicy;
}

/** What a change already read, so its answer needs no second read of it. */
export interface KnownParts {
  carrier?: CarrierDocument | null;
}

/** The application if the actor may see it; else (absent or not theirs) ApplicationNotFoundError. */
export async function findVisible(
  context: IntakeContext,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationDocument> {
  const application = await context.applications.find(applicationId);
  if (!application || !canSee(actor, application))
    throw new ApplicationNotFoundError(applicationId);
  return application;
}

/** One application with its carrier name and policy; parts already known are not read. */
export async function recordOf(
  context: IntakeContext,
  application: ApplicationDocument,
  known: KnownParts = {},
): Promise<ApplicationRecord> {
  const [record] = await recordsOf(context, [application], known);
  return record!;
}

/**
 * Records of many applications with a fixed number of queries, whatever their number: the
 * carriers in one, the settings of admitted companies' carriers in one.
 */
export async function recordsOf(
  context: IntakeContext,
  applications: readonly ApplicationDocument[],
  known: KnownParts = {},
): Promise<ApplicationRecord[]> {
  const carrierIds = [...new Set(applications.map((a) => a.carrierId))];
  const admittedCarrierIds = [
    ...new Set(applications.filter((a) => a.admittedOn).map((a) => a.carrierId)),
  ];
  const [carriers, settings] = await Promise.all([
    known.carrier !== undefined
      ? new Map(known.carrier ? [[known.carrier._id, known.carrier]] : [])
      : context.carriers.findMany(carrierIds),
    context.carriers.settingsOfMany(admittedCarrierIds),
  ]);
  return applications.map((application) => ({
    application,
    carrierName: carriers.get(application.carrierId)?.name,
    policy: application.admittedOn
      ? policyForCarrier(settings.get(application.carrierId)?.policy)
      : DEFAULT_INCUBATION_POLICY,
  }));
}

/** The names of these carriers that the read model knows (one query). */
export async function carrierNamesOf(
  context: IntakeContext,
  carrierIds: readonly string[],
): Promise<Map<string, string>> {
  const carriers = await context.carriers.findMany(carrierIds);
  return new Map([...carriers].map(([id, carrier]) => [id, carrier.name]));
}

/** A page of the applications the actor may see: a founder's own, staff their carriers'. */
export async function listApplications(
  context: IntakeContext,
  actor: Actor,
  filter: { carrierId?: string; statuses: string[] },
  cursor: string | null,
  limit: number,
) {
  const page = actor.roles.includes('founder')
    ? await context.applications.listForFounder(actor.userId, filter, cursor, limit)
    : await context.applications.listForCarriers(actor.carrierIds, filter, cursor, limit);
  const names = await carrierNamesOf(
    context,
    page.items.map((a) => a.carrierId),
  );
  return { ...page, names };
}
