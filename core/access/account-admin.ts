/**
 * 账号管理: who may manage whose sign-in (reset the password, unlock, deactivate, reactivate), and
 * the temporary password a reset hands out. A town or county command centre manages the people of
 * its jurisdiction subtree; nobody else manages anyone. Pure: the caller gives the user, the
 * target's placement and the random bytes.
 */
import type { CurrentUser } from './current-user.js';
import { CENTRE_ROLES } from './roles.js';
import { isWithin } from '../organisation/division-code.js';
import { checkPassword } from './password-policy.js';

export type AccountAction = 'reset_password' | 'unlock' | 'deactivate' | 'reactivate';

/** Whether the user's role manages accounts at all (a refusal here is a 403, whoever the target). */
export function managesAccounts(user: CurrentUser): boolean {
  return CENTRE_ROLES.includes(user.role);
}

/** Whether the person (placed at `jurisdictionCode`) lies within what the user manages; otherwise the person is hidden (404). */
export function canManageAccountOf(user: CurrentUser, target: { jurisdictionCode: string }): boolean {
  return managesAccounts(user) && isWithin(target.jurisdictionCode, user.jurisdictionCode);
}

/**
 * Actions one may not take on one's own account: deactivating would lock the operator out, and a
 * reset would change one's password without the current one (POST /api/auth/password is the way).
 */
export function refusedOnSelf(action: AccountAction): boolean {
  return action === 'deactivate' || action === 'reset_password';
}

export const TEMPORARY_PASSWORD_LENGTH = 12;
/** No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. */
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LOWER + UPPER + DIGITS;

/**
 * A temporary password of 12 characters with lower- and upper-case letters and digits, meeting
 * the password policy. `randomBytes(n)` is the caller's source of n cryptographically random
 * bytes; a draw that would bias the choice is rejected, and a password the policy refuses (a
 * vanishingly rare repeated pattern) is drawn again.
 */
export function temporaryPassword(randomBytes: (n: number) => Uint8Array, username?: string | null): string {
  for (;;) {
    const chars: string[] = [];
    while (chars.length < TEMPORARY_PASSWORD_LENGTH) {
      for (const byte of randomBytes(TEMPORARY_PASSWORD_LENGTH * 2)) {
        // 256 - 256 % 56 = 224: bytes above would favour the first characters
        if (byte >= 256 - (256 % ALPHABET.length)) continue;
        chars.push(ALPHABET[byte % ALPHABET.length]);
        if (chars.length === TEMPORARY_PASSWORD_LENGTH) break;
      }
    }
    const candidate = chars.join('');
    const hasAll = /[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && /[0-9]/.test(candidate);
    if (hasAll && checkPassword(candidate, { username }).length === 0) return candidate;
  }
}
