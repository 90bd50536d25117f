import { describe, expect, it } from 'vitest';
import {
  checkUnifiedSocialCreditCode,
  creditCodeCheckCharacter,
  isUnifiedSocialCreditCode,
} from '../../src/domain/unified-social-credit-code.js';

// Codes published on the national enterprise credit information publicity system.
const PUBLISHED = {
  深圳市腾讯计算机系统有限公司: '91440300708461136T',
  华为技术有限公司: '914403001922038216',
  小米科技有限责任公司: '91110108551385082Q',
  北京百度网讯科技有限公司: '91110000802100433B',
  '阿里巴巴（中国）有限公司': '91330100716105852F',
};

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(Object.entries(PUBLISHED))('accepts the published code of %s', (_name, code) => {
    expect(checkUnifiedSocialCreditCode(code)).toEqual({ valid: true, code });
  });

  it.each(Object.values(PUBLISHED))('computes the check character of %s', (code) => {
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('computes a check character of 0 when the weighted sum is a multiple of 31', () => {
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
    expect(isUnifiedSocialCreditCode('000000000000000000')).toBe(true);
  });

  it('accepts lower case and surrounding spaces', () => {
    expect(checkUnifiedSocialCreditCode(' 91440300708461136t ')).toEqual({
      valid: true,
      code: '91440300708461136T',
    });
  });

  it('rejects every single-character change of a real code', () => {
    const code = PUBLISHED.华为技术有限公司;
    for (let i = 0; i < 17; i++) {
      const changed = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
      expect(isUnifiedSocialCreditCode(changed), changed).toBe(false);
    }
  });

  it('names the problem', () => {
    expect(checkUnifiedSocialCreditCode('91440300708461136')).toEqual({
      valid: false,
      problem: 'length',
    });
    // I, O, Z, S and V are not in the alphabet
    expect(checkUnifiedSocialCreditCode('91440300708461136I')).toEqual({
      valid: false,
      problem: 'character',
    });
    expect(checkUnifiedSocialCreditCode('9144030070846113OT')).toEqual({
      valid: false,
      problem: 'character',
    });
    expect(checkUnifiedSocialCreditCode('91A40300708461136T')).toEqual({
      valid: false,
      problem: 'administrative-division',
    });
    expect(checkUnifiedSocialCreditCode('91440300708461136U')).toEqual({
      valid: false,
      problem: 'check-character',
    });
  });

  it('refuses to compute over characters outside the alphabet', () => {
    expect(creditCodeCheckCharacter('9144030070846113S')).toBeNull();
    expect(creditCodeCheckCharacter('short')).toBeNull();
  });
});
