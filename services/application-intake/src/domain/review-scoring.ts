import { DomainValidationError, type FieldError } from './errors.js';
import type { ApplicationStatus } from './application-lifecycle.js';

export interface ScoringCriterion {
  key: string;
  label: string;
  /** Relative weight; weights need not add up to anything in particular. */
  weight: number;
  maxScore: number;
}

/** Used when a carrier has not published its own criteria. */
export const DEFAULT_CRITERIA: readonly ScoringCriterion[] = [
  { key: 'innovation', label: '技术创新性', weight: 30, maxScore: 10 },
  { key: 'team', label: '团队能力', weight: 25, maxScore: 10 },
  { key: 'market', label: '市场前景', weight: 25, maxScore: 10 },
  { key: 'fit', label: '与载体方向契合度', weight: 20, maxScore: 10 },
];

export const SCORABLE_STATUSES: readonly ApplicationStatus[] = [
  'under_review',
  'resubmitted',
  'interview_scheduled',
];

export interface ReviewScore {
  reviewerId: string;
  scores: Record<string, number>;
  /** Weighted result on a 0–100 scale. */
  total: number;
  comment: string | null;
  at: Date;
}

/** Checks a reviewer's scores against the criteria and computes the weighted total (0–100). */
export function scoreApplication(
  criteria: readonly ScoringCriterion[],
  scores: Record<string, number>,
  reviewerId: string,
  at: Date,
  comment?: string | null,
): ReviewScore {
  const errors: FieldError[] = [];
  for (const key of Object.keys(scores)) {
    if (!criteria.some((c) => c.key === key))
      errors.push({ path: `scores.${key}`, message: "not one of the carrier's criteria" });
  }
  for (const c of criteria) {
    const value = scores[c.key];
    if (value === undefined) errors.push({ path: `scores.${c.key}`, message: 'missing' });
    else if (!Number.isFinite(value) || value < 0 || value > c.maxScore) {
      errors.push({ path: `scores.${c.key}`, message: `must be between 0 and ${c.maxScore}` });
    }
  }
  if (errors.length) throw new DomainValidationError(errors);
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const weighted = criteria.reduce((sum, c) => sum + (scores[c.key]! / c.maxScore) * c.weight, 0);
  const total = totalWeight === 0 ? 0 : Math.round((weighted / totalWeight) * 1000) / 10;
  return { reviewerId, scores: { ...scores }, total, comment: comment ?? null, at };
}

/** One score per reviewer: a new score replaces that reviewer's previous one. */
export function withScore(existing: readonly ReviewScore[], score: ReviewScore): ReviewScore[] {
  return [...existing.filter((s) => s.reviewerId !== score.reviewerId), score];
}

export function averageTotal(scores: readonly ReviewScore[]): number | null {
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((sum, s) => sum + s.total, 0) / scores.length) * 10) / 10;
}
