// The entry rules a founder sees before applying: the carrier's own requirements and the
// admission policy in force (国科发区〔2018〕300号 defaults with the carrier's overrides).
import type { IntakeApi, IntakeClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';
import type { Carrier } from './profile';

export type IntakePolicy = IntakeApi.components['schemas']['IntakePolicy'];

export const POLICY_NUMBER = '国科发区〔2018〕300号';
export const POLICY_SOURCE = `《科技企业孵化器管理办法》（${POLICY_NUMBER}）`;

/** The policy in force, or null when application-intake does not answer (rules still show). */
export async function loadIntakePolicy(
  intake: IntakeClient,
  carrierId: string,
): Promise<IntakePolicy | null> {
  try {
    return await unwrap(
      intake.GET('/carriers/{carrierId}/intake-policy', { params: { path: { carrierId } } }),
    );
  } catch {
    return null;
  }
}

function yuan(amount: number): string {
  return amount >= 10_000 ? `${(amount / 10_000).toLocaleString('zh-CN')}万元` : `${amount}元`;
}

/** The rules as lines, the carrier's own first. */
export function entryRules(
  carrier: Pick<Carrier, 'intake' | 'focusIndustries'>,
  policy: IntakePolicy | null,
): string[] {
  const rules: string[] = [];
  if (carrier.intake.requirements) rules.push(carrier.intake.requirements);
  if (carrier.focusIndustries?.length)
    rules.push(`重点领域：${carrier.focusIndustries.join('、')}`);
  if (policy) {
    rules.push(`企业注册时间不超过${policy.maxCompanyAgeMonths}个月（尚未注册的创业团队也可申请）`);
    rules.push(`孵化期限一般不超过${policy.incubationMonths}个月`);
    rules.push(
      `毕业条件之一：累计获得投融资超过${yuan(policy.graduationFundingYuan)}，或连续两年营业收入合计超过${yuan(policy.graduationTwoYearRevenueYuan)}`,
    );
  }
  return rules;
}
