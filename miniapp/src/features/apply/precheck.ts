// The admission pre-check, live on the first step: application-intake's /admission-precheck
// (founding date against the carrier's limit, the credit code's check character) plus what the
// carrier's own profile says (accepting applications, focus fields). A refusal stops the form
// before the founder fills the rest.
import type { IntakeApi, IntakeClient } from '@shuangchuang/contracts';
import { errorMessage, unwrap } from '../../services/problem';
import { POLICY_NUMBER } from '../carrier/rules';
import type { ApplyForm } from './form';

export type PrecheckResult = IntakeApi.components['schemas']['PrecheckResult'];
type PrecheckFlag = PrecheckResult['flags'][number];

/** The field the founder picks when theirs is none of the carrier's focus fields. */
export const OTHER_FIELD = '其他领域';

export type Verdict =
  | { status: 'incomplete'; lines: string[] }
  | { status: 'checking'; lines: string[] }
  | { status: 'ok'; lines: string[] }
  | { status: 'warn'; lines: string[] }
  | { status: 'refused'; lines: string[] }
  | { status: 'error'; lines: string[] };

export interface CarrierFacts {
  accepting: boolean;
  focusIndustries: string[];
}

/** What the pre-check needs from the form, or null while it is not filled enough to ask. */
export function precheckInput(
  form: ApplyForm,
): { carrierId: string; creditCode?: string; foundedOn?: string } | null {
  if (form.registered === 'no') return { carrierId: form.carrierId };
  if (form.registered !== 'yes' || !/^\d{4}-\d{2}-\d{2}$/.test(form.foundedOn)) return null;
  const creditCode = form.creditCode.trim().toUpperCase();
  return {
    carrierId: form.carrierId,
    foundedOn: form.foundedOn,
    // a half-typed code is not asked about; the form's own check speaks first
    ...(creditCode.length === 18 && { creditCode }),
  };
}

export function askPrecheck(
  intake: IntakeClient,
  input: NonNullable<ReturnType<typeof precheckInput>>,
): Promise<PrecheckResult> {
  return unwrap(intake.POST('/admission-precheck', { body: input }));
}

function flagLine(flag: PrecheckFlag): string {
  switch (flag.code) {
    case 'company-older-than-limit':
      return `企业成立已${flag.ageMonths}个月，超过本载体要求的${flag.limitMonths}个月，无法申请入孵（依据${POLICY_NUMBER}）。可以看看加速器或科技园区。`;
    case 'founded-in-future':
      return '成立日期晚于今天，请核对营业执照上的成立日期';
    case 'credit-code-invalid':
      return '统一社会信用代码校验未通过，请核对营业执照';
    case 'no-company-yet':
      return '尚未注册企业的创业团队可以申请，入孵后再办理工商注册';
  }
}

/** The carrier's and the service's answers as one verdict: refused, a warning, or fine. */
export function verdictOf(
  result: PrecheckResult | null,
  carrier: CarrierFacts,
  form: Pick<ApplyForm, 'industry'>,
): Verdict {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const fine: string[] = [];
  if (!carrier.accepting) refusals.push('该载体目前暂停受理入孵申请，可以关注它，开放后会通知您');
  for (const flag of result?.flags ?? []) {
    const line = flagLine(flag);
    if (flag.code === 'no-company-yet') fine.push(line);
    else refusals.push(line);
  }
  if (result && result.companyAgeMonths !== null && !refusals.length)
    fine.push(`企业成立${result.companyAgeMonths}个月，符合注册时间要求`);
  if (carrier.focusIndustries.length && form.industry) {
    if (form.industry === OTHER_FIELD)
      warnings.push(
        `您的领域不在本载体的重点领域（${carrier.focusIndustries.join('、')}）内，可能不予受理`,
      );
    else if (carrier.focusIndustries.includes(form.industry))
      fine.push(`${form.industry}是本载体的重点领域`);
  }
  if (refusals.length) return { status: 'refused', lines: refusals };
  if (!result) return { status: 'incomplete', lines: [...warnings, ...fine] };
  if (warnings.length) return { status: 'warn', lines: [...warnings, ...fine] };
  return { status: 'ok', lines: fine };
}

export function precheckFailed(error: unknown): Verdict {
  return { status: 'error', lines: [`暂时无法检查入孵条件：${errorMessage(error)}`] };
}

/** The founder may go on past the conditions step. */
export function mayContinue(verdict: Verdict): boolean {
  return verdict.status === 'ok' || verdict.status === 'warn';
}
