// Admission and graduation defaults from 《科技企业孵化器管理办法》(国科发区〔2018〕300号);
// each carrier may override any of them.

export interface IncubationPolicy {
  /** Companies registered longer ago than this are flagged at admission (300号: 不超过24个月). */
  maxCompanyAgeMonths: number;
  /** Incubation term (300号: 原则上不超过48个月). */
  incubationMonths: number;
  /** A company this close to the end of its term is listed as near the limit. */
  nearLimitMonths: number;
  /** Cumulative funding above which a company qualifies to graduate (¥). */
  graduationFundingYuan: number;
  /** Revenue of two consecutive years together above which a company qualifies (¥). */
  graduationTwoYearRevenueYuan: number;
}

export const DEFAULT_INCUBATION_POLICY: IncubationPolicy = Object.freeze({
  maxCompanyAgeMonths: 24,
  incubationMonths: 48,
  nearLimitMonths: 6,
  graduationFundingYuan: 5_000_000,
  graduationTwoYearRevenueYuan: 10_000_000,
});

/** The carrier's overrides on top of the national defaults; unknown or invalid values are ignored. */
export function policyForCarrier(
  overrides: Partial<IncubationPolicy> | null | undefined,
): IncubationPolicy {
  const policy: IncubationPolicy = { ...DEFAULT_INCUBATION_POLICY };
  for (const key of Object.keys(DEFAULT_INCUBATION_POLICY) as (keyof IncubationPolicy)[]) {
    const value = overrides?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) policy[key] = value;
  }
  return policy;
}

/** The policy fields of a carrier's settings input; anything else in it is not a policy field. */
export function policyOverridesOf(input: Record<string, unknown>): Partial<IncubationPolicy> {
  return Object.fromEntries(
    Object.entries(input).filter(([key]) => key in DEFAULT_INCUBATION_POLICY),
  ) as Partial<IncubationPolicy>;
}
