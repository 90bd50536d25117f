import { describe, expect, it } from 'vitest';
import {
  mayContinue,
  OTHER_FIELD,
  precheckInput,
  verdictOf,
  type PrecheckResult,
} from '../src/features/apply/precheck';
import { fieldErrorsOf, submissionMessage } from '../src/features/apply/submission-errors';
import { ApiError } from '../src/services/problem';
import { completeForm } from './fixtures';

const open = { accepting: true, focusIndustries: ['智能制造', '电子信息'] };
const tooOld: PrecheckResult = {
  acceptable: true,
  companyAgeMonths: 30,
  flags: [{ code: 'company-older-than-limit', ageMonths: 30, limitMonths: 24 }],
};
const young: PrecheckResult = { acceptable: true, companyAgeMonths: 8, flags: [] };

describe('the admission pre-check on the first step', () => {
  it('asks only once the conditions are filled', () => {
    expect(precheckInput({ ...completeForm(), registered: '' })).toBeNull();
    expect(precheckInput({ ...completeForm(), foundedOn: '' })).toBeNull();
    expect(precheckInput({ ...completeForm(), registered: 'no' })).toEqual({
      carrierId: '665f1c2ab8e4a1f3c9d20001',
    });
    expect(precheckInput(completeForm())).toEqual({
      carrierId: '665f1c2ab8e4a1f3c9d20001',
      foundedOn: '2025-03-18',
      creditCode: '91371400MA3C8U8X2W',
    });
    expect(precheckInput({ ...completeForm(), creditCode: '9137' })).not.toHaveProperty(
      'creditCode',
    );
  });

  it('refuses a company older than the limit, naming the policy, and stops the form', () => {
    const verdict = verdictOf(tooOld, open, { industry: '智能制造' });
    expect(verdict.status).toBe('refused');
    expect(verdict.lines[0]).toContain('企业成立已30个月，超过本载体要求的24个月，无法申请入孵');
    expect(verdict.lines[0]).toContain('国科发区〔2018〕300号');
    expect(mayContinue(verdict)).toBe(false);
  });

  it('refuses when the carrier does not accept applications', () => {
    const verdict = verdictOf(young, { ...open, accepting: false }, { industry: '智能制造' });
    expect(verdict.status).toBe('refused');
    expect(verdict.lines[0]).toContain('暂停受理');
  });

  it('warns when the field is none of the carrier’s focus fields, and lets the founder go on', () => {
    const verdict = verdictOf(young, open, { industry: OTHER_FIELD });
    expect(verdict.status).toBe('warn');
    expect(verdict.lines[0]).toContain('智能制造、电子信息');
    expect(mayContinue(verdict)).toBe(true);
  });

  it('says yes to a young company in a focus field and to a team without a company', () => {
    const ok = verdictOf(young, open, { industry: '智能制造' });
    expect(ok).toEqual({
      status: 'ok',
      lines: ['企业成立8个月，符合注册时间要求', '智能制造是本载体的重点领域'],
    });
    const team = verdictOf(
      { acceptable: true, companyAgeMonths: null, flags: [{ code: 'no-company-yet' }] },
      open,
      { industry: '电子信息' },
    );
    expect(team.status).toBe('ok');
    expect(verdictOf(null, open, { industry: '' }).status).toBe('incomplete');
  });
});

describe('a refused submission, in Chinese', () => {
  it('names the fields of a 422 in the form’s words', () => {
    const error = new ApiError(422, 'Unprocessable', 'applicant is required', [
      { path: '/applicant/mobile', message: 'must match pattern' },
    ]);
    expect(fieldErrorsOf(error)).toEqual({ mobile: '请填写正确的中国大陆手机号' });
    expect(submissionMessage(error)).toBe('还有内容需要补充或更正，请查看标红的项目');
  });

  it('tells the 409s apart', () => {
    expect(
      submissionMessage(
        new ApiError(409, 'Conflict', 'carrier x is not accepting applications', [
          { path: 'carrierId', message: 'x' },
        ]),
      ),
    ).toBe('该载体已暂停受理入孵申请，申请未提交');
    expect(
      submissionMessage(
        new ApiError(
          409,
          'Conflict',
          'the founder already has an open application to this carrier',
        ),
      ),
    ).toBe('您已向该载体提交过申请，请在“我的申请”中查看进度');
    expect(
      submissionMessage(
        new ApiError(
          409,
          'Conflict',
          'a request with this Idempotency-Key is still being processed; retry shortly',
        ),
      ),
    ).toBe('申请正在提交中，请稍候');
    expect(
      submissionMessage(
        new ApiError(409, 'Conflict', 'an application cannot go from submitted to submitted'),
      ),
    ).toBe('申请状态已变化，请在“我的申请”中查看最新进度');
  });
});
