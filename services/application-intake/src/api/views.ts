import type { IntakeApi } from '@shuangchuang/contracts';
import { etagOf } from '@shuangchuang/service-kit';
import type { ApplicationDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import { isStaff } from '../domain/actor.js';
import { roleOnApplication, TRANSITION_RULES } from '../domain/application-lifecycle.js';
import type { DraftContent } from '../domain/application-content.js';
import {
  graduationConditionsMet,
  incubationClock,
  type IncubationWatchList,
} from '../domain/incubation-clock.js';
import type { IncubationPolicy } from '../domain/incubation-policy.js';
import { averageTotal, type ScoringCriterion } from '../domain/review-scoring.js';
import type { ApplicationRecord } from '../workflows/read-applications.js';

type Schemas = IntakeApi.components['schemas'];

// Representations as the OpenAPI document defines them: dates as strings, no internal fields.

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function nextStatusesFor(actor: Actor, application: ApplicationDocument) {
  return TRANSITION_RULES.filter(
    (rule) =>
      rule.from.includes(application.status) && roleOnApplication(actor, application, rule.by),
  ).map((rule) => rule.to);
}

export function applicationView(
  actor: Actor,
  { application, carrierName, policy }: ApplicationRecord,
  now: Date,
): Schemas['Application'] {
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
    timeline: application.timeline.map((t) => ({
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
): Schemas['ApplicationSummary'] {
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

/** An application's answer: its representation, with its version as the ETag. */
export function applicationAnswer(actor: Actor, record: ApplicationRecord, now: Date) {
  return {
    status: 200 as const,
    body: applicationView(actor, record, now),
    headers: { ETag: etagOf(record.application.version) },
  };
}

/** An `ApplicationInput` body in the workflows' words: the carrier, and the content as sent. */
export function draftRequestOf({ carrierId, ...content }: Schemas['ApplicationInput']): {
  carrierId: string;
  content: DraftContent;
} {
  return { carrierId, content };
}

export function intakePolicyView({
  policy,
  criteria,
}: {
  policy: IncubationPolicy;
  criteria: readonly ScoringCriterion[];
}): Schemas['IntakePolicy'] {
  return { ...policy, criteria: [...criteria] };
}

export function watchListView({
  list,
  projectNames,
}: {
  list: IncubationWatchList;
  projectNames: Map<string, string>;
}): Schemas['IncubationWatchList'] {
  const project = (id: string) => {
    const projectName = projectNames.get(id);
    return projectName ? { projectName } : {};
  };
  return {
    nearLimit: list.nearLimit.map((r) => ({
      applicationId: r.applicationId,
      ...project(r.applicationId),
      admittedOn: isoDate(r.clock.admittedOn),
      endsOn: isoDate(r.clock.endsOn),
      monthsRemaining: r.clock.monthsRemaining,
      overLimit: r.clock.overLimit,
    })),
    qualifying: list.qualifying.map((r) => ({
      applicationId: r.applicationId,
      ...project(r.applicationId),
      conditions: r.conditions,
    })),
  };
}
