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
  intellectualProperty: string[];
  fundingToDateYuan: number;
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
  creditCode: string | null;
  foundedOn: Date | null;
}

/** Consent to personal-information processing (PIPL art. 13–14), with when it was given. */
export interface Consent {
  accepted: boolean;
  policyVersion: string;
  at: Date;
}

export interface ApplicationContent {
  applicant: Applicant;
  company: Company | null;
  team: TeamMember[];
  project: Project;
  needs: Needs;
  attachments: Attachment[];
  consent: Consent;
}

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

/**
 * The business checks on content (the API schema already fixed shapes and types):
 * contacts, consent, credit code, lengths. Returns the content with the mobile normalised.
 */
export function validateApplicationContent(content: ApplicationContent): ApplicationContent {
  const errors: FieldError[] = [];
  const tooLong = (path: string, value: string, limit: number) => {
    if (value.length > limit) errors.push({ path, message: `must be at most ${limit} characters` });
  };
  const mobile = normalizeChinaMobile(content.applicant.mobile);
  if (!mobile)
    errors.push({ path: 'applicant.mobile', message: 'must be a China mainland mobile number' });
  if (!isEmail(content.applicant.email))
    errors.push({ path: 'applicant.email', message: 'must be an email address' });
  if (!content.applicant.name.trim())
    errors.push({ path: 'applicant.name', message: 'must not be empty' });
  tooLong('applicant.name', content.applicant.name, TEXT_LIMITS.name);
  if (content.consent.accepted !== true) {
    errors.push({
      path: 'consent.accepted',
      message: 'consent to personal-information processing is required',
    });
  }
  if (content.company?.creditCode) {
    const check = checkUnifiedSocialCreditCode(content.company.creditCode);
    if (!check.valid)
      errors.push({
        path: 'company.creditCode',
        message: `not a unified social credit code (${check.problem})`,
      });
  }
  tooLong('project.name', content.project.name, TEXT_LIMITS.name);
  tooLong('project.summary', content.project.summary, TEXT_LIMITS.summary);
  tooLong('project.industry', content.project.industry, TEXT_LIMITS.industry);
  if (content.team.length > MAX_TEAM_MEMBERS)
    errors.push({ path: 'team', message: `at most ${MAX_TEAM_MEMBERS} members` });
  content.team.forEach((member, i) => {
    tooLong(`team.${i}.name`, member.name, TEXT_LIMITS.name);
    tooLong(`team.${i}.role`, member.role, TEXT_LIMITS.role);
  });
  if (content.attachments.length > MAX_ATTACHMENTS) {
    errors.push({ path: 'attachments', message: `at most ${MAX_ATTACHMENTS} attachments` });
  }
  content.attachments.forEach((attachment, i) => {
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
  return { ...content, applicant: { ...content.applicant, mobile: mobile! } };
}
