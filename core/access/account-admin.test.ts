import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CurrentUser } from './current-user.js';
import {
  canManageAccountOf,
  managesAccounts,
  refusedOnSelf,
  temporaryPassword,
  TEMPORARY_PASSWORD_LENGTH,
} from './account-admin.js';
import { checkPassword } from './password-policy.js';

const user = (
  role: CurrentUser['role'],
  jurisdictionCode: string,
  jurisdictionLevel: CurrentUser['jurisdictionLevel'],
): CurrentUser => ({
  id: 1,
  name: '值班员',
  role,
  jurisdictionCode,
  jurisdictionLevel,
  jurisdictionName: '',
  departmentId: null,
});
const TOWN_A = '620999100000';
const GRID_A = '620999100201001';
const GRID_B = '620999101201001';

describe('who manages whose account', () => {
  it('lets a town centre manage the people of its town, not of another', () => {
    const op = user('town_operator', TOWN_A, 'town');
    expect(canManageAccountOf(op, { jurisdictionCode: GRID_A })).toBe(true);
    expect(canManageAccountOf(op, { jurisdictionCode: TOWN_A })).toBe(true);
    expect(canManageAccountOf(op, { jurisdictionCode: GRID_B })).toBe(false);
    expect(canManageAccountOf(op, { jurisdictionCode: '620999000000' })).toBe(false);
  });

  it('lets a county centre manage its county, and no other role anyone', () => {
    expect(canManageAccountOf(user('county_operator', '620999000000', 'county'), { jurisdictionCode: GRID_B })).toBe(
      true,
    );
    expect(
      canManageAccountOf(user('county_operator', '620999000000', 'county'), { jurisdictionCode: '620998100201001' }),
    ).toBe(false);
    for (const role of ['leader', 'grid_worker', 'village_secretary', 'department_staff', 'citizen'] as const) {
      expect(managesAccounts(user(role, '620999000000', 'county')), role).toBe(false);
      expect(canManageAccountOf(user(role, '620999000000', 'county'), { jurisdictionCode: GRID_A }), role).toBe(false);
    }
  });

  it('refuses deactivating or resetting oneself, not unlocking', () => {
    expect(refusedOnSelf('deactivate')).toBe(true);
    expect(refusedOnSelf('reset_password')).toBe(true);
    expect(refusedOnSelf('unlock')).toBe(false);
  });
});

describe('temporaryPassword', () => {
  it('meets the password policy, with three kinds of character, and differs each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword((n) => randomBytes(n), 'zhang_wg');
      expect(p).toHaveLength(TEMPORARY_PASSWORD_LENGTH);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[2-9]/);
      expect(p).not.toMatch(/[01OlI]/);
      expect(checkPassword(p, { username: 'zhang_wg' })).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('draws again when the random bytes give a refused password', () => {
    let call = 0;
    // first draw: all the same character (too few kinds, repeated); then real randomness
    const source = (n: number) => (call++ === 0 ? new Uint8Array(n).fill(0) : randomBytes(n));
    expect(checkPassword(temporaryPassword(source))).toEqual([]);
    expect(call).toBeGreaterThan(1);
  });
});
