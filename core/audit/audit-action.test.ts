import { describe, expect, it } from 'vitest';
import { createdTargetId, describeRequest } from './audit-action.js';
import { auditReadScope, mayReadAuditOf } from './audit-access.js';
import type { CurrentUser } from '../access/current-user.js';

describe('describeRequest', () => {
  it('names the route with its action verb, the target from the first parameter, the rest as params', () => {
    expect(describeRequest('POST', '/api/events/:id/actions/:action', { id: 42, action: 'resolve' })).toEqual({
      action: 'POST /api/events/:id/actions/resolve',
      targetType: 'events',
      targetId: '42',
      params: null,
    });
    expect(
      describeRequest('PATCH', '/api/villages/:code/mediators/:personId', { code: '620999100201', personId: 7 }),
    ).toEqual({
      action: 'PATCH /api/villages/:code/mediators/:personId',
      targetType: 'villages',
      targetId: '620999100201',
      params: { personId: '7' },
    });
    expect(describeRequest('POST', '/api/events', {})).toMatchObject({
      action: 'POST /api/events',
      targetType: 'events',
      targetId: null,
    });
  });

  it('never records a token parameter, and never a strange action word', () => {
    const d = describeRequest('POST', '/api/public/events/:token/rating', { token: 'secret-tracking-token' });
    expect(d).toEqual({
      action: 'POST /api/public/events/:token/rating',
      targetType: 'events',
      targetId: null,
      params: null,
    });
    expect(JSON.stringify(d)).not.toContain('secret-tracking-token');
    expect(describeRequest('POST', '/api/events/:id/actions/:action', { id: 1, action: '13912345678' }).action).toBe(
      'POST /api/events/:id/actions/:action',
    );
  });
});

describe('createdTargetId', () => {
  it('takes the created thing’s id or code', () => {
    expect(createdTargetId({ event: { id: 5 }, created: true, assignments: [{ id: 9 }] })).toBe('5');
    expect(createdTargetId({ category: { code: 'hazard.x' } })).toBe('hazard.x');
    expect(createdTargetId({ id: 'abc' })).toBe('abc');
    expect(createdTargetId({ ok: true })).toBeNull();
    expect(createdTargetId(undefined)).toBeNull();
  });
});

describe('auditReadScope', () => {
  const user = (role: CurrentUser['role'], code: string, level: CurrentUser['jurisdictionLevel']): CurrentUser => ({
    id: 1,
    name: 'x',
    role,
    jurisdictionCode: code,
    jurisdictionLevel: level,
    jurisdictionName: 'x',
    departmentId: null,
  });
  it('lets the county centre and leaders read their subtree; the unplaced records only at county level', () => {
    expect(auditReadScope(user('county_operator', '620999000000', 'county'))).toEqual({
      jurisdictionPrefix: '620999',
      includeUnplaced: true,
    });
    expect(auditReadScope(user('leader', '620999100000', 'town'))).toEqual({
      jurisdictionPrefix: '620999100',
      includeUnplaced: false,
    });
    for (const role of ['town_operator', 'grid_worker', 'department_staff', 'citizen'] as const)
      expect(auditReadScope(user(role, '620999000000', 'county'))).toBeNull();
    expect(mayReadAuditOf(user('leader', '620999100000', 'town'), '620999101000')).toBe(false);
    expect(mayReadAuditOf(user('leader', '620999100000', 'town'), '620999100201')).toBe(true);
  });
});
