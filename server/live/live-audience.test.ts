import { describe, expect, it } from 'vitest';
import { eventScopeOf, type CurrentUser } from '../../core/access/current-user.js';
import { audienceOf, isAssignedTo } from './live-audience.js';
import { parseNotification, type EventNotification } from './live-message.js';

const user = (role: CurrentUser['role'], code: string, extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id: 7,
  name: '某人',
  role,
  jurisdictionCode: code,
  jurisdictionLevel:
    code.length === 15 ? 'grid' : code.endsWith('000000') ? 'county' : code.endsWith('000') ? 'town' : 'village',
  jurisdictionName: '某地',
  departmentId: null,
  ...extra,
});

const event: EventNotification = {
  kind: 'created',
  schema: 'public',
  id: 1,
  serialNo: 'YW20261124000001',
  status: 'dispatched',
  light: 'green',
  jurisdictionCode: '620999100201001',
  countyCode: '620999000000',
  townCode: '620999100000',
  villageCode: '620999100201',
  gridCode: '620999100201001',
  reporterId: 3,
};

const audience = (u: CurrentUser, n = parseNotification(JSON.stringify({ v: 1, ...event }))!) =>
  audienceOf(u, eventScopeOf(u), n);

describe('who hears of a change', () => {
  it('the subtree holding the event hears it; elsewhere only if ever assigned', () => {
    expect(audience(user('county_operator', '620999000000'))).toBe('yes');
    expect(audience(user('town_operator', '620999100000'))).toBe('yes');
    expect(audience(user('village_secretary', '620999100201'))).toBe('yes');
    expect(audience(user('town_operator', '620999101000'))).toBe('if_assigned');
    expect(audience(user('county_operator', '620888000000'))).toBe('if_assigned');
  });

  it('a citizen hears of their own reports only; department staff of what their department was given', () => {
    expect(audience(user('citizen', '620999100201', { id: 3 }))).toBe('yes');
    expect(audience(user('citizen', '620999100201', { id: 4 }))).toBe('no');
    const staff = user('department_staff', '620999000000', { departmentId: 5 });
    expect(audience(staff)).toBe('if_assigned');
    expect(isAssignedTo(staff, eventScopeOf(staff), [{ personId: null, departmentId: 5 }])).toBe(true);
    expect(isAssignedTo(staff, eventScopeOf(staff), [{ personId: null, departmentId: 6 }])).toBe(false);
    const elsewhere = user('town_operator', '620999101000');
    expect(isAssignedTo(elsewhere, eventScopeOf(elsewhere), [{ personId: 7, departmentId: null }])).toBe(true);
    expect(isAssignedTo(elsewhere, eventScopeOf(elsewhere), [{ personId: null, departmentId: 5 }])).toBe(false);
  });

  it('a bulk change reaches staff of the counties it touched, never citizens', () => {
    const bulk = parseNotification(
      JSON.stringify({ v: 1, schema: 'public', kind: 'bulk', count: 80, counties: ['620999000000'] }),
    )!;
    expect(audience(user('village_secretary', '620999100201'), bulk)).toBe('yes');
    expect(audience(user('county_operator', '620888000000'), bulk)).toBe('no');
    expect(audience(user('citizen', '620999100201', { id: 3 }), bulk)).toBe('no');
  });

  it('ignores payloads it does not understand', () => {
    expect(parseNotification('not json')).toBeNull();
    expect(parseNotification(JSON.stringify({ v: 2, schema: 'public', kind: 'created', id: 1 }))).toBeNull();
    expect(parseNotification(JSON.stringify({ v: 1, schema: 'public', kind: 'deleted', id: 1 }))).toBeNull();
  });
});
