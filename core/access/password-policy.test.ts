import { describe, expect, it } from 'vitest';
import { checkPassword, describePasswordProblems, PASSWORD_MIN_LENGTH } from './password-policy.js';

describe('checkPassword', () => {
  it('accepts a long password of two kinds of character', () => {
    expect(checkPassword('river-stone-lamp', { username: 'zhang_wg' })).toEqual([]);
    expect(checkPassword('tiger7lantern', { username: 'zhang_wg' })).toEqual([]);
    expect(checkPassword('网格巡查每天两次8点')).toEqual([]);
  });

  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters, counting characters not bytes`, () => {
    expect(checkPassword('tiger7lan')).toContain('too_short');
    expect(checkPassword('tiger7lant')).not.toContain('too_short');
    // nine Chinese characters are 27 bytes but still nine characters
    expect(checkPassword('网格巡查每天两次8')).toContain('too_short');
  });

  it('refuses a password of one kind of character', () => {
    expect(checkPassword('riverstonelamp')).toEqual(['too_few_classes']);
    expect(checkPassword('RIVERSTONELAMP')).toEqual(['too_few_classes']);
    expect(checkPassword('8302719465')).toEqual(['too_few_classes']);
    expect(checkPassword('riverStonelamp')).toEqual([]);
  });

  it('refuses a password containing the username, in any case', () => {
    expect(checkPassword('zhang_wg-2024!', { username: 'zhang_wg' })).toEqual(['contains_username']);
    expect(checkPassword('my-ZHANG_WG-pass', { username: 'zhang_wg' })).toEqual(['contains_username']);
    expect(checkPassword('zhang_wg-2024!', { username: 'li_si' })).toEqual([]);
  });

  it('refuses common passwords, also with digits or punctuation around them', () => {
    for (const common of [
      '1234567890',
      'password123',
      'Password123!',
      'admin@2024',
      'woaini1314',
      '2024qwerty!',
      'qweasdzxc1',
      'abcabcabcabc',
      'abcdefghij',
    ]) {
      expect(checkPassword(common), common).toContain('common');
    }
    expect(checkPassword('passport-office')).not.toContain('common');
  });

  it('names every problem at once', () => {
    const problems = checkPassword('admin');
    expect(problems).toEqual(['too_short', 'too_few_classes', 'common']);
    expect(describePasswordProblems(problems)).toMatch(
      /at least 10 characters; .*two kinds.*; is a commonly used password/,
    );
  });
});
