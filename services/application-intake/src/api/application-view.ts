import type { ApplicationDocument, TransitionDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import { isStaff } from '../domain/actor.js';
import { roleOnApplication, TRANSITION_RULES } from '../domain/application-lifecycle.js';
import { graduationConditionsMet, incubationClock } from '../domain/incubation-clock.js';
import type { IncubationPolicy } from '../domain/incubation-policy.js';
import { averageTotal } from '../domain/review-scoring.js';

// Representations as the OpenAPI document defines them: dates as strings, no internal fields.

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function etagOf(application: Pick<ApplicationDocument, 'version'>): string {
  return `"${application.version}"`;
}

/** The version named by an If-Match header (`"3"` or `W/"3"`), or NaN when it names none. */
export function versionFromIfMatch(header: string): number {
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}

export function nextStatusesFor(actor: Actor, application: ApplicationDocument): string[] {
  return TRANSITION_RULES.filter(
    (rule) =>
      rule.from.includes(application.status) && roleOnApplication(actor, application, rule.by),
  ).map((rule) => rule.to);
}

export function applicationView(
  actor: Actor,
  application: ApplicationDocument,
  transitions: TransitionDocument[],
  carrierName: string | undefined,
  policy: IncubationPolicy,
  now: Date,
) {
  const staff = isStaff(actor) && actor.carrierIds.includes(application.carrierId);
  return {
    id: application._id,
    version: application.version,
    carrierId: application.carrierId,
    ...(carrierName ? { carrierName } : {}),
    founderUserId: application.founderId,
    status: application.status,
    content: application.content,
    precheck: application.precheck,
    timeline: transitions.map((t) => ({
      from: t.from,
      to: t.to,
      actorId: t.actorId,
      actorRole: t.actorRole,
      at: t.at.toISOString(),
      comment: t.comment,
    })),
    // Founders see decisions, not the reviewers' scores.
    scores: staff
      ? application.scores.map((s) => ({
          reviewerId: s.reviewerId,
          scores: s.scores,
          total: s.total,
          comment: s.comment,
          at: new Date(s.at).toISOString(),
        }))
      : [],
    nextStatuses: nextStatusesFor(actor, application),
    ...(application.interviewAt ? { interviewAt: application.interviewAt.toISOString() } : {}),
    ...(application.admittedOn ? { incubation: incubationView(application, policy, now) } : {}),
    ...(application.submittedAt ? { submittedAt: application.submittedAt.toISOString() } : {}),
    createdAt: application.createdAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
  };
}

function incubationView(application: ApplicationDocument, policy: IncubationPolicy, now: Date) {
  const clock = incubationClock(application.admittedOn!, policy, now);
  return {
    admittedOn: isoDate(clock.admittedOn),
    endsOn: isoDate(clock.endsOn),
    monthsElapsed: clock.monthsElapsed,
    monthsRemaining: clock.monthsRemaining,
    nearLimit: clock.nearLimit,
    overLimit: clock.overLimit,
    graduation: application.graduation,
    conditionsMet: graduationConditionsMet(application.graduation, policy),
  };
}

export function applicationSummary(
  actor: Actor,
  application: ApplicationDocument,
  carrierName: string | undefined,
) {
  const staff = isStaff(actor) && actor.carrierIds.includes(application.carrierId);
  return {
    id: application._id,
    carrierId: application.carrierId,
    ...(carrierName ? { carrierName } : {}),
    ...(application.content.project?.name ? { projectName: application.content.project.name } : {}),
    status: application.status,
    ...(staff ? { averageScore: averageTotal(application.scores) } : {}),
    updatedAt: application.updatedAt.toISOString(),
  };
}
