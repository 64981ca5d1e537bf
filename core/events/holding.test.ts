import { describe, expect, it } from 'vitest';
import { TIERS, type Tier } from '../deadlines/tiers.js';
import type { CurrentUser } from '../access/current-user.js';
import type { Role } from '../access/roles.js';
import { errorCodeOf } from '../errors.js';
import { assignmentTier, holdsAtTier, supervisesFrom, supervisingCentreFor } from './holding.js';
import { relationTo, type AssignmentFact, type EventFacts } from './event-access.js';
import { decideTransition, type EventAction, type EventStatus } from './event-workflow.js';

const COUNTY = '620999000000';
const TOWN = '620999100000';
const OTHER_TOWN = '620999101000';
const VILLAGE = '620999100201';
const GRID = '620999100201001';
const PLACE = { county_code: COUNTY, town_code: TOWN, village_code: VILLAGE, grid_code: GRID, jurisdiction_code: GRID };

const HEIGHT: Record<Tier, number> = { grid: 0, village: 1, town: 2, department: 3, county: 3 };

describe('the tier an assignment serves', () => {
  it('follows the assignment’s role, and the event’s tier for people a centre names', () => {
    for (const now of TIERS) {
      expect(assignmentTier({ assignmentRole: 'grid_owner' }, now)).toBe('grid');
      expect(assignmentTier({ assignmentRole: 'village_team' }, now)).toBe('village');
      expect(assignmentTier({ assignmentRole: 'department_lead' }, now)).toBe('department');
      expect(assignmentTier({ assignmentRole: 'department_assist' }, now)).toBe('department');
      expect(assignmentTier({ assignmentRole: 'centre', centreCode: TOWN }, now)).toBe('town');
      expect(assignmentTier({ assignmentRole: 'centre', centreCode: COUNTY }, now)).toBe('county');
      expect(assignmentTier({ assignmentRole: 'assigned' }, now)).toBe(now);
      expect(assignmentTier({ assignmentRole: 'mediator' }, now)).toBe(now);
    }
  });

  it('holds an event at its own tier or below it, and only assists above — every pair', () => {
    for (const assigned of TIERS) {
      for (const event of TIERS)
        expect(holdsAtTier(assigned, event), `${assigned} at ${event}`).toBe(HEIGHT[assigned] >= HEIGHT[event]);
    }
  });
});

describe('the supervising centre', () => {
  it('is the town’s while the event is held in the town, the county’s once raised there', () => {
    expect(supervisingCentreFor('grid', PLACE, null)).toBe(TOWN);
    expect(supervisingCentreFor('village', PLACE, TOWN)).toBe(TOWN);
    expect(supervisingCentreFor('town', PLACE, TOWN)).toBe(TOWN);
    expect(supervisingCentreFor('county', PLACE, TOWN)).toBe(COUNTY);
  });

  it('stays with the centre that called a department in', () => {
    expect(supervisingCentreFor('department', PLACE, TOWN)).toBe(TOWN);
    expect(supervisingCentreFor('department', PLACE, COUNTY)).toBe(COUNTY);
    expect(supervisingCentreFor('department', PLACE, null)).toBe(TOWN);
  });

  it('is the county’s for an event in no town', () => {
    const outside = { county_code: COUNTY, town_code: null, jurisdiction_code: COUNTY };
    for (const tier of TIERS) expect(supervisingCentreFor(tier, outside, null)).toBe(COUNTY);
  });

  it('never falls on an escalation, but a centre’s re-dispatch may lower it', () => {
    expect(supervisingCentreFor('village', PLACE, COUNTY, true)).toBe(COUNTY);
    expect(supervisingCentreFor('village', PLACE, COUNTY, false)).toBe(TOWN);
  });

  it('is supervised from that centre and from above it, never from below or beside', () => {
    expect(supervisesFrom(TOWN, TOWN)).toBe(true);
    expect(supervisesFrom(COUNTY, TOWN)).toBe(true);
    expect(supervisesFrom(COUNTY, COUNTY)).toBe(true);
    expect(supervisesFrom(TOWN, COUNTY)).toBe(false);
    expect(supervisesFrom(OTHER_TOWN, TOWN)).toBe(false);
  });
});

// ── the rule in the state machine: every tier × every tier's actor ─────────────────────────────

let nextId = 100;
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

const gridWorker = user('grid_worker', GRID);
const secretary = user('village_secretary', VILLAGE);
const townOp = user('town_operator', TOWN);
const countyOp = user('county_operator', COUNTY);
const leader = user('leader', COUNTY);
const staff = user('department_staff', COUNTY, 7);

/**
 * The assignments an event has once it came to `tier` the usual way: dispatched to the grid (grid
 * owner, village team), escalated to the village, the town (its centre), the county (its centre),
 * or handed to a department by the county.
 */
function assignmentsAt(tier: Tier): AssignmentFact[] {
  const a: AssignmentFact[] = [
    {
      personId: gridWorker.id,
      departmentId: null,
      centreCode: null,
      active: true,
      assignmentRole: 'grid_owner',
      tier: 'grid',
    },
    {
      personId: secretary.id,
      departmentId: null,
      centreCode: null,
      active: true,
      assignmentRole: 'village_team',
      tier: 'village',
    },
  ];
  if (HEIGHT[tier] >= HEIGHT.town)
    a.push({
      personId: null,
      departmentId: null,
      centreCode: TOWN,
      active: true,
      assignmentRole: 'centre',
      tier: 'town',
    });
  if (tier === 'county' || tier === 'department')
    a.push({
      personId: null,
      departmentId: null,
      centreCode: COUNTY,
      active: true,
      assignmentRole: 'centre',
      tier: 'county',
    });
  if (tier === 'department')
    a.push({
      personId: null,
      departmentId: 7,
      centreCode: null,
      active: true,
      assignmentRole: 'department_lead',
      tier: 'department',
    });
  return a;
}

function factsAt(tier: Tier): EventFacts {
  const supervisorCode = tier === 'county' || tier === 'department' ? COUNTY : TOWN;
  return { ...PLACE, reporterId: null, tier, supervisorCode, assignments: assignmentsAt(tier) };
}

function outcome(who: CurrentUser, tier: Tier, action: EventAction, from: EventStatus): string {
  const relation = relationTo(who, factsAt(tier));
  return (
    errorCodeOf(() =>
      decideTransition(action, from, { kind: 'person', id: who.id, role: who.role }, relation, '说明'),
    ) ?? 'allowed'
  );
}

/** Who holds an event at each tier (grid and village: both the grid's owners and the village team). */
const HOLDERS: Record<Tier, CurrentUser[]> = {
  grid: [gridWorker, secretary],
  village: [secretary],
  town: [townOp],
  county: [countyOp],
  department: [countyOp, staff],
};
const ASSIGNED = [gridWorker, secretary, townOp, countyOp, staff];

describe('who acts on an event, by the tier that holds it (五级九天)', () => {
  for (const tier of TIERS) {
    it(`at the ${tier} tier: its holders handle; the tiers below record and consult, nothing more`, () => {
      for (const who of ASSIGNED) {
        if (!relationTo(who, factsAt(tier)).isAssignee) continue;
        const holds = HOLDERS[tier].includes(who);
        for (const [action, from] of [
          ['accept', 'dispatched'],
          ['start', 'accepted'],
          ['resolve', 'handling'],
          ['return', 'dispatched'],
          ['request_extension', 'handling'],
        ] as const) {
          const got = outcome(who, tier, action, from);
          if (holds) expect(got, `${who.role} ${action} at ${tier}`).toBe('allowed');
          else expect(got, `${who.role} ${action} at ${tier}`).toBe('EVENT_HELD_AT_HIGHER_TIER');
        }
        // assisting: a record of what was done, a voice in the consultation
        expect(outcome(who, tier, 'record', 'handling'), `${who.role} record at ${tier}`).toBe('allowed');
        expect(outcome(who, tier, 'consult', 'handling'), `${who.role} consult at ${tier}`).toBe('allowed');
      }
    });

    it(`at the ${tier} tier: its supervising centre and those above verify and close; a centre below may not`, () => {
      const county = tier === 'county' || tier === 'department';
      for (const [action, from] of [
        ['verify', 'resolved'],
        ['close', 'verified'],
        ['rework', 'resolved'],
        ['urge', 'handling'],
        ['supervise', 'handling'],
        ['reassign', 'handling'],
        ['suspend', 'handling'],
      ] as const) {
        expect(outcome(countyOp, tier, action, from), `county ${action} at ${tier}`).toBe('allowed');
        expect(outcome(townOp, tier, action, from), `town ${action} at ${tier}`).toBe(
          county ? 'EVENT_HELD_AT_HIGHER_TIER' : 'allowed',
        );
      }
      expect(outcome(leader, tier, 'close', 'verified')).toBe('allowed');
    });
  }

  it('leaves those never assigned and outside the tree as they were: not theirs, or out of scope', () => {
    const otherWorker = user('grid_worker', '620999100201002');
    expect(outcome(otherWorker, 'grid', 'resolve', 'handling')).toBe('EVENT_NOT_ASSIGNED_TO_YOU');
    const otherTown = user('town_operator', OTHER_TOWN);
    expect(outcome(otherTown, 'grid', 'close', 'verified')).toBe('OUT_OF_SCOPE');
  });
});
