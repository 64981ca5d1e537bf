import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../access/current-user.js';
import type { Role } from '../access/roles.js';
import {
  assertMayJoinPool,
  disputeRelationTo,
  mayHandleDispute,
  mayReadDisputeWork,
  normaliseSpecialties,
  poolAccess,
  type DisputeFacts,
} from './mediation-access.js';
import type { AssignmentFact } from '../events/event-access.js';
import { DomainError } from '../errors.js';

const COUNTY = '620999000000';
const TOWN_A = '620999100000';
const TOWN_B = '620999101000';
const VILLAGE_A1 = '620999100201';
const VILLAGE_A2 = '620999100202';
const GRID_A1A = '620999100201001';

let nextId = 1;
function user(role: Role, jurisdictionCode: string, departmentId: number | null = null): CurrentUser {
  const level =
    jurisdictionCode.length === 15
      ? 'grid'
      : jurisdictionCode.endsWith('000000')
        ? 'county'
        : jurisdictionCode.endsWith('000')
          ? 'town'
          : 'village';
  return {
    id: nextId++,
    name: role,
    role,
    jurisdictionCode,
    jurisdictionLevel: level,
    jurisdictionName: '',
    departmentId,
  };
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

const person = (personId: number, assignmentRole: string, active = true): AssignmentFact => ({
  personId,
  departmentId: null,
  centreCode: null,
  active,
  assignmentRole,
  tier: 'grid',
});
const facts = (assignments: AssignmentFact[], reporterId: number | null = null): DisputeFacts => ({
  county_code: COUNTY,
  town_code: TOWN_A,
  village_code: VILLAGE_A1,
  grid_code: GRID_A1A,
  reporterId,
  tier: 'grid',
  supervisorCode: TOWN_A,
  assignments,
});

describe('disputeRelationTo', () => {
  it('gives a mediator sight of the event but not its handling', () => {
    const mediator = user('mediator', VILLAGE_A1);
    const r = disputeRelationTo(mediator, facts([person(mediator.id, 'mediator')]));
    expect(r).toEqual({ canSee: true, isHandler: false, inScope: false, isReporter: false, contacts: false });
    expect(mayHandleDispute(r)).toBe(false);
  });

  it('keeps sight after the mediator assignment ends', () => {
    const mediator = user('mediator', TOWN_B);
    expect(disputeRelationTo(mediator, facts([person(mediator.id, 'mediator', false)])).canSee).toBe(true);
    expect(disputeRelationTo(mediator, facts([])).canSee).toBe(false);
  });

  it('makes an active assignee of another role a handler, an ended one not', () => {
    const police = user('community_police', VILLAGE_A1);
    expect(disputeRelationTo(police, facts([person(police.id, 'village_team')])).isHandler).toBe(true);
    expect(disputeRelationTo(police, facts([person(police.id, 'village_team', false)])).isHandler).toBe(false);
    // a handler who is also the mediator stays a handler
    expect(
      disputeRelationTo(police, facts([person(police.id, 'mediator'), person(police.id, 'village_team')])).isHandler,
    ).toBe(true);
  });

  it('counts a department or a centre assignment for their staff and operators', () => {
    const staff = user('department_staff', COUNTY, 5);
    const dept: AssignmentFact = {
      personId: null,
      departmentId: 5,
      centreCode: null,
      active: true,
      assignmentRole: 'department_lead',
      tier: 'department',
    };
    expect(disputeRelationTo(staff, facts([dept])).isHandler).toBe(true);
    const op = user('town_operator', TOWN_A);
    const centre: AssignmentFact = {
      personId: null,
      departmentId: null,
      centreCode: TOWN_A,
      active: true,
      assignmentRole: 'centre',
      tier: 'town',
    };
    expect(disputeRelationTo(op, facts([centre]))).toMatchObject({ isHandler: true, inScope: true });
  });

  it('lets supervisors in scope handle, and no one out of scope see', () => {
    expect(mayHandleDispute(disputeRelationTo(user('town_operator', TOWN_A), facts([])))).toBe(true);
    expect(mayHandleDispute(disputeRelationTo(user('county_operator', COUNTY), facts([])))).toBe(true);
    expect(mayHandleDispute(disputeRelationTo(user('leader', COUNTY), facts([])))).toBe(true);
    expect(disputeRelationTo(user('town_operator', TOWN_B), facts([])).canSee).toBe(false);
    const secretary = disputeRelationTo(user('village_secretary', VILLAGE_A1), facts([]));
    expect(secretary).toMatchObject({ canSee: true, isHandler: false, inScope: false });
  });
});

describe('mayReadDisputeWork', () => {
  it('shows the plan and tasks to staff who see the event, to a citizen only with a task', () => {
    const citizen = user('citizen', VILLAGE_A1);
    const asReporter = disputeRelationTo(citizen, facts([], citizen.id));
    expect(mayReadDisputeWork(citizen, asReporter, false)).toBe(false);
    expect(mayReadDisputeWork(citizen, asReporter, true)).toBe(true);
    const secretary = user('village_secretary', VILLAGE_A1);
    expect(mayReadDisputeWork(secretary, disputeRelationTo(secretary, facts([])), false)).toBe(true);
    const other = user('village_secretary', VILLAGE_A2);
    expect(mayReadDisputeWork(other, disputeRelationTo(other, facts([])), true)).toBe(false);
  });
});

describe('poolAccess', () => {
  const cases: [Role, string, 'manage' | 'view' | 'none'][] = [
    ['village_secretary', VILLAGE_A1, 'manage'],
    ['village_secretary', VILLAGE_A2, 'none'],
    ['town_operator', TOWN_A, 'manage'],
    ['town_operator', TOWN_B, 'none'],
    ['county_operator', COUNTY, 'manage'],
    ['leader', COUNTY, 'view'],
    ['village_leader', VILLAGE_A1, 'view'],
    ['village_leader', TOWN_A, 'view'],
    ['community_police', VILLAGE_A1, 'view'],
    ['grid_worker', GRID_A1A, 'view'],
    ['grid_head', VILLAGE_A1, 'view'],
    ['mediator', VILLAGE_A1, 'view'],
    ['mediator', VILLAGE_A2, 'none'],
    ['department_staff', COUNTY, 'view'],
    ['citizen', VILLAGE_A1, 'none'],
  ];
  for (const [role, code, expected] of cases) {
    it(`${role} at ${code}: ${expected}`, () => {
      expect(poolAccess(user(role, code), VILLAGE_A1)).toBe(expected);
    });
  }
});

describe('assertMayJoinPool', () => {
  it('takes active people in, under or above the village', () => {
    for (const code of [VILLAGE_A1, GRID_A1A, TOWN_A, COUNTY]) {
      expect(
        codeOf(() => assertMayJoinPool({ name: 'x', active: true, jurisdictionCode: code }, VILLAGE_A1)),
        code,
      ).toBeNull();
    }
  });
  it('refuses the inactive and people from elsewhere', () => {
    expect(
      codeOf(() => assertMayJoinPool({ name: 'x', active: false, jurisdictionCode: VILLAGE_A1 }, VILLAGE_A1)),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => assertMayJoinPool({ name: 'x', active: true, jurisdictionCode: VILLAGE_A2 }, VILLAGE_A1))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => assertMayJoinPool({ name: 'x', active: true, jurisdictionCode: TOWN_B }, VILLAGE_A1))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('normaliseSpecialties', () => {
  it('trims, drops blanks and repeats, keeps order', () => {
    expect(normaliseSpecialties([' 劳资 ', '邻里', '', '劳资', '婚姻家庭'])).toEqual(['劳资', '邻里', '婚姻家庭']);
  });
  it('allows at most ten', () => {
    expect(codeOf(() => normaliseSpecialties(Array.from({ length: 11 }, (_, i) => `s${i}`)))).toBe('VALIDATION_FAILED');
    expect(normaliseSpecialties(Array.from({ length: 11 }, () => 'same'))).toEqual(['same']);
  });
});
