import { isEmail, normalizeChinaMobile } from './contact-validation.js';
import { DomainValidationError, type FieldError } from './errors.js';
import { checkUnifiedSocialCreditCode } from './unified-social-credit-code.js';

export interface Applicant {
  name: string;
  mobile: string;
  email: string;
}

export interface TeamMember {
  name: string;
  role: string;
}

export interface Project {
  name: string;
  summary: string;
  industry: string;
  stage: 'idea' | 'prototype' | 'early_revenue' | 'growth';
  intellectualProperty?: string[];
  fundingToDateYuan?: number;
}

export interface Needs {
  spaceSquareMeters: number;
  mentoring: boolean;
  financing: boolean;
  training: boolean;
  sharedInstruments: boolean;
  policyHelp: boolean;
}

export interface Attachment {
  name: string;
  sizeBytes: number;
  contentType: string;
  url: string;
}

export interface Company {
  name: string;
  creditCode?: string | null;
  /** Registration date, YYYY-MM-DD. */
  foundedOn?: string | null;
}

/** Consent to personal-information processing (PIPL art. 13–14), with when it was given. */
export interface Consent {
  accepted: boolean;
  policyVersion: string;
  /** When the founder gave it (ISO 8601). */
  at: string;
}

export interface ApplicationContent {
  applicant: Applicant;
  company?: Company | null;
  team: TeamMember[];
  project: Project;
  needs: Partial<Needs>;
  attachments: Attachment[];
  consent: Consent;
}

/** A draft: any section may still be missing. */
export type DraftContent = Partial<ApplicationContent>;

export const TEXT_LIMITS = {
  name: 100,
  summary: 5000,
  role: 100,
  industry: 100,
  url: 2048,
} as const;
export const MAX_TEAM_MEMBERS = 50;
export const MAX_ATTACHMENTS = 20;
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

const REQUIRED_TO_SUBMIT = ['applicant', 'project', 'consent'] as const;

/**
 * The business checks on a draft's sections that are present (the API schema already fixed
 * shapes and types): contacts, consent, credit code, founding date, lengths. Returns the
 * content with the mobile number normalised.
 */
export function validateDraftContent(content: DraftContent): DraftContent {
  const errors: FieldError[] = [];
  const tooLong = (path: string, value: string | undefined, limit: number) => {
    if (value !== undefined && value.length > limit) {
      errors.push({ path, message: `must be at most ${limit} characters` });
    }
  };
  let mobile: string | null = null;
  if (content.applicant) {
    mobile = normalizeChinaMobile(content.applicant.mobile);
    if (!mobile)
      errors.push({ path: 'applicant.mobile', message: 'must be a China mainland mobile number' });
    if (!isEmail(content.applicant.email))
      errors.push({ path: 'applicant.email', message: 'must be an email address' });
    if (!content.applicant.name.trim())
      errors.push({ path: 'applicant.name', message: 'must not be empty' });
    tooLong('applicant.name', content.applicant.name, TEXT_LIMITS.name);
  }
  if (content.consent && content.consent.accepted !== true) {
    errors.push({
      path: 'consent.accepted',
      message: 'consent to personal-information processing is required',
    });
  }
  if (content.company?.creditCode) {
    const check = checkUnifiedSocialCreditCode(content.company.creditCode);
    if (!check.valid) {
      errors.push({
        path: 'company.creditCode',
        message: `not a unified social credit code (${check.problem})`,
      });
    }
  }
  if (content.company?.foundedOn && Number.isNaN(Date.parse(content.company.foundedOn))) {
    errors.push({ path: 'company.foundedOn', message: 'must be a date' });
  }
  if (content.project) {
    tooLong('project.name', content.project.name, TEXT_LIMITS.name);
    tooLong('project.summary', content.project.summary, TEXT_LIMITS.summary);
    tooLong('project.industry', content.project.industry, TEXT_LIMITS.industry);
  }
  const team = content.team ?? [];
  if (team.length > MAX_TEAM_MEMBERS)
    errors.push({ path: 'team', message: `at most ${MAX_TEAM_MEMBERS} members` });
  team.forEach((member, i) => {
    tooLong(`team.${i}.name`, member.name, TEXT_LIMITS.name);
    tooLong(`team.${i}.role`, member.role, TEXT_LIMITS.role);
  });
  const attachments = content.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS) {
    errors.push({ path: 'attachments', message: `at most ${MAX_ATTACHMENTS} attachments` });
  }
  attachments.forEach((attachment, i) => {
    if (attachment.sizeBytes > MAX_ATTACHMENT_BYTES) {
      errors.push({
        path: `attachments.${i}.sizeBytes`,
        message: `must be at most ${MAX_ATTACHMENT_BYTES} bytes`,
      });
    }
    if (!/^https:\/\//.test(attachment.url))
      errors.push({ path: `attachments.${i}.url`, message: 'must be an https URL' });
    tooLong(`attachments.${i}.url`, attachment.url, TEXT_LIMITS.url);
  });
  if (errors.length) throw new DomainValidationError(errors);
  return mobile && content.applicant
    ? { ...content, applicant: { ...content.applicant, mobile } }
    : content;
}

/** Everything a draft needs before it can be submitted, plus the checks on each section. */
export function validateForSubmission(content: DraftContent): ApplicationContent {
  const missing = REQUIRED_TO_SUBMIT.filter((section) => content[section] == null);
  if (missing.length) {
    throw new DomainValidationError(
      missing.map((section) => ({ path: section, message: 'is required to submit' })),
    );
  }
  const checked = validateDraftContent(content);
  return { team: [], needs: {}, attachments: [], ...checked } as ApplicationContent;
}
