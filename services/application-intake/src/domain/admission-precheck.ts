import { addMonths, fullMonthsBetween } from './calendar.js';
import type { IncubationPolicy } from './incubation-policy.js';
import {
  checkUnifiedSocialCreditCode,
  type CreditCodeProblem,
} from './unified-social-credit-code.js';

export interface CompanyFacts {
  creditCode?: string | null;
  /** Registration date (成立日期), YYYY-MM-DD. */
  foundedOn?: string | null;
}

export type PrecheckFlag =
  | { code: 'credit-code-invalid'; problem: CreditCodeProblem }
  | { code: 'company-older-than-limit'; ageMonths: number; limitMonths: number }
  | { code: 'founded-in-future' }
  | { code: 'no-company-yet' };

export interface PrecheckResult {
  /** False only for facts that are plainly wrong; an old company is flagged, not refused. */
  acceptable: boolean;
  companyAgeMonths: number | null;
  flags: PrecheckFlag[];
}

/**
 * The admission pre-check shown to the founder before submitting and to reviewers.
 * A team without a registered company yet is allowed (flagged so reviewers see it).
 */
export function precheckAdmission(
  company: CompanyFacts,
  policy: IncubationPolicy,
  today: Date,
): PrecheckResult {
  const flags: PrecheckFlag[] = [];
  let acceptable = true;
  if (!company.creditCode && !company.foundedOn) {
    return { acceptable, companyAgeMonths: null, flags: [{ code: 'no-company-yet' }] };
  }
  if (company.creditCode) {
    const check = checkUnifiedSocialCreditCode(company.creditCode);
    if (!check.valid) {
      flags.push({ code: 'credit-code-invalid', problem: check.problem });
      acceptable = false;
    }
  }
  let companyAgeMonths: number | null = null;
  if (company.foundedOn) {
    const foundedOn = new Date(`${company.foundedOn.slice(0, 10)}T00:00:00Z`);
    companyAgeMonths = fullMonthsBetween(foundedOn, today);
    if (foundedOn.getTime() > today.getTime()) {
      flags.push({ code: 'founded-in-future' });
      acceptable = false;
    } else if (today.getTime() > addMonths(foundedOn, policy.maxCompanyAgeMonths).getTime()) {
      // "Older than 24 months" means strictly past the 24-month anniversary.
      flags.push({
        code: 'company-older-than-limit',
        ageMonths: companyAgeMonths,
        limitMonths: policy.maxCompanyAgeMonths,
      });
    }
  }
  return { acceptable, companyAgeMonths, flags };
}
