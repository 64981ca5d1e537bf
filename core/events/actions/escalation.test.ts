/** 提级: the tier above, who takes the event there, the count, supervision only ever raised, the new tier's clocks. */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../errors.js';
import { TIERS, type Tier } from '../../deadlines/tiers.js';
import {
  assigneesForTier,
  escalationTier,
  ladderEscalationNote,
  needsVillageTeam,
  planEscalate,
} from './escalation.js';
import {
  buildAssignment,
  buildEvent,
  COUNTY,
  DAY,
  decided,
  HOLDER,
  HOLDS,
  NOW,
  TOWN,
  VILLAGE,
} from './action-fixtures.js';

const team = [
  { personId: 11, jurisdictionCode: VILLAGE, duty: 'party_secretary' },
  { personId: 12, jurisdictionCode: VILLAGE, duty: 'team_member' },
  { personId: 13, jurisdictionCode: VILLAGE, duty: 'volunteer' },
];

describe('the tier above', () => {
  it('is grid → village → town → county, a department → the county; nothing above the county', () => {
    const above: Record<Tier, Tier | null> = {
      grid: 'village',
      village: 'town',
      town: 'county',
      department: 'county',
      county: null,
    };
    for (const tier of TIERS) {
      const d = decided('escalate', { event: { tier }, input: { note: '超出本级能力' } });
      if (above[tier]) expect(escalationTier(d)).toBe(above[tier]);
      else expect(errorCodeOf(() => escalationTier(d))).toBe('EVENT_ALREADY_TOP_TIER');
    }
  });

  it('needs the village’s team loaded only when the event goes to its village', () => {
    expect(needsVillageTeam(buildEvent(), 'village')).toBe(true);
    expect(needsVillageTeam(buildEvent({ village_code: null }), 'village')).toBe(false);
    expect(needsVillageTeam(buildEvent(), 'town')).toBe(false);
  });
});

describe('who takes an escalated event', () => {
  const event = buildEvent();

  it('at the village: its "3+N" team, but not those already on it', () => {
    expect(assigneesForTier(event, 'village', [buildAssignment({ person_id: 11 })], team)).toEqual([
      { personId: 12, assignmentRole: 'village_team', duty: 'team_member' },
    ]);
  });

  it('at the village: nobody new when the team already holds it; its town centre when it has no team', () => {
    const onIt = [buildAssignment({ person_id: 12, assignment_role: 'village_team' })];
    expect(assigneesForTier(event, 'village', onIt, [team[1]])).toEqual([]);
    expect(assigneesForTier(event, 'village', [], [])).toEqual([{ centreCode: TOWN, assignmentRole: 'centre' }]);
    expect(assigneesForTier(buildEvent({ village_code: null }), 'village', [], team)).toEqual([
      { centreCode: TOWN, assignmentRole: 'centre' },
    ]);
  });

  it('at the town or the county: its centre, unless that centre holds it already; the county for an event in no town', () => {
    expect(assigneesForTier(event, 'town', [], [])).toEqual([{ centreCode: TOWN, assignmentRole: 'centre' }]);
    expect(assigneesForTier(event, 'county', [], [])).toEqual([{ centreCode: COUNTY, assignmentRole: 'centre' }]);
    const held = [buildAssignment({ person_id: null, centre_code: TOWN, assignment_role: 'centre' })];
    expect(assigneesForTier(event, 'town', held, [])).toEqual([]);
    const ended = [buildAssignment({ person_id: null, centre_code: TOWN, assignment_role: 'centre', active: false })];
    expect(assigneesForTier(event, 'town', ended, [])).toEqual([{ centreCode: TOWN, assignmentRole: 'centre' }]);
    expect(assigneesForTier(buildEvent({ town_code: null, county_code: null }), 'town', [], [])).toEqual([
      { centreCode: COUNTY, assignmentRole: 'centre' },
    ]);
  });
});

describe('提级', () => {
  it('raises the tier, counts it, keeps who held it and adds who takes it, with the new tier’s clocks', () => {
    const d = decided('escalate', { user: HOLDER, relation: HOLDS, input: { note: '调解不成' } });
    const plan = planEscalate(d, 'village', team, true);
    expect(plan.to).toBe('dispatched');
    expect(plan.changes).toMatchObject({ tier: 'village', escalation_count: 1, supervisor_code: TOWN });
    expect(plan.assignments).toEqual({
      replace: false,
      add: [{ personId: 12, assignmentRole: 'village_team', duty: 'team_member', tier: 'village' }],
    });
    expect(plan.history.data).toEqual({ fromTier: 'grid', toTier: 'village' });
    expect(plan.notice).toMatchObject({ topic: 'event.escalated', targets: [{ personId: 12 }], except: [11] });
    expect(plan.clocks.slice(0, 2)).toEqual([
      { op: 'finish', steps: ['sign', 'respond', 'tier'], outcome: 'superseded' },
      { op: 'finish', steps: ['resolve'], outcome: 'superseded' },
    ]);
    const opened = plan.clocks.at(-1);
    expect(
      opened?.op === 'open' && opened.plan.clocks.map((c) => [c.step, c.tier, c.dueAt.getTime() - NOW.getTime()]),
    ).toEqual([
      ['sign', 'village', 2 * 3600_000],
      ['respond', 'village', DAY],
      ['tier', 'village', 2 * DAY],
      ['resolve', 'village', 14 * DAY],
    ]);
  });

  it('opens a resolve clock when none runs, and never lowers the supervising centre', () => {
    const d = decided('escalate', {
      event: { tier: 'department', supervisor_code: COUNTY },
      input: { note: '部门无法办结' },
    });
    const plan = planEscalate(d, 'county', [], false);
    expect(plan.changes.supervisor_code).toBe(COUNTY);
    expect(plan.clocks[0]).toEqual({ op: 'finish', steps: ['sign', 'respond', 'tier'], outcome: 'superseded' });
    const opened = plan.clocks.at(-1);
    expect(opened?.op === 'open' && opened.plan.clocks.map((c) => c.step)).toEqual([
      'sign',
      'respond',
      'resolve',
      'tier',
    ]);
    const fromTown = planEscalate(
      decided('escalate', { event: { tier: 'town' }, input: { note: '镇级无法化解' } }),
      'county',
      [],
      true,
    );
    expect(fromTown.changes.supervisor_code).toBe(COUNTY);
  });

  it('is the platform’s when a tier’s ladder time runs out (五级九天)', () => {
    const d = decided('escalate', { user: null, input: { note: ladderEscalationNote('grid') } });
    const plan = planEscalate(d, escalationTier(d), team, true);
    expect(plan.actorId).toBeNull();
    expect(plan.actorRole).toBe('system');
    expect(plan.history.note).toBe('网格处置时限已到，自动提级（五级九天）');
    expect(plan.notice?.except).toEqual([]);
  });
});
