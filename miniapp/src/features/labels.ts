// Chinese labels of the glossary enums, typed by the generated contracts so a new enum value
// breaks the compiler here.
import type { IntakeApi, NewsFeedApi, RegistryApi } from '@shuangchuang/contracts';

type RegistrySchemas = RegistryApi.components['schemas'];
export type CarrierKind = RegistrySchemas['Carrier']['kind'];
export type CarrierLevel = NonNullable<RegistrySchemas['Carrier']['level']>;
type ServiceGroups = NonNullable<RegistrySchemas['Carrier']['services']>;
export type ServiceCode =
  | NonNullable<ServiceGroups['basic']>[number]
  | NonNullable<ServiceGroups['professional']>[number]
  | NonNullable<ServiceGroups['valueAdded']>[number];
export type ApplicationStatus = IntakeApi.components['schemas']['Application']['status'];
export type ArticleKind = NewsFeedApi.components['schemas']['ArticleSummary']['kind'];

export const kindLabels: Record<CarrierKind, string> = {
  maker_space: '众创空间',
  specialized_maker_space: '专业化众创空间',
  incubator: '科技企业孵化器',
  accelerator: '加速器',
  science_park: '科技园区',
  university_science_park: '大学科技园',
  nursery: '创业苗圃',
  demo_base: '双创示范基地',
};

export const levelLabels: Record<CarrierLevel, string> = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  county: '县级',
};

export const serviceLabels: Record<ServiceCode, string> = {
  space_and_facilities: '场地与设施',
  property: '物业服务',
  company_registration: '工商注册',
  policy_consultation: '政策咨询',
  technology_rd: '技术研发',
  investment_financing: '投融资',
  intellectual_property: '知识产权',
  market_sales: '市场营销',
  talent_training: '人才培训',
  mentoring: '创业辅导',
  carrier_investment: '孵化器投资',
  industry_resources: '产业资源',
  internationalisation: '国际化',
};

export const serviceGroupLabels: Record<keyof ServiceGroups, string> = {
  basic: '基础服务',
  professional: '专业服务',
  valueAdded: '增值服务',
};

export const statusLabels: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  under_review: '审核中',
  info_requested: '待补充材料',
  resubmitted: '已重新提交',
  interview_scheduled: '待面试',
  accepted: '已通过',
  rejected: '未通过',
  admitted: '已入孵',
  graduated: '已毕业',
  withdrawn: '已撤回',
};

export const articleKindLabels: Record<ArticleKind, string> = {
  news: '新闻',
  policy: '政策',
  notice: '通知公告',
  event: '活动',
};

export function entries<K extends string>(
  labels: Record<K, string>,
): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
