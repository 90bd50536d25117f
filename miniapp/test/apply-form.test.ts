import { describe, expect, it } from 'vitest';
import {
  emptyForm,
  fieldOfPath,
  firstInvalidStep,
  isEmail,
  isValidCreditCode,
  POLICY_VERSION,
  steps,
  toApplicationInput,
  validateAll,
  validateField,
  validateStep,
} from '../src/features/apply/form';
import { completeForm } from './fixtures';

describe('apply form validation (as application-intake validates)', () => {
  it.each(['13912345678', '+8613912345678', '86 13912345678', '+86-19912345678'])(
    'accepts the mobile %s',
    (mobile) => {
      expect(validateField({ ...completeForm(), mobile }, 'mobile')).toBeUndefined();
    },
  );

  it.each(['12912345678', '1391234567', '139123456789', '02012345678', 'abc', '+1 13912345678'])(
    'refuses the mobile %s',
    (mobile) => {
      expect(validateField({ ...completeForm(), mobile }, 'mobile')).toBe(
        '请输入正确的中国大陆手机号',
      );
    },
  );

  it('asks for a mobile number when empty', () => {
    expect(validateField({ ...completeForm(), mobile: ' ' }, 'mobile')).toBe('请填写手机号');
  });

  it('checks emails like the service', () => {
    expect(isEmail('liming@example.com')).toBe(true);
    expect(isEmail('li.ming+bp@mail.example.cn')).toBe(true);
    for (const bad of [
      'liming',
      'liming@',
      '@example.com',
      'li..ming@example.com',
      '.li@example.com',
      'li@example',
      `${'a'.repeat(65)}@example.com`,
    ]) {
      expect(isEmail(bad), bad).toBe(false);
    }
    expect(validateField({ ...completeForm(), email: 'x@y' }, 'email')).toBe(
      '请输入正确的邮箱地址',
    );
  });

  it('requires consent before submission', () => {
    expect(validateField({ ...completeForm(), consent: false }, 'consent')).toBe(
      '提交前请阅读并同意个人信息处理规则',
    );
    expect(validateAll(completeForm())).toEqual({});
  });

  it('checks the unified social credit code check character (GB 32100)', () => {
    expect(isValidCreditCode('91371400MA3C8U8X2W')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91371400MA3C8U8X2X')).toBe(false);
    expect(isValidCreditCode('91371400MA3C8U8X2')).toBe(false);
    expect(
      validateField({ ...completeForm(), creditCode: '91371400ma3c8u8x2w' }, 'creditCode'),
    ).toBeUndefined();
    expect(validateField({ ...completeForm(), creditCode: '' }, 'creditCode')).toBeUndefined();
    expect(validateField({ ...completeForm(), creditCode: '123' }, 'creditCode')).toBe(
      '统一社会信用代码有误（18位，请核对最后一位校验码）',
    );
    // a team without a company has no code to check
    expect(
      validateField({ ...completeForm(), registered: 'no', creditCode: '123' }, 'creditCode'),
    ).toBeUndefined();
  });

  it('limits lengths as the OpenAPI document does', () => {
    expect(validateField({ ...completeForm(), projectName: '项'.repeat(101) }, 'projectName')).toBe(
      '项目名称不能超过100个字',
    );
    expect(
      validateField({ ...completeForm(), spaceSquareMeters: '100001' }, 'spaceSquareMeters'),
    ).toBeDefined();
    expect(
      validateField({ ...completeForm(), spaceSquareMeters: '-1' }, 'spaceSquareMeters'),
    ).toBeDefined();
  });

  it('refuses a number it would otherwise have to change, and never sends it', () => {
    for (const area of ['-5', '5平方米', '1e3', '12.345', ' 12 3', '0x10']) {
      expect(
        validateField({ ...completeForm(), spaceSquareMeters: area }, 'spaceSquareMeters'),
        area,
      ).toBe('面积请填写0到100000之间的数字（不带负号和单位，最多两位小数）');
      expect(
        toApplicationInput({ ...completeForm(), spaceSquareMeters: area }).needs,
      ).not.toHaveProperty('spaceSquareMeters');
    }
    expect(
      toApplicationInput({ ...completeForm(), spaceSquareMeters: '120.5' }).needs
        ?.spaceSquareMeters,
    ).toBe(120.5);
  });

  it('asks for the founding date of a registered company, never one in the future', () => {
    const today = new Date('2026-12-06T00:00:00Z');
    const registered = { ...completeForm(), registered: 'yes' as const };
    expect(validateField({ ...registered, foundedOn: '' }, 'foundedOn', today)).toBe(
      '请选择企业成立日期',
    );
    expect(validateField({ ...registered, foundedOn: '2027-01-01' }, 'foundedOn', today)).toBe(
      '成立日期不能晚于今天',
    );
    expect(validateField({ ...registered, foundedOn: '2024-06-06' }, 'foundedOn', today)).toBe(
      undefined,
    );
    expect(
      validateField({ ...registered, registered: 'no', foundedOn: '' }, 'foundedOn', today),
    ).toBeUndefined();
    expect(validateField({ ...registered, companyName: '' }, 'companyName')).toBe('请填写企业名称');
    expect(validateField({ ...registered, registered: '' }, 'registered')).toBe(
      '请选择企业注册情况',
    );
  });

  it('validates one step at a time and finds the first invalid step', () => {
    const form = { ...completeForm(), email: '', stage: '' as const };
    expect(steps.map((s) => s.key)).toEqual([
      'conditions',
      'applicant',
      'project',
      'needs',
      'consent',
    ]);
    expect(validateStep(form, 0)).toEqual({});
    expect(Object.keys(validateStep(form, 1))).toEqual(['email']);
    expect(Object.keys(validateStep(form, 2))).toEqual(['stage']);
    expect(validateStep(form, 3)).toEqual({});
    expect(firstInvalidStep(form)).toBe(1);
    expect(firstInvalidStep({ ...form, industry: '' })).toBe(0);
    expect(firstInvalidStep({ ...completeForm(), consent: false })).toBe(steps.length - 1);
    expect(firstInvalidStep(completeForm())).toBe(-1);
  });
});

describe('the form as the API input', () => {
  it('maps a complete form to ApplicationInput with consent stamped', () => {
    const at = new Date('2026-11-20T02:25:00Z');
    expect(toApplicationInput({ ...completeForm(), creditCode: '91371400ma3c8u8x2w' }, at)).toEqual(
      {
        carrierId: '665f1c2ab8e4a1f3c9d20001',
        applicant: { name: '李明', mobile: '13912345678', email: 'liming@example.com' },
        company: {
          name: '德州智视科技有限公司',
          creditCode: '91371400MA3C8U8X2W',
          foundedOn: '2025-03-18',
        },
        project: {
          name: '工业视觉质检平台',
          summary: '面向中小制造企业的低成本机器视觉缺陷检测系统。',
          industry: '智能制造',
          stage: 'prototype',
        },
        needs: {
          spaceSquareMeters: 120,
          mentoring: true,
          financing: false,
          training: false,
          sharedInstruments: false,
          policyHelp: false,
        },
        consent: { accepted: true, policyVersion: POLICY_VERSION, at: '2026-11-20T02:25:00.000Z' },
      },
    );
  });

  it('keeps the moment consent was given, so a retried submission sends the same body', () => {
    const form = { ...completeForm(), consentAt: '2026-11-20T02:20:00.000Z' };
    const first = toApplicationInput(form, new Date('2026-11-20T02:25:00Z'));
    const retry = toApplicationInput(form, new Date('2026-11-20T02:25:01Z'));
    expect(first).toEqual(retry);
    expect(first.consent?.at).toBe('2026-11-20T02:20:00.000Z');
  });

  it('sends no company for a team that has not registered one', () => {
    const input = toApplicationInput({ ...completeForm(), registered: 'no' });
    expect(input.company).toBeUndefined();
  });

  it('leaves out what a draft has not filled yet', () => {
    const input = toApplicationInput(emptyForm('c1'));
    expect(input).toEqual({
      carrierId: 'c1',
      needs: {
        mentoring: false,
        financing: false,
        training: false,
        sharedInstruments: false,
        policyHelp: false,
      },
    });
  });

  it('maps problem paths back to fields', () => {
    expect(fieldOfPath('applicant.mobile')).toBe('mobile');
    expect(fieldOfPath('/body/applicant/email')).toBe('email');
    expect(fieldOfPath('consent.accepted')).toBe('consent');
    expect(fieldOfPath('company.creditCode')).toBe('creditCode');
    expect(fieldOfPath('attachments.0.url')).toBeUndefined();
  });
});
