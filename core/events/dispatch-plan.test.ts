import { describe, expect, it } from 'vitest';
import { planDispatch, centreFor, type Binding } from './dispatch-plan.js';

const bindings: Binding[] = [
  { personId: 1, jurisdictionCode: '620999100201001', duty: 'grid_worker' },
  { personId: 2, jurisdictionCode: '620999100201001', duty: 'grid_head' },
  { personId: 2, jurisdictionCode: '620999100201', duty: 'team_member' },
  { personId: 3, jurisdictionCode: '620999100201', duty: 'party_secretary' },
  { personId: 4, jurisdictionCode: '620999100201', duty: 'leader_in_charge' },
];
const of = (code: string) => bindings.filter((b) => b.jurisdictionCode === code);

describe('dispatch plan (自动分拨)', () => {
  it('binds the grid owners and the village team, each person once', () => {
    const plan = planDispatch({ code: '620999100201001', level: 'grid' }, '620999000000', of);
    expect(plan.reason).toBe('in_grid');
    expect(plan.jurisdictionCode).toBe('620999100201001');
    expect(plan.assignments).toEqual([
      { personId: 1, assignmentRole: 'grid_owner', duty: 'grid_worker' },
      { personId: 2, assignmentRole: 'grid_owner', duty: 'grid_head' },
      { personId: 3, assignmentRole: 'village_team', duty: 'party_secretary' },
      { personId: 4, assignmentRole: 'village_team', duty: 'leader_in_charge' },
    ]);
  });

  it('sends an unbound grid in an unbound village to the town centre', () => {
    const plan = planDispatch({ code: '620999100202001', level: 'grid' }, '620999000000', of);
    expect(plan).toEqual({
      jurisdictionCode: '620999100202001',
      reason: 'no_responsible_people',
      assignments: [{ centreCode: '620999100000', assignmentRole: 'centre' }],
    });
  });

  it('sends a point in a village but in no grid to the town centre', () => {
    const plan = planDispatch({ code: '620999100201', level: 'village' }, '620999000000', of);
    expect(plan.reason).toBe('outside_grids');
    expect(plan.assignments).toEqual([{ centreCode: '620999100000', assignmentRole: 'centre' }]);
  });

  it('sends a named village to its team', () => {
    const plan = planDispatch({ code: '620999100201', level: 'village' }, '620999000000', of, true);
    expect(plan.reason).toBe('named_jurisdiction');
    expect(plan.assignments.map((a) => a.personId)).toEqual([2, 3, 4]);
  });

  it('sends a point only in the county, or nowhere, to the county centre', () => {
    expect(planDispatch({ code: '620999000000', level: 'county' }, '620999000000', of).assignments).toEqual([
      { centreCode: '620999000000', assignmentRole: 'centre' },
    ]);
    expect(planDispatch(null, '620999000000', of)).toEqual({
      jurisdictionCode: '620999000000',
      reason: 'outside_county',
      assignments: [{ centreCode: '620999000000', assignmentRole: 'centre' }],
    });
    expect(centreFor('620999100201001', '620999000000')).toBe('620999100000');
  });
});
