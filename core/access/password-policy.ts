/**
 * The password policy (密码策略), checked wherever a password is set — a person's own change, a
 * login created by a people import. Stored hashes are never re-checked: a rule tightened later
 * applies at the next change. Pure: the caller gives the candidate and whose it is.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a password was refused; a client shows each as a line (the codes are stable). */
export type PasswordProblem = 'too_short' | 'too_long' | 'too_few_classes' | 'contains_username' | 'common';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `at most ${PASSWORD_MAX_LENGTH} characters`,
  too_few_classes: 'at least two kinds of character: lower-case letters, upper-case letters, digits, others',
  contains_username: 'must not contain the username',
  common: 'is a commonly used password',
};

/**
 * Passwords guessed first, by hand or by a tool: the usual international list and the ones seen
 * most in Chinese leaks (keyboard walks, 5201314, pinyin). Compared case-insensitively; a
 * candidate also counts as common when stripping trailing digits/punctuation or a repeated
 * pattern leaves one of these (`Password123!`).
 */
const COMMON_PASSWORDS = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '0123456789',
  '1234567890a',
  'a1234567890',
  '111111',
  '000000',
  '888888',
  '666666',
  '5201314',
  '1314520',
  'abc123',
  'abc123456',
  'abcd1234',
  'a123456',
  'a12345678',
  'aa123456',
  'qq123456',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'admin',
  'admin123',
  'administrator',
  'root',
  'welcome',
  'letmein',
  'iloveyou',
  'woaini',
  'woaini1314',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'qazwsx',
  'qwe123',
  'qweasdzxc',
  'changeme',
  'default',
  'test',
  'guest',
  'demo',
  'yiwang',
  'dragon',
  'monkey',
  'football',
  'baseball',
  'superman',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'zhang',
  'wang',
  'li',
  'liu',
  'chen',
  'zhongguo',
  'china',
  'beijing',
  'shanghai',
]);

/** The kinds of character counted for the "two classes" rule. */
function characterClasses(password: string): number {
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  return classes;
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  // a common word with digits or punctuation around it (Password123!, admin@2024, 2024qwerty)
  const core = lower.replace(/^[\d\W_]+/u, '').replace(/[\d\W_]+$/u, '');
  if (core && COMMON_PASSWORDS.has(core)) return true;
  // one short unit repeated (aaaaaaaaaa, abcabcabcabc, 1212121212)
  if (/^(.{1,3})\1+$/su.test(lower)) return true;
  // a run of consecutive characters up or down the alphabet or digits (abcdefghij, 9876543210)
  const codes = [...lower].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  if (codes.length > 2 && Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step))
    return true;
  return false;
}

/**
 * What is wrong with `password` for the person with `username` — empty when it may be used.
 * Length is counted in characters (a Chinese character is one).
 */
export function checkPassword(password: string, context: { username?: string | null } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (characterClasses(password) < 2) problems.push('too_few_classes');
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) problems.push('contains_username');
  if (isCommon(password)) problems.push('common');
  return problems;
}

/** The problems as one sentence for an error message or an import report. */
export function describePasswordProblems(problems: readonly PasswordProblem[]): string {
  return `the password is too weak: ${problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join('; ')}`;
}
