import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { completeInput } from '../fixtures/application-input.js';
import type { CallResult, IntakeHarness } from './intake-harness.js';

export type Who = 'founder' | 'reviewer' | 'admin';

/** Tokens of the cast: a founder, a reviewer and an intake admin of one carrier. */
export interface Cast {
  founder: string;
  reviewer: string;
  admin: string;
}

export async function castFor(
  h: IntakeHarness,
  founderId: string,
  carrierId: string,
): Promise<Cast> {
  return {
    founder: await h.founderToken(founderId),
    reviewer: await h.staffToken(`reviewer-of-${carrierId}`, ['reviewer'], [carrierId]),
    admin: await h.staffToken(`admin-of-${carrierId}`, ['intake-admin'], [carrierId]),
  };
}

export async function createDraft(
  h: IntakeHarness,
  token: string,
  carrierId: string,
  body?: unknown,
): Promise<string> {
  const created = await h.call('POST', '/applications', {
    token,
    body: body ?? completeInput(carrierId),
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** Performs one move the way its actor does it through the API. */
export function move(
  h: IntakeHarness,
  cast: Cast,
  id: string,
  to: string,
  who: Who,
  comment = `→ ${to}`,
): Promise<CallResult> {
  const token = cast[who];
  if (who === 'founder') {
    if (to === 'submitted') {
      return h.call('POST', `/applications/${id}/submit`, {
        token,
        headers: { 'idempotency-key': randomUUID() },
      });
    }
    const action = to === 'resubmitted' ? 'resubmit' : to === 'withdrawn' ? 'withdraw' : to;
    return h.call('POST', `/applications/${id}/${action}`, { token, body: { comment } });
  }
  const body: Record<string, unknown> = { to, comment };
  if (to === 'interview_scheduled') body.interviewAt = '2026-11-28T02:00:00Z';
  return h.call('POST', `/applications/${id}/transitions`, { token, body });
}

/** Drives an application through the given moves, each expected to succeed. */
export async function drive(
  h: IntakeHarness,
  cast: Cast,
  id: string,
  moves: [string, Who][],
): Promise<CallResult> {
  let last: CallResult | undefined;
  for (const [to, who] of moves) {
    last = await move(h, cast, id, to, who);
    expect(last.status, `${to} by ${who}: ${JSON.stringify(last.body)}`).toBe(200);
    expect(last.body.status).toBe(to);
  }
  return last!;
}
