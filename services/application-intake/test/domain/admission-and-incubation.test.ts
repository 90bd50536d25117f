import { describe, expect, it } from 'vitest';
import { precheckAdmission } from '../../src/domain/admission-precheck.js';
import { addMonths, fullMonthsBetween } from '../../src/domain/calendar.js';
import {
  bestTwoConsecutiveYears,
  graduationConditionsMet,
  incubationClock,
  incubationWatchList,
  NO_GRADUATION_FACTS,
  type ResidentCompany,
} from '../../src/domain/incubation-clock.js';
import { DEFAULT_INCUBATION_POLICY, policyForCarrier } from '../../src/domain/incubation-policy.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const policy = DEFAULT_INCUBATION_POLICY;

describe('calendar months', () => {
  it('counts full months', () => {
    expect(fullMonthsBetween(d('2024-01-15'), d('2026-01-15'))).toBe(24);
    expect(fullMonthsBetween(d('2024-01-15'), d('2026-01-14'))).toBe(23);
    expect(fullMonthsBetween(d('2026-01-15'), d('2024-01-15'))).toBe(-24);
  });
  it('clamps to the end of shorter months', () => {
    expect(addMonths(d('2024-01-31'), 1)).toEqual(d('2024-02-29'));
    expect(addMonths(d('2023-08-31'), 48)).toEqual(d('2027-08-31'));
  });
});

describe('admission pre-check (国科发区〔2018〕300号 defaults)', () => {
  const today = d('2026-06-15');

  it('passes a young company with a valid code', () => {
    expect(
      precheckAdmission(
        { creditCode: '91440300708461136T', foundedOn: '2025-01-01' },
        policy,
        today,
      ),
    ).toEqual({
      acceptable: true,
      companyAgeMonths: 17,
      flags: [],
    });
  });

  it('flags, but does not refuse, a company older than 24 months', () => {
    const result = precheckAdmission({ foundedOn: '2024-06-14' }, policy, today);
    expect(result.acceptable).toBe(true);
    expect(result.flags).toEqual([
      { code: 'company-older-than-limit', ageMonths: 24, limitMonths: 24 },
    ]);
  });

  it('does not flag a company exactly 24 months old', () => {
    expect(precheckAdmission({ foundedOn: '2024-06-15' }, policy, today).flags).toEqual([]);
  });

  it('uses the carrier override of the age limit', () => {
    const lenient = policyForCarrier({ maxCompanyAgeMonths: 36 });
    expect(precheckAdmission({ foundedOn: '2024-01-01' }, lenient, today).flags).toEqual([]);
  });

  it('refuses an invalid credit code and a founding date in the future', () => {
    const result = precheckAdmission(
      { creditCode: '91440300708461136U', foundedOn: '2027-01-01' },
      policy,
      today,
    );
    expect(result.acceptable).toBe(false);
    expect(result.flags).toEqual([
      { code: 'credit-code-invalid', problem: 'check-character' },
      { code: 'founded-in-future' },
    ]);
  });

  it('allows a team without a company yet, flagged for reviewers', () => {
    expect(precheckAdmission({}, policy, today)).toEqual({
      acceptable: true,
      companyAgeMonths: null,
      flags: [{ code: 'no-company-yet' }],
    });
  });
});

describe('carrier policy overrides', () => {
  it('keeps defaults for what is not overridden and ignores nonsense', () => {
    const p = policyForCarrier({
      incubationMonths: 60,
      nearLimitMonths: -1,
      graduationFundingYuan: Number.NaN,
    });
    expect(p).toEqual({ ...DEFAULT_INCUBATION_POLICY, incubationMonths: 60 });
    expect(policyForCarrier(null)).toEqual(DEFAULT_INCUBATION_POLICY);
  });
});

describe('graduation conditions', () => {
  it('needs strictly more than the thresholds', () => {
    expect(
      graduationConditionsMet({ ...NO_GRADUATION_FACTS, cumulativeFundingYuan: 5_000_000 }, policy),
    ).toEqual([]);
    expect(
      graduationConditionsMet({ ...NO_GRADUATION_FACTS, cumulativeFundingYuan: 5_000_001 }, policy),
    ).toEqual(['funding-over-threshold']);
  });

  it('adds revenue of two consecutive years only', () => {
    expect(bestTwoConsecutiveYears({ 2022: 9_000_000, 2024: 9_000_000 })).toBe(0);
    expect(bestTwoConsecutiveYears({ 2023: 4_000_000, 2024: 6_500_000, 2025: 1_000_000 })).toBe(
      10_500_000,
    );
    const facts = { ...NO_GRADUATION_FACTS, revenueByYear: { 2023: 4_000_000, 2024: 6_500_000 } };
    expect(graduationConditionsMet(facts, policy)).toEqual(['two-year-revenue-over-threshold']);
  });

  it('lists every condition met', () => {
    const facts = {
      highTechEnterprise: true,
      cumulativeFundingYuan: 8e6,
      revenueByYear: {},
      acquiredOrListed: true,
    };
    expect(graduationConditionsMet(facts, policy)).toEqual([
      'high-tech-enterprise',
      'funding-over-threshold',
      'acquired-or-listed',
    ]);
  });
});

describe('incubation clock', () => {
  it('runs 48 months by default', () => {
    const clock = incubationClock(d('2023-01-10'), policy, d('2025-01-10'));
    expect(clock).toMatchObject({
      endsOn: d('2027-01-10'),
      monthsElapsed: 24,
      monthsRemaining: 24,
      nearLimit: false,
      overLimit: false,
    });
  });

  it('is near the limit in the last 6 months and over it after', () => {
    expect(incubationClock(d('2022-01-10'), policy, d('2025-08-01'))).toMatchObject({
      nearLimit: true,
      overLimit: false,
      monthsRemaining: 5,
    });
    expect(incubationClock(d('2022-01-10'), policy, d('2026-01-11'))).toMatchObject({
      nearLimit: false,
      overLimit: true,
      monthsRemaining: 0,
    });
  });

  it('lists near-limit (soonest first) and qualifying companies per carrier policy', () => {
    const residents: ResidentCompany[] = [
      {
        applicationId: 'a',
        carrierId: 'c-1',
        admittedOn: d('2022-03-01'),
        graduation: NO_GRADUATION_FACTS,
      },
      {
        applicationId: 'b',
        carrierId: 'c-1',
        admittedOn: d('2022-02-01'),
        graduation: NO_GRADUATION_FACTS,
      },
      {
        applicationId: 'c',
        carrierId: 'c-2',
        admittedOn: d('2022-02-01'),
        graduation: NO_GRADUATION_FACTS,
      },
      {
        applicationId: 'd',
        carrierId: 'c-1',
        admittedOn: d('2025-01-01'),
        graduation: { ...NO_GRADUATION_FACTS, highTechEnterprise: true },
      },
    ];
    const policies = { 'c-1': policy, 'c-2': policyForCarrier({ incubationMonths: 60 }) };
    const list = incubationWatchList(
      residents,
      (id) => policies[id as keyof typeof policies],
      d('2025-12-01'),
    );
    expect(list.nearLimit.map((r) => r.applicationId)).toEqual(['b', 'a']);
    expect(list.qualifying.map((r) => [r.applicationId, r.conditions])).toEqual([
      ['d', ['high-tech-enterprise']],
    ]);
  });
});
