// Apply: the multi-step form, validated as application-intake validates it (the patterns and
// limits of the OpenAPI document), kept as a local draft and turned into the API's input.
import type { IntakeApi } from '@shuangchuang/contracts';

export type ApplicationInput = IntakeApi.components['schemas']['ApplicationInput'];
export type ProjectStage = IntakeApi.components['schemas']['Project']['stage'];

/** The version of the personal-information notice the consent step shows. */
export const POLICY_VERSION = '2026-01';

export interface ApplyForm {
  carrierId: string;
  /** 企业注册情况: a registered company, or a team without one yet */
  registered: 'yes' | 'no' | '';
  /** 成立日期, YYYY-MM-DD */
  foundedOn: string;
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
  /** when the consent box was ticked: the same instant on every retry of the submission */
  consentAt?: string;
}

export type FieldName = keyof ApplyForm;
export type FieldErrors = Partial<Record<FieldName, string>>;

export function emptyForm(carrierId: string): ApplyForm {
  return {
    carrierId,
    registered: '',
    foundedOn: '',
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
  key: 'conditions' | 'applicant' | 'project' | 'needs' | 'consent';
  title: string;
  fields: FieldName[];
}

/**
 * The conditions come first: what the admission pre-check answers on (founding date, credit
 * code) and the field, so a founder the carrier cannot admit learns it before filling the rest.
 */
export const steps: Step[] = [
  {
    key: 'conditions',
    title: '入孵条件',
    fields: ['registered', 'foundedOn', 'creditCode', 'industry'],
  },
  { key: 'applicant', title: '联系人', fields: ['applicantName', 'mobile', 'email'] },
  {
    key: 'project',
    title: '企业与项目',
    fields: ['companyName', 'projectName', 'projectSummary', 'stage'],
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
  { key: 'consent', title: '授权提交', fields: ['consent'] },
];

/** Fields a founder must fill (marked * and aria-required on the form). */
export function isRequired(form: ApplyForm, field: FieldName): boolean {
  switch (field) {
    case 'registered':
    case 'industry':
    case 'applicantName':
    case 'mobile':
    case 'email':
    case 'projectName':
    case 'projectSummary':
    case 'stage':
    case 'consent':
      return true;
    case 'foundedOn':
    case 'companyName':
      return form.registered === 'yes';
    default:
      return false;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** digits with at most two decimals: no sign, no unit, nothing the form would have to change */
const AREA = /^\d{1,6}(\.\d{1,2})?$/;

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

export function validateField(
  form: ApplyForm,
  field: FieldName,
  today: Date = new Date(),
): string | undefined {
  switch (field) {
    case 'registered':
      return form.registered ? undefined : '请选择企业注册情况';
    case 'foundedOn': {
      if (form.registered !== 'yes') return undefined;
      if (!form.foundedOn) return '请选择企业成立日期';
      if (!DATE.test(form.foundedOn) || Number.isNaN(Date.parse(form.foundedOn)))
        return '成立日期格式应为 年-月-日';
      if (form.foundedOn > today.toISOString().slice(0, 10)) return '成立日期不能晚于今天';
      return undefined;
    }
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
      if (form.registered === 'yes' && !form.companyName.trim()) return '请填写企业名称';
      return form.companyName.length > 100 ? '企业名称不能超过100个字' : undefined;
    case 'creditCode': {
      const code = form.creditCode.trim().toUpperCase();
      if (!code || form.registered !== 'yes') return undefined;
      return isValidCreditCode(code)
        ? undefined
        : '统一社会信用代码有误（18位，请核对最后一位校验码）';
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
      const text = form.spaceSquareMeters.trim();
      if (!text) return undefined;
      if (!AREA.test(text) || Number(text) > 100000)
        return '面积请填写0到100000之间的数字（不带负号和单位，最多两位小数）';
      return undefined;
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
  if (form.registered === 'yes' && form.companyName.trim()) {
    input.company = {
      name: form.companyName.trim(),
      creditCode: form.creditCode.trim() ? form.creditCode.trim().toUpperCase() : null,
      foundedOn: DATE.test(form.foundedOn) ? form.foundedOn : null,
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
  // a value the form refuses is never sent, nor changed into one it accepts
  const area = AREA.test(form.spaceSquareMeters.trim())
    ? Number(form.spaceSquareMeters.trim())
    : undefined;
  input.needs = {
    ...(area !== undefined && area <= 100000 ? { spaceSquareMeters: area } : {}),
    mentoring: form.mentoring,
    financing: form.financing,
    training: form.training,
    sharedInstruments: form.sharedInstruments,
    policyHelp: form.policyHelp,
  };
  if (form.consent) {
    input.consent = {
      accepted: true,
      policyVersion: POLICY_VERSION,
      at: form.consentAt ?? now.toISOString(),
    };
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
    'company/foundedOn': 'foundedOn',
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
