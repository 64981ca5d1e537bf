/** 受理计划: a report's own checks, and what it becomes — placement, assignees, tier, supervising centre, clocks, history. */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors.js';
import { gcj02ToWgs84 } from '../geo/coord-transform.js';
import {
  bindingLookup,
  checkIdempotencyKey,
  checkReporterIdNumber,
  planIntake,
  reportedAtOf,
  reportPoint,
  type IntakeFacts,
} from './intake-plan.js';
import { COUNTY, DAY, GRID, HOUR, NOW, SETTINGS, TOWN, VILLAGE } from './actions/action-fixtures.js';

const category = { code: 'dispute.neighbour', event_type: 'dispute', name_zh: '邻里纠纷' };
const bindings = [
  { personId: 11, jurisdictionCode: GRID, duty: 'grid_worker' },
  { personId: 12, jurisdictionCode: VILLAGE, duty: 'party_secretary' },
  { personId: 13, jurisdictionCode: VILLAGE, duty: 'not_a_duty' },
];

function facts(overrides: Partial<IntakeFacts> = {}): IntakeFacts {
  return {
    request: { channel: 'citizen', description: '  楼上漏水  ', location: { lng: 114.2, lat: 31.1 } },
    reporter: { id: 90, name: '张三', role: 'citizen' },
    category,
    point: { lng: 114.2, lat: 31.1 },
    place: { code: GRID, level: 'grid' },
    named: false,
    countyCode: COUNTY,
    bindings,
    settings: SETTINGS,
    reportedAt: NOW,
    now: NOW,
    ...overrides,
  };
}

describe('a report’s own fields', () => {
  it('takes an idempotency key of 8–128 letters, digits or _ . : -, or none', () => {
    expect(errorCodeOf(() => checkIdempotencyKey(undefined))).toBeNull();
    expect(errorCodeOf(() => checkIdempotencyKey('abc:123_4.5-6'))).toBeNull();
    expect(errorCodeOf(() => checkIdempotencyKey('short'))).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(errorCodeOf(() => checkIdempotencyKey('with space 123'))).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(errorCodeOf(() => checkIdempotencyKey('x'.repeat(129)))).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it('checks an ID number when one is given (GB 11643)', () => {
    expect(errorCodeOf(() => checkReporterIdNumber(undefined, NOW))).toBeNull();
    expect(errorCodeOf(() => checkReporterIdNumber('11010519491231002X', NOW))).toBeNull();
    expect(errorCodeOf(() => checkReporterIdNumber('110105194912310021', NOW))).toBe('ID_NUMBER_INVALID');
  });

  it('takes finite degrees, converting GCJ-02 to WGS-84 when flagged', () => {
    expect(reportPoint(undefined)).toBeNull();
    expect(reportPoint({ lng: 114.2, lat: 31.1 })).toEqual({ lng: 114.2, lat: 31.1 });
    const [lng, lat] = gcj02ToWgs84(114.2, 31.1);
    expect(reportPoint({ lng: 114.2, lat: 31.1, crs: 'gcj02' })).toEqual({ lng, lat });
    for (const bad of [
      { lng: Number.NaN, lat: 31 },
      { lng: 181, lat: 31 },
      { lng: 114, lat: -91 },
      { lng: Number.POSITIVE_INFINITY, lat: 0 },
    ])
      expect(errorCodeOf(() => reportPoint(bad))).toBe('COORDINATES_INVALID');
  });

  it('takes a report time no later than five minutes ahead and not before 2000', () => {
    expect(reportedAtOf(undefined, NOW)).toBe(NOW);
    const earlier = new Date(NOW.getTime() - DAY);
    expect(reportedAtOf(earlier.toISOString(), NOW)).toEqual(earlier);
    expect(reportedAtOf(new Date(NOW.getTime() + 4 * 60_000).toISOString(), NOW).getTime()).toBe(
      NOW.getTime() + 240_000,
    );
    expect(errorCodeOf(() => reportedAtOf(new Date(NOW.getTime() + 6 * 60_000).toISOString(), NOW))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCodeOf(() => reportedAtOf('1999-12-31T00:00:00Z', NOW))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => reportedAtOf('yesterday', NOW))).toBe('VALIDATION_FAILED');
  });

  it('reads the bindings of a grid and its village, of one named place, or of none', () => {
    expect(bindingLookup({ code: GRID, level: 'grid' })).toEqual([GRID, VILLAGE]);
    expect(bindingLookup({ code: VILLAGE, level: 'village' })).toEqual([VILLAGE]);
    expect(bindingLookup(null)).toEqual([]);
  });
});

describe('what a report becomes', () => {
  it('in a grid: dispatched by the platform to the grid’s owners and the village’s "3+N" team, held at the grid', () => {
    const plan = planIntake(facts({ request: { ...facts().request, address: '  3号楼 ', attachmentIds: ['a', 'a'] } }));
    expect(plan.event).toMatchObject({
      status: 'dispatched',
      status_kind: 'open',
      jurisdiction_code: GRID,
      county_code: COUNTY,
      town_code: TOWN,
      village_code: VILLAGE,
      grid_code: GRID,
      dispatch_reason: 'in_grid',
      tier: 'grid',
      supervisor_code: TOWN,
      light: 'green',
      title: '邻里纠纷 · 3号楼',
      address: '3号楼',
      description: '楼上漏水',
      risk_level: 'blue',
      high_risk: false,
      reporter_id: 90,
      reporter_name: '张三',
      reporter_anonymous: false,
      lng: 114.2,
      lat: 31.1,
      reported_at: NOW,
      created_at: NOW,
      updated_at: NOW,
    });
    expect(plan.assignments).toEqual([
      { personId: 11, assignmentRole: 'grid_owner', duty: 'grid_worker', tier: 'grid' },
      { personId: 12, assignmentRole: 'village_team', duty: 'party_secretary', tier: 'village' },
    ]);
    expect(plan.noticeTargets.map((t) => t.personId)).toEqual([11, 12]);
    expect(plan.attachmentIds).toEqual(['a']);
    expect(plan.clocks.clocks.map((c) => [c.step, c.tier, c.dueAt.getTime() - NOW.getTime()])).toEqual([
      ['sign', 'grid', 2 * HOUR],
      ['respond', 'grid', DAY],
      ['resolve', 'grid', 14 * DAY],
      ['tier', 'grid', DAY],
    ]);
    expect(plan.history).toEqual([
      {
        action: 'report',
        from: null,
        to: 'reported',
        actorId: 90,
        actorRole: 'citizen',
        note: null,
        data: { channel: 'citizen', location: { lng: 114.2, lat: 31.1 }, crs: 'wgs84' },
        attachmentIds: ['a'],
      },
      {
        action: 'dispatch',
        from: 'reported',
        to: 'dispatched',
        actorId: null,
        actorRole: 'system',
        note: '按网格自动分拨',
        data: { reason: 'in_grid', jurisdictionCode: GRID, assignments: plan.noticeTargets },
      },
    ]);
  });

  it('a grid nobody is bound to goes to its town centre, held at the town, with the reason', () => {
    const plan = planIntake(facts({ bindings: [] }));
    expect(plan.assignments).toEqual([{ centreCode: TOWN, assignmentRole: 'centre', tier: 'town' }]);
    expect(plan.event).toMatchObject({ tier: 'town', supervisor_code: TOWN, dispatch_reason: 'no_responsible_people' });
  });

  it('a point outside every boundary goes to the county centre', () => {
    const plan = planIntake(facts({ place: null, bindings: [] }));
    expect(plan.assignments).toEqual([{ centreCode: COUNTY, assignmentRole: 'centre', tier: 'county' }]);
    expect(plan.event).toMatchObject({
      jurisdiction_code: COUNTY,
      tier: 'county',
      supervisor_code: COUNTY,
      dispatch_reason: 'outside_county',
      town_code: null,
    });
  });

  it('a village the reporter named goes to its "3+N" team; nothing of a blank title or name is kept', () => {
    const plan = planIntake(
      facts({
        request: {
          channel: 'hotline_12345',
          description: '噪音',
          title: '   ',
          reporterName: '  ',
          riskLevel: 'red',
          highRisk: true,
          anonymous: true,
        },
        reporter: null,
        point: null,
        place: { code: VILLAGE, level: 'village' },
        named: true,
        bindings: [bindings[1]],
      }),
    );
    expect(plan.assignments).toEqual([
      { personId: 12, assignmentRole: 'village_team', duty: 'party_secretary', tier: 'village' },
    ]);
    expect(plan.event).toMatchObject({
      title: '邻里纠纷',
      reporter_id: null,
      reporter_name: null,
      reporter_anonymous: true,
      risk_level: 'red',
      high_risk: true,
      lng: null,
      dispatch_reason: 'named_jurisdiction',
      tier: 'village',
    });
    expect(plan.history[0]).toMatchObject({ actorId: null, actorRole: 'citizen', data: { location: null } });
  });

  it('keeps a title to 100 characters, and counts the light from the clocks (a report made late may start red)', () => {
    const plan = planIntake(facts({ request: { ...facts().request, title: '长'.repeat(150) } }));
    expect(plan.event.title).toHaveLength(100);
    const late = planIntake(
      facts({ now: NOW, settings: { ...SETTINGS, rules: SETTINGS.rules.map((r) => ({ ...r, amount: 0 })) } }),
    );
    expect(late.event.light).toBe('red');
  });
});
