/** 分拨, 重新分拨, 改派, 追加指派: what is loaded, what is checked, who gets the event, and its clocks. */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../errors.js';
import {
  assignQuery,
  assigneeQuery,
  chooseAssignees,
  dispatchingUser,
  planAssign,
  planDispatching,
  type FoundAssignees,
  type FoundPerson,
} from './dispatching.js';
import {
  buildAssignment,
  buildEvent,
  buildUser,
  COUNTY,
  COUNTY_OPERATOR,
  DAY,
  decided,
  GRID,
  HOUR,
  NOW,
  OTHER_GRID,
  TOWN,
  TOWN_OPERATOR,
  VILLAGE,
} from './action-fixtures.js';

const OTHER_TOWN = '620999101000';

const person = (id: number, over: Partial<FoundPerson> = {}): FoundPerson => ({
  id,
  name: `person ${id}`,
  role: 'grid_worker',
  active: true,
  jurisdiction_code: GRID,
  ...over,
});

const gridBindings: FoundAssignees = {
  kind: 'jurisdiction',
  exists: true,
  bindings: [
    { personId: 41, jurisdictionCode: OTHER_GRID, duty: 'grid_worker' },
    { personId: 42, jurisdictionCode: VILLAGE, duty: 'team_member' },
    { personId: 43, jurisdictionCode: VILLAGE, duty: 'not_a_duty' },
  ],
};

describe('what a dispatch loads', () => {
  it('is the named people and departments, or the jurisdiction with its village for a grid', () => {
    expect(assigneeQuery(TOWN_OPERATOR, { personIds: [5, 5], departmentIds: [] })).toEqual({
      kind: 'named',
      personIds: [5, 5],
      departmentIds: [],
    });
    expect(assigneeQuery(TOWN_OPERATOR, { jurisdictionCode: OTHER_GRID })).toEqual({
      kind: 'jurisdiction',
      code: OTHER_GRID,
      level: 'grid',
      lookup: [OTHER_GRID, VILLAGE],
    });
    expect(assigneeQuery(TOWN_OPERATOR, { jurisdictionCode: VILLAGE })).toMatchObject({ lookup: [VILLAGE] });
  });

  it('refuses a body that names nowhere, a code that is none, and a place outside the user’s jurisdiction', () => {
    expect(errorCodeOf(() => assigneeQuery(TOWN_OPERATOR, {}))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => assigneeQuery(TOWN_OPERATOR, { jurisdictionCode: '12' }))).toBe(
      'JURISDICTION_CODE_INVALID',
    );
    expect(errorCodeOf(() => assigneeQuery(TOWN_OPERATOR, { jurisdictionCode: OTHER_TOWN }))).toBe('OUT_OF_SCOPE');
    expect(errorCodeOf(() => assigneeQuery(COUNTY_OPERATOR, { jurisdictionCode: OTHER_TOWN }))).toBeNull();
  });

  it('is a centre’s: the platform dispatches only at intake; 追加指派 names people or departments', () => {
    expect(
      errorCodeOf(() => dispatchingUser(decided('redispatch', { user: null, event: { status: 'returned' } }))),
    ).toBe('FORBIDDEN');
    expect(errorCodeOf(() => assignQuery(decided('assign', { input: { jurisdictionCode: GRID } })))).toBe(
      'VALIDATION_FAILED',
    );
    expect(assignQuery(decided('assign', { input: { departmentIds: [3], jurisdictionCode: GRID } }))).toEqual({
      kind: 'named',
      personIds: [],
      departmentIds: [3],
    });
  });
});

describe('choosing assignees', () => {
  const event = buildEvent();
  const named = (personIds: number[], departmentIds: number[]) =>
    assigneeQuery(TOWN_OPERATOR, { personIds, departmentIds });

  it('checks every named person and department was found, active, no citizen, and within reach of the user', () => {
    const check = (people: FoundPerson[], departmentIds: number[] = []) =>
      errorCodeOf(() =>
        chooseAssignees(TOWN_OPERATOR, event, named([5], []), { kind: 'named', people, departmentIds }),
      );
    expect(check([])).toBe('PERSON_NOT_FOUND');
    expect(check([person(5, { active: false })])).toBe('VALIDATION_FAILED');
    expect(check([person(5, { role: 'citizen' })])).toBe('VALIDATION_FAILED');
    expect(check([person(5, { jurisdiction_code: `${OTHER_TOWN}001` })])).toBe('OUT_OF_SCOPE');
    // someone above the user (the county) may be named, as may someone below
    expect(check([person(5, { jurisdiction_code: COUNTY })])).toBeNull();
    expect(
      errorCodeOf(() =>
        chooseAssignees(TOWN_OPERATOR, event, named([], [3, 4]), { kind: 'named', people: [], departmentIds: [3] }),
      ),
    ).toBe('DEPARTMENT_NOT_FOUND');
  });

  it('names people as assigned and departments lead-then-assist (吹哨报到), each once; departments hold at their own tier', () => {
    const chosen = chooseAssignees(TOWN_OPERATOR, event, named([5, 6, 5], [3, 4, 3]), {
      kind: 'named',
      people: [person(6), person(5)],
      departmentIds: [3, 4],
    });
    expect(chosen).toEqual({
      assignments: [
        { personId: 6, assignmentRole: 'assigned' },
        { personId: 5, assignmentRole: 'assigned' },
        { departmentId: 3, assignmentRole: 'department_lead' },
        { departmentId: 4, assignmentRole: 'department_assist' },
      ],
      placement: {},
      data: { personIds: [5, 6, 5], departmentIds: [3, 4, 3] },
      tier: 'department',
    });
    const people = chooseAssignees(TOWN_OPERATOR, event, named([5], []), {
      kind: 'named',
      people: [person(5)],
      departmentIds: [],
    });
    expect(people.tier).toBeNull();
  });

  it('sends to a jurisdiction’s responsible people (自动分拨), moving the event there, or to its centre', () => {
    const query = assigneeQuery(TOWN_OPERATOR, { jurisdictionCode: OTHER_GRID });
    expect(chooseAssignees(TOWN_OPERATOR, event, query, gridBindings)).toEqual({
      assignments: [
        { personId: 41, assignmentRole: 'grid_owner', duty: 'grid_worker' },
        { personId: 42, assignmentRole: 'village_team', duty: 'team_member' },
      ],
      placement: {
        jurisdiction_code: OTHER_GRID,
        dispatch_reason: 'named_jurisdiction',
        county_code: COUNTY,
        town_code: TOWN,
        village_code: VILLAGE,
        grid_code: OTHER_GRID,
      },
      data: { jurisdictionCode: OTHER_GRID, reason: 'named_jurisdiction', reasonText: '按指定辖区分拨' },
      tier: 'grid',
    });
    const empty = chooseAssignees(TOWN_OPERATOR, event, query, { kind: 'jurisdiction', exists: true, bindings: [] });
    expect(empty.assignments).toEqual([{ centreCode: TOWN, assignmentRole: 'centre' }]);
    expect(empty.tier).toBe('town');
    expect(empty.placement.dispatch_reason).toBe('no_responsible_people');
    expect(
      errorCodeOf(() =>
        chooseAssignees(TOWN_OPERATOR, event, query, { kind: 'jurisdiction', exists: false, bindings: [] }),
      ),
    ).toBe('JURISDICTION_NOT_FOUND');
  });
});

describe('分拨 / 重新分拨 / 改派', () => {
  const toGrid = (d: ReturnType<typeof decided>) =>
    chooseAssignees(d.user!, d.event, assigneeQuery(d.user!, { jurisdictionCode: OTHER_GRID }), gridBindings);

  it('replaces the holders, keeps the tier’s supervising centre, and restarts sign-for and response (and resolve when none runs)', () => {
    const d = decided('reassign', { event: { status: 'accepted' } });
    const plan = planDispatching(d, toGrid(d), false);
    expect(plan.to).toBe('dispatched');
    expect(plan.assignments).toEqual({
      replace: true,
      add: [
        { personId: 41, assignmentRole: 'grid_owner', duty: 'grid_worker', tier: 'grid' },
        { personId: 42, assignmentRole: 'village_team', duty: 'team_member', tier: 'village' },
      ],
    });
    expect(plan.changes).toMatchObject({ tier: 'grid', supervisor_code: TOWN, jurisdiction_code: OTHER_GRID });
    expect(plan.clocks.slice(0, 1)).toEqual([{ op: 'finish', steps: ['sign', 'respond'], outcome: 'superseded' }]);
    const opened = plan.clocks.at(-1);
    expect(
      opened?.op === 'open' && opened.plan.clocks.map((c) => [c.step, c.tier, c.dueAt.getTime() - NOW.getTime()]),
    ).toEqual([
      ['sign', 'grid', 2 * HOUR],
      ['respond', 'grid', DAY],
      ['resolve', 'grid', 14 * DAY],
    ]);
    expect(plan.notice).toMatchObject({ topic: 'event.assigned', targets: [{ personId: 41 }, { personId: 42 }] });
    expect(plan.history.data).toMatchObject({ jurisdictionCode: OTHER_GRID, reason: 'named_jurisdiction' });
  });

  it('keeps a running resolve clock for a new holder at the same tier', () => {
    const d = decided('reassign', { event: { status: 'handling' } });
    const opened = planDispatching(d, toGrid(d), true).clocks.at(-1);
    expect(opened?.op === 'open' && opened.plan.clocks.map((c) => c.step)).toEqual(['sign', 'respond']);
  });

  it('at a new tier supersedes its ladder clock and opens the new tier’s, and the new tier’s resolve limit', () => {
    const d = decided('reassign', { event: { status: 'handling', tier: 'town', supervisor_code: COUNTY } });
    const plan = planDispatching(d, toGrid(d), true);
    expect(plan.changes.tier).toBe('grid');
    // a centre's re-dispatch puts supervision where the new tier is, lowering it too
    expect(plan.changes.supervisor_code).toBe(TOWN);
    expect(plan.clocks.slice(0, 2)).toEqual([
      { op: 'finish', steps: ['sign', 'respond', 'tier'], outcome: 'superseded' },
      { op: 'finish', steps: ['resolve'], outcome: 'superseded' },
    ]);
    const opened = plan.clocks.at(-1);
    expect(opened?.op === 'open' && opened.plan.clocks.map((c) => [c.step, c.tier])).toEqual([
      ['sign', 'grid'],
      ['respond', 'grid'],
      ['tier', 'grid'],
      ['resolve', 'grid'],
    ]);
  });
});

describe('追加指派', () => {
  const holders = [
    buildAssignment({ person_id: 5 }),
    buildAssignment({ person_id: null, department_id: 3, assignment_role: 'department_lead' }),
  ];

  it('adds only who does not hold the event yet, replaces no one, and takes departments to their tier under the same centre', () => {
    const d = decided('assign', { assignments: holders, input: { personIds: [5, 6], departmentIds: [3, 4] } });
    const chosen = chooseAssignees(d.user!, d.event, assignQuery(d), {
      kind: 'named',
      people: [person(5), person(6)],
      departmentIds: [3, 4],
    });
    const plan = planAssign(d, chosen, true);
    expect(plan.assignments).toEqual({
      replace: false,
      add: [
        { personId: 6, assignmentRole: 'assigned', tier: 'department' },
        { departmentId: 4, assignmentRole: 'department_assist', tier: 'department' },
      ],
    });
    expect(plan.changes.tier).toBe('department');
    expect(plan.changes.supervisor_code).toBe(TOWN);
    expect(plan.notice?.targets).toEqual([{ personId: 6 }, { departmentId: 4 }]);
  });

  it('leaves the tier and the clocks alone when only people are added', () => {
    const d = decided('assign', { input: { personIds: [6] } });
    const chosen = chooseAssignees(d.user!, d.event, assignQuery(d), {
      kind: 'named',
      people: [person(6)],
      departmentIds: [],
    });
    const plan = planAssign(d, chosen, true);
    expect(plan.changes.tier).toBeUndefined();
    expect(plan.changes.supervisor_code).toBeUndefined();
    expect(plan.assignments?.add).toEqual([{ personId: 6, assignmentRole: 'assigned', tier: 'grid' }]);
    expect(plan.clocks).toEqual([{ op: 'open', plan: { clocks: [], fallbacks: [] } }]);
  });

  it('is refused to a leader, who supervises but does not dispatch', () => {
    const leader = buildUser(51, 'leader', TOWN);
    expect(errorCodeOf(() => decided('assign', { user: leader, input: { personIds: [6] } }))).toBe('FORBIDDEN');
  });
});
