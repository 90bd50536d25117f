import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import {
  APPLICATION_STATUSES,
  isOpen,
  nextStatuses,
  planTransition,
  ruleFor,
  type ApplicationStatus,
} from '../../src/domain/application-lifecycle.js';
import { IllegalTransitionError, NotAllowedError } from '../../src/domain/errors.js';

const founder: Actor = { userId: 'f-1', roles: ['founder'], carrierIds: [] };
const otherFounder: Actor = { userId: 'f-2', roles: ['founder'], carrierIds: [] };
const reviewer: Actor = { userId: 'r-1', roles: ['reviewer'], carrierIds: ['c-1'] };
const foreignReviewer: Actor = { userId: 'r-2', roles: ['reviewer'], carrierIds: ['c-9'] };
const admin: Actor = { userId: 'a-1', roles: ['intake-admin'], carrierIds: ['c-1'] };
const at = new Date('2026-03-01T08:00:00Z');
const subject = (status: ApplicationStatus) => ({ status, founderId: 'f-1', carrierId: 'c-1' });

// Every legal move and who makes it; anything absent from this table must be refused.
const LEGAL: [ApplicationStatus, ApplicationStatus, Actor][] = [
  ['draft', 'submitted', founder],
  ['submitted', 'under_review', reviewer],
  ['under_review', 'info_requested', reviewer],
  ['interview_scheduled', 'info_requested', reviewer],
  ['info_requested', 'resubmitted', founder],
  ['resubmitted', 'under_review', reviewer],
  ['under_review', 'interview_scheduled', reviewer],
  ['resubmitted', 'interview_scheduled', admin],
  ['under_review', 'accepted', reviewer],
  ['resubmitted', 'accepted', reviewer],
  ['interview_scheduled', 'accepted', admin],
  ['under_review', 'rejected', reviewer],
  ['resubmitted', 'rejected', reviewer],
  ['interview_scheduled', 'rejected', reviewer],
  ['accepted', 'admitted', admin],
  ['admitted', 'graduated', admin],
  ['draft', 'withdrawn', founder],
  ['submitted', 'withdrawn', founder],
  ['under_review', 'withdrawn', founder],
  ['info_requested', 'withdrawn', founder],
  ['resubmitted', 'withdrawn', founder],
  ['interview_scheduled', 'withdrawn', founder],
];

describe('application lifecycle', () => {
  it.each(LEGAL)(
    '%s → %s is legal and recorded with actor, time and comment',
    (from, to, actor) => {
      const record = planTransition(subject(from), to, actor, at, 'ok');
      expect(record).toEqual({
        from,
        to,
        actorId: actor.userId,
        actorRole: actor.roles[0],
        at,
        comment: 'ok',
      });
    },
  );

  it('refuses every move not in the table with IllegalTransitionError', () => {
    let refused = 0;
    for (const from of APPLICATION_STATUSES) {
      for (const to of APPLICATION_STATUSES) {
        if (LEGAL.some(([f, t]) => f === from && t === to)) continue;
        expect(ruleFor(from, to), `${from} → ${to}`).toBeUndefined();
        expect(() => planTransition(subject(from), to, admin, at)).toThrow(IllegalTransitionError);
        refused++;
      }
    }
    expect(refused).toBe(APPLICATION_STATUSES.length ** 2 - LEGAL.length);
  });

  it('lets no one withdraw after a decision', () => {
    for (const from of ['accepted', 'rejected', 'admitted', 'graduated'] as const) {
      expect(() => planTransition(subject(from), 'withdrawn', founder, at)).toThrow(
        IllegalTransitionError,
      );
    }
  });

  it('lets only the owning founder submit, resubmit and withdraw', () => {
    expect(() => planTransition(subject('draft'), 'submitted', otherFounder, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('draft'), 'submitted', reviewer, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('info_requested'), 'resubmitted', admin, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('submitted'), 'withdrawn', reviewer, at)).toThrow(
      NotAllowedError,
    );
  });

  it('lets only staff of the carrier review and decide', () => {
    expect(() => planTransition(subject('submitted'), 'under_review', founder, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('submitted'), 'under_review', foreignReviewer, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('under_review'), 'accepted', foreignReviewer, at)).toThrow(
      NotAllowedError,
    );
  });

  it('keeps admission and graduation to intake admins', () => {
    expect(() => planTransition(subject('accepted'), 'admitted', reviewer, at)).toThrow(
      NotAllowedError,
    );
    expect(() => planTransition(subject('admitted'), 'graduated', reviewer, at)).toThrow(
      NotAllowedError,
    );
  });

  it('records a missing comment as null', () => {
    expect(planTransition(subject('draft'), 'submitted', founder, at).comment).toBeNull();
  });

  it('lists next statuses and which are open', () => {
    expect(nextStatuses('under_review').sort()).toEqual(
      ['accepted', 'info_requested', 'interview_scheduled', 'rejected', 'withdrawn'].sort(),
    );
    expect(nextStatuses('graduated')).toEqual([]);
    expect(APPLICATION_STATUSES.filter(isOpen)).not.toContain('rejected');
    expect(isOpen('admitted')).toBe(true);
    expect(isOpen('withdrawn')).toBe(false);
  });
});
