import { describe, expect, it } from 'vitest';
import {
  isChinaMobile,
  isEmail,
  normalizeChinaMobile,
} from '../../src/domain/contact-validation.js';

describe('China mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['86 138 1234 5678', '13812345678'],
    ['0086-199-1234-5678', '19912345678'],
    ['16612345678', '16612345678'],
  ])('accepts %s as %s', (input, national) => {
    expect(normalizeChinaMobile(input)).toBe(national);
  });

  it.each([
    '12812345678',
    '1381234567',
    '138123456789',
    '010-12345678',
    '+1 415 555 0100',
    '1381234567a',
    '',
  ])('rejects %s', (input) => expect(isChinaMobile(input)).toBe(false));
});

describe('emails', () => {
  it.each(['founder@example.cn', 'li.wei+apply@mail.tsinghua.edu.cn', 'a_b-c@x-y.com'])(
    'accepts %s',
    (e) => expect(isEmail(e)).toBe(true),
  );
  it.each([
    'plain',
    'a@b',
    '@example.com',
    'a@.com',
    'a..b@example.com',
    '.a@example.com',
    'a b@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
  ])('rejects %s', (e) => expect(isEmail(e)).toBe(false));
});
