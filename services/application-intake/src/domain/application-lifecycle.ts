import { IllegalTransitionError, NotAllowedError } from './errors.js';
import type { Actor, Role } from './actor.js';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'info_requested',
  'resubmitted',
  'interview_scheduled',
  'accepted',
  'rejected',
  'admitted',
  'graduated',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses after which the founder may apply to the same carrier again. */
export const CLOSED_STATUSES: readonly ApplicationStatus[] = ['rejected', 'withdrawn', 'graduated'];
export const isOpen = (status: ApplicationStatus): boolean => !CLOSED_STATUSES.includes(status);
/** Submitted and not closed: the founder's one open application at its carrier. */
export const holdsCarrierSlot = (status: ApplicationStatus): boolean =>
  status !== 'draft' && isOpen(status);

/** "Before a decision": the founder may withdraw from any of these. */
const WITHDRAWABLE: readonly ApplicationStatus[] = [
  'draft',
  'submitted',
  'under_review',
  'info_requested',
  'resubmitted',
  'interview_scheduled',
];
const DECIDABLE: readonly ApplicationStatus[] = [
  'under_review',
  'resubmitted',
  'interview_scheduled',
];

interface TransitionRule {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  /** Roles that may perform it; founders only on their own, staff only on their carriers'. */
  by: readonly Role[];
}

const REVIEWING_STAFF: readonly Role[] = ['reviewer', 'intake-admin'];

export const TRANSITION_RULES: readonly TransitionRule[] = [
  { from: ['draft'], to: 'submitted', by: ['founder'] },
  { from: ['submitted', 'resubmitted'], to: 'under_review', by: REVIEWING_STAFF },
  { from: ['under_review', 'interview_scheduled'], to: 'info_requested', by: REVIEWING_STAFF },
  { from: ['info_requested'], to: 'resubmitted', by: ['founder'] },
  { from: ['under_review', 'resubmitted'], to: 'interview_scheduled', by: REVIEWING_STAFF },
  { from: DECIDABLE, to: 'accepted', by: REVIEWING_STAFF },
  { from: DECIDABLE, to: 'rejected', by: REVIEWING_STAFF },
  // Admission and graduation are carrier administration, not review.
  { from: ['accepted'], to: 'admitted', by: ['intake-admin'] },
  { from: ['admitted'], to: 'graduated', by: ['intake-admin'] },
  { from: WITHDRAWABLE, to: 'withdrawn', by: ['founder'] },
];

export interface TransitionRecord {
  from: ApplicationStatus;
  to: ApplicationStatus;
  actorId: string;
  actorRole: Role;
  at: Date;
  comment: string | null;
}

/** The parts of an application the lifecycle needs to decide. */
export interface LifecycleSubject {
  status: ApplicationStatus;
  founderId: string;
  carrierId: string;
}

export function ruleFor(
  from: ApplicationStatus,
  to: ApplicationStatus,
): TransitionRule | undefined {
  return TRANSITION_RULES.find((rule) => rule.to === to && rule.from.includes(from));
}

export function nextStatuses(from: ApplicationStatus): ApplicationStatus[] {
  return TRANSITION_RULES.filter((rule) => rule.from.includes(from)).map((rule) => rule.to);
}

/** The role under which this actor may act on this application, or null. */
export function roleOnApplication(
  actor: Actor,
  subject: Pick<LifecycleSubject, 'founderId' | 'carrierId'>,
  allowed: readonly Role[],
): Role | null {
  for (const role of allowed) {
    if (!actor.roles.includes(role)) continue;
    if (role === 'founder' && subject.founderId === actor.userId) return role;
    if (role !== 'founder' && actor.carrierIds.includes(subject.carrierId)) return role;
  }
  return null;
}

/**
 * Decides a transition: throws IllegalTransitionError when the lifecycle forbids it,
 * NotAllowedError when this actor may not perform it; otherwise returns the record to store.
 */
export function planTransition(
  subject: LifecycleSubject,
  to: ApplicationStatus,
  actor: Actor,
  at: Date,
  comment?: string | null,
): TransitionRecord {
  const rule = ruleFor(subject.status, to);
  if (!rule) throw new IllegalTransitionError(subject.status, to);
  const actorRole = roleOnApplication(actor, subject, rule.by);
  if (!actorRole) throw new NotAllowedError(`moving to ${to} is done by ${rule.by.join(' or ')}`);
  return {
    from: subject.status,
    to,
    actorId: actor.userId,
    actorRole,
    at,
    comment: comment ?? null,
  };
}
