import { describe, expect, it } from 'vitest';
import { homePathFor, mayOpen, menuFor, ROUTES } from './routes';
import type { Role, SessionUser } from '../api/types';

const user = (role: Role, level: SessionUser['jurisdictionLevel'] = 'village'): SessionUser => ({
  id: 1,
  name: '某人',
  role,
  roleName: role,
  jurisdictionCode: '620999100201',
  jurisdictionLevel: level,
  jurisdictionName: '东村',
  departmentId: null,
});
const menu = (role: Role) => menuFor(user(role)).map((r) => r.path);

describe('the menu by role', () => {
  it('gives command centres, leaders and village cadres the dashboard first', () => {
    for (const role of ['county_operator', 'town_operator', 'leader', 'village_secretary', 'village_leader'] as const) {
      expect(menu(role)[0], role).toBe('/dashboard');
      expect(homePathFor(user(role)), role).toBe('/dashboard');
    }
  });

  it('gives citizens, mediators, department staff and grid workers no dashboard', () => {
    for (const role of ['citizen', 'mediator', 'department_staff', 'grid_worker'] as const)
      expect(menu(role), role).not.toContain('/dashboard');
    expect(menu('citizen')).toEqual(['/report']);
    expect(homePathFor(user('grid_worker'))).toBe('/map');
    expect(menu('grid_worker')).toContain('/my-grid');
  });

  it('lets nobody but the public open a public page without signing in', () => {
    expect(mayOpen(null, 'public')).toBe(true);
    expect(mayOpen(null, 'signed-in')).toBe(false);
    expect(mayOpen(user('citizen'), ['county_operator'])).toBe(false);
    const event = ROUTES.find((r) => r.path === '/events/:id')!;
    expect(mayOpen(user('citizen'), event.access)).toBe(true);
  });
});

describe('the account and audit pages', () => {
  it('lets every signed-in role open account security, from the user menu rather than the side menu', () => {
    const account = ROUTES.find((r) => r.path === '/account')!;
    expect(account.nav).toBeUndefined();
    for (const role of ['citizen', 'grid_worker', 'mediator', 'county_operator'] as const)
      expect(mayOpen(user(role), account.access), role).toBe(true);
    expect(mayOpen(null, account.access)).toBe(false);
  });

  it('offers the audit log only to the county command centre and leaders, as the server allows', () => {
    const audit = ROUTES.find((r) => r.path === '/audit')!;
    for (const role of ['county_operator', 'leader'] as const) {
      expect(menu(role), role).toContain('/audit');
      expect(mayOpen(user(role), audit.access), role).toBe(true);
    }
    for (const role of [
      'grid_worker',
      'grid_head',
      'town_operator',
      'village_secretary',
      'department_staff',
      'mediator',
      'citizen',
    ] as const) {
      expect(menu(role), role).not.toContain('/audit');
      expect(mayOpen(user(role), audit.access), role).toBe(false);
    }
    // never anyone's first page
    expect(homePathFor(user('county_operator'))).toBe('/dashboard');
  });
});
