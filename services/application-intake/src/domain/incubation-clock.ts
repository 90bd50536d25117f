import { addMonths, fullMonthsBetween } from './calendar.js';
import type { IncubationPolicy } from './incubation-policy.js';

/** What staff record about an admitted company to judge graduation (300号 毕业条件). */
export interface GraduationFacts {
  highTechEnterprise: boolean;
  cumulativeFundingYuan: number;
  /** Operating revenue by calendar year, e.g. { 2024: 6_000_000, 2025: 5_000_000 }. */
  revenueByYear: Record<string, number>;
  acquiredOrListed: boolean;
}

export const NO_GRADUATION_FACTS: GraduationFacts = Object.freeze({
  highTechEnterprise: false,
  cumulativeFundingYuan: 0,
  revenueByYear: {},
  acquiredOrListed: false,
});

export type GraduationCondition =
  | 'high-tech-enterprise'
  | 'funding-over-threshold'
  | 'two-year-revenue-over-threshold'
  | 'acquired-or-listed';

/** Conditions met; any one of them qualifies a company to graduate. */
export function graduationConditionsMet(
  facts: GraduationFacts,
  policy: IncubationPolicy,
): GraduationCondition[] {
  const met: GraduationCondition[] = [];
  if (facts.highTechEnterprise) met.push('high-tech-enterprise');
  if (facts.cumulativeFundingYuan > policy.graduationFundingYuan)
    met.push('funding-over-threshold');
  if (bestTwoConsecutiveYears(facts.revenueByYear) > policy.graduationTwoYearRevenueYuan) {
    met.push('two-year-revenue-over-threshold');
  }
  if (facts.acquiredOrListed) met.push('acquired-or-listed');
  return met;
}

/** The largest revenue of two consecutive calendar years together (0 without such a pair). */
export function bestTwoConsecutiveYears(revenueByYear: Record<string, number>): number {
  let best = 0;
  for (const [year, revenue] of Object.entries(revenueByYear)) {
    const next = revenueByYear[String(Number(year) + 1)];
    if (next !== undefined) best = Math.max(best, revenue + next);
  }
  return best;
}

export interface IncubationClock {
  admittedOn: Date;
  endsOn: Date;
  monthsElapsed: number;
  monthsRemaining: number;
  nearLimit: boolean;
  overLimit: boolean;
}

export function incubationClock(
  admittedOn: Date,
  policy: IncubationPolicy,
  today: Date,
): IncubationClock {
  const endsOn = addMonths(admittedOn, policy.incubationMonths);
  const monthsRemaining = fullMonthsBetween(today, endsOn);
  const overLimit = today.getTime() > endsOn.getTime();
  return {
    admittedOn,
    endsOn,
    monthsElapsed: fullMonthsBetween(admittedOn, today),
    monthsRemaining: Math.max(0, monthsRemaining),
    overLimit,
    nearLimit: !overLimit && monthsRemaining < policy.nearLimitMonths,
  };
}

export interface ResidentCompany {
  applicationId: string;
  carrierId: string;
  admittedOn: Date;
  graduation: GraduationFacts;
}

export interface IncubationWatchList {
  /** Near or past the end of the term, soonest first. */
  nearLimit: (ResidentCompany & { clock: IncubationClock })[];
  /** Already meeting at least one graduation condition. */
  qualifying: (ResidentCompany & { conditions: GraduationCondition[] })[];
}

/** The lists staff watch: who is running out of time and who could already graduate. */
export function incubationWatchList(
  residents: readonly ResidentCompany[],
  policyFor: (carrierId: string) => IncubationPolicy,
  today: Date,
): IncubationWatchList {
  const nearLimit: IncubationWatchList['nearLimit'] = [];
  const qualifying: IncubationWatchList['qualifying'] = [];
  for (const resident of residents) {
    const policy = policyFor(resident.carrierId);
    const clock = incubationClock(resident.admittedOn, policy, today);
    if (clock.nearLimit || clock.overLimit) nearLimit.push({ ...resident, clock });
    const conditions = graduationConditionsMet(resident.graduation, policy);
    if (conditions.length > 0) qualifying.push({ ...resident, conditions });
  }
  nearLimit.sort((a, b) => a.clock.endsOn.getTime() - b.clock.endsOn.getTime());
  return { nearLimit, qualifying };
}
