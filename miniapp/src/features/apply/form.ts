// Apply: the multi-step form, validated as application-intake validates it (the patterns and
// limits of the OpenAPI document), kept as a local draft and turned into the API's input.
import type { IntakeApi } from '@shuangchuang/contracts';

export type ApplicationInput = IntakeApi.components['schemas']['ApplicationInput'];
export type ProjectStage = IntakeApi.components['schemas']['Project']['stage'];

/** The version of the personal-information notice the consent step shows. */
export const POLICY_VERSION = '2026-01';

export interface ApplyForm {
  carrierId: string;
  applicantName: string;
  mobile: string;
  email: string;
  companyName: string;
  creditCode: string;
  projectName: string;
  projectSummary: string;
  industry: string;
  stage: ProjectStage | '';
  spaceSquareMeters: string;
  mentoring: boolean;
  financing: boolean;
  training: boolean;
  sharedInstruments: boolean;
  policyHelp: boolean;
  consent: boolean;
}

export type FieldName = keyof ApplyForm;
export type FieldErrors = Partial<Record<FieldName, string>>;

export function emptyForm(carrierId: string): ApplyForm {
  return {
    carrierId,
    applicantName: '',
    mobile: '',
    email: '',
    companyName: '',
    creditCode: '',
    projectName: '',
    projectSummary: '',
    industry: '',
    stage: '',
    spaceSquareMeters: '',
    mentoring: false,
    financing: false,
    training: false,
    sharedInstruments: false,
    policyHelp: false,
    consent: false,
  };
}

export const stageLabels: Record<ProjectStage, string> = {
  idea: '创意阶段',
  prototype: '原型/样品',
  early_revenue: '初步营收',
  growth: '成长期',
};

export interface Step {
  key: 'applicant' | 'project' | 'needs' | 'consent';
  title: string;
  fields: FieldName[];
}

export const steps: Step[] = [
  { key: 'applicant', title: '联系人', fields: ['applicantName', 'mobile', 'email'] },
  {
    key: 'project',
    title: '企业与项目',
    fields: ['companyName', 'creditCode', 'projectName', 'projectSummary', 'industry', 'stage'],
  },
  {
    key: 'needs',
    title: '入孵需求',
    fields: [
      'spaceSquareMeters',
      'mentoring',
      'financing',
      'training',
      'sharedInstruments',
      'policyHelp',
    ],
  },
  { key: 'consent', title: '个人信息授权', fields: ['consent'] },
];

// The Applicant schema's mobile pattern, verbatim.
const MOBILE = /^(\+?86[- ]?)?1[3-9]\d{9}$/;
// The email shape application-intake checks (local part ≤ 64, no '..', total ≤ 254).
const EMAIL =
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmail(input: string): boolean {
  if (input.length > 254 || input.includes('..')) return false;
  const [local] = input.split('@');
  if (!local || local.length > 64 || local.startsWith('.') || local.endsWith('.')) return false;
  return EMAIL.test(input);
}
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 with its GB 32100-2015 check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(code[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  const check = CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check;
}

function requiredText(value: string, max: number, label: string): string | undefined {
  if (!value.trim()) return `请填写${label}`;
  if (value.length > max) return `${label}不能超过${max}个字`;
  return undefined;
}

export function validateField(form: ApplyForm, field: FieldName): string | undefined {
  switch (field) {
    case 'applicantName':
      return requiredText(form.applicantName, 100, '联系人姓名');
    case 'mobile':
      if (!form.mobile.trim()) return '请填写手机号';
      return MOBILE.test(form.mobile.trim()) ? undefined : '请输入正确的中国大陆手机号';
    case 'email':
      if (!form.email.trim()) return '请填写邮箱';
      if (!isEmail(form.email.trim())) return '请输入正确的邮箱地址';
      return undefined;
    case 'companyName':
      return form.companyName.length > 100 ? '企业名称不能超过100个字' : undefined;
    case 'creditCode': {
      const code = form.creditCode.trim().toUpperCase();
      if (!code) return undefined;
      if (!form.companyName.trim()) return '填写信用代码前请先填写企业名称';
      return isValidCreditCode(code) ? undefined : '统一社会信用代码有误';
    }
    case 'projectName':
      return requiredText(form.projectName, 100, '项目名称');
    case 'projectSummary':
      return requiredText(form.projectSummary, 5000, '项目简介');
    case 'industry':
      return requiredText(form.industry, 100, '所属行业');
    case 'stage':
      return form.stage ? undefined : '请选择项目阶段';
    case 'spaceSquareMeters': {
      if (!form.spaceSquareMeters.trim()) return undefined;
      const area = Number(form.spaceSquareMeters);
      return Number.isFinite(area) && area >= 0 && area <= 100000
        ? undefined
        : '面积应为0到100000之间的数字';
    }
    case 'consent':
      return form.consent ? undefined : '提交前请阅读并同意个人信息处理规则';
    default:
      return undefined;
  }
}

export function validateFields(form: ApplyForm, fields: FieldName[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const message = validateField(form, field);
    if (message) errors[field] = message;
  }
  return errors;
}

export function validateStep(form: ApplyForm, stepIndex: number): FieldErrors {
  return validateFields(form, steps[stepIndex]?.fields ?? []);
}

export function validateAll(form: ApplyForm): FieldErrors {
  return validateFields(
    form,
    steps.flatMap((step) => step.fields),
  );
}

/** The first step with an error, or -1. */
export function firstInvalidStep(form: ApplyForm): number {
  return steps.findIndex((_, index) => Object.keys(validateStep(form, index)).length > 0);
}

/** The API input: only what was filled (a draft may be incomplete), consent stamped at `now`. */
export function toApplicationInput(form: ApplyForm, now: Date = new Date()): ApplicationInput {
  const input: ApplicationInput = { carrierId: form.carrierId };
  if (form.applicantName.trim() || form.mobile.trim() || form.email.trim()) {
    input.applicant = {
      name: form.applicantName.trim(),
      mobile: form.mobile.trim(),
      email: form.email.trim(),
    };
  }
  if (form.companyName.trim()) {
    input.company = {
      name: form.companyName.trim(),
      creditCode: form.creditCode.trim() ? form.creditCode.trim().toUpperCase() : null,
    };
  }
  if (form.projectName.trim() && form.stage) {
    input.project = {
      name: form.projectName.trim(),
      summary: form.projectSummary.trim(),
      industry: form.industry.trim(),
      stage: form.stage,
    };
  }
  const area = form.spaceSquareMeters.trim() ? Number(form.spaceSquareMeters) : undefined;
  input.needs = {
    ...(area !== undefined && Number.isFinite(area) ? { spaceSquareMeters: area } : {}),
    mentoring: form.mentoring,
    financing: form.financing,
    training: form.training,
    sharedInstruments: form.sharedInstruments,
    policyHelp: form.policyHelp,
  };
  if (form.consent) {
    input.consent = { accepted: true, policyVersion: POLICY_VERSION, at: now.toISOString() };
  }
  return input;
}

/** Maps the API's problem `errors[].path` (e.g. `/applicant/mobile`) back to a form field. */
export function fieldOfPath(path: string): FieldName | undefined {
  const map: Record<string, FieldName> = {
    'applicant/name': 'applicantName',
    'applicant/mobile': 'mobile',
    'applicant/email': 'email',
    'company/name': 'companyName',
    'company/creditCode': 'creditCode',
    'project/name': 'projectName',
    'project/summary': 'projectSummary',
    'project/industry': 'industry',
    'project/stage': 'stage',
    'needs/spaceSquareMeters': 'spaceSquareMeters',
    consent: 'consent',
    'consent/accepted': 'consent',
  };
  const key = path
    .replace(/^[#/.]*(body[/.])?/, '')
    .replace(/\./g, '/')
    .replace(/^\/+/, '');
  return map[key];
}
