import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../errors.js';
import type { CurrentUser } from '../access/current-user.js';
import type { Role } from '../access/roles.js';
import {
  BRIEFING_KINDS,
  alignBriefingSpan,
  briefingPeriod,
  briefingTitle,
  dueBriefings,
  isoWeek,
  latestEnded,
  latestReleased,
  periodLabel,
  releaseInstant,
  type BriefingKind,
} from './briefing-schedule.js';
import {
  assertCanIssueBriefing,
  assertCanReadBriefings,
  briefingAudience,
  canReadBriefing,
} from './analytics-access.js';
import { addDays, daysBetween } from './periods.js';

/** An instant given as China wall-clock time. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
const due = (now: Date) =>
  Object.fromEntries(dueBriefings(now).map((d) => [d.kind, d.span])) as Record<
    BriefingKind,
    { from: string; to: string; unit: string }
  >;

describe('when briefings are due (China time)', () => {
  it('issues the Monday review of last week from 08:00, not before', () => {
    // Monday 23 November 2026
    expect(due(cst('2026-11-23T07:59:59')).weekly_review).toEqual({
      from: '2026-11-09',
      to: '2026-11-16',
      unit: 'week',
    });
    expect(due(cst('2026-11-23T08:00:00')).weekly_review).toEqual({
      from: '2026-11-16',
      to: '2026-11-23',
      unit: 'week',
    });
    expect(due(cst('2026-11-29T23:59:00')).weekly_review).toEqual({
      from: '2026-11-16',
      to: '2026-11-23',
      unit: 'week',
    });
  });

  it('issues the Friday progress of this week (Monday–Friday) from 16:00', () => {
    expect(due(cst('2026-11-27T15:59:00')).weekly_progress).toEqual({
      from: '2026-11-16',
      to: '2026-11-21',
      unit: 'week',
    });
    expect(due(cst('2026-11-27T16:00:00')).weekly_progress).toEqual({
      from: '2026-11-23',
      to: '2026-11-28',
      unit: 'week',
    });
    expect(due(cst('2026-11-30T09:00:00')).weekly_progress.from).toBe('2026-11-23');
  });

  it('issues the monthly, quarterly and yearly notices on the first day for the period just ended', () => {
    const d = due(cst('2026-10-01T08:00:00'));
    expect(d.monthly).toEqual({ from: '2026-09-01', to: '2026-10-01', unit: 'month' });
    expect(d.quarterly).toEqual({ from: '2026-07-01', to: '2026-10-01', unit: 'quarter' });
    expect(d.yearly).toEqual({ from: '2025-01-01', to: '2026-01-01', unit: 'year' });
    const before = due(cst('2026-10-01T07:00:00'));
    expect(before.monthly.from).toBe('2026-08-01');
    expect(before.quarterly.from).toBe('2026-04-01');
    const newYear = due(cst('2027-01-01T08:30:00'));
    expect(newYear.yearly).toEqual({ from: '2026-01-01', to: '2027-01-01', unit: 'year' });
    expect(newYear.quarterly).toEqual({ from: '2026-10-01', to: '2027-01-01', unit: 'quarter' });
    expect(newYear.monthly).toEqual({ from: '2026-12-01', to: '2027-01-01', unit: 'month' });
  });

  it('reads the day in China whatever the instant’s UTC date (Monday 08:00 CST is Monday 00:00 UTC)', () => {
    expect(due(new Date('2026-11-23T00:00:00Z')).weekly_review.from).toBe('2026-11-16');
    expect(due(new Date('2026-11-22T23:59:00Z')).weekly_review.from).toBe('2026-11-09');
  });

  it('always names a released, whole period no older than one period', () => {
    const instant = fc
      .integer({ min: 0, max: 20 * 365 * 24 })
      .map((h) => new Date(Date.UTC(2020, 0, 1) + h * 3_600_000 + 1234));
    fc.assert(
      fc.property(instant, fc.constantFrom(...BRIEFING_KINDS), (now, kind) => {
        const span = latestReleased(kind, now);
        expect(releaseInstant(kind, span).getTime()).toBeLessThanOrEqual(now.getTime());
        expect(briefingPeriod(kind, span.from)).toEqual(span);
        const next = briefingPeriod(kind, kind === 'weekly_progress' ? addDays(span.from, 7) : span.to);
        expect(releaseInstant(kind, next).getTime()).toBeGreaterThan(now.getTime());
      }),
    );
  });
});

describe('titles and labels', () => {
  it('names notices as the articles do', () => {
    expect(briefingTitle('monthly', '一网示范县', { from: '2026-11-01', to: '2026-12-01' })).toBe(
      '一网示范县2026年11月基层治理工作通报',
    );
    expect(briefingTitle('weekly_review', '甲镇', { from: '2026-11-16', to: '2026-11-23' })).toBe(
      '甲镇2026年第47周矛盾纠纷和信访研判（周一）',
    );
    expect(briefingTitle('weekly_progress', '甲镇', { from: '2026-11-23', to: '2026-11-28' })).toBe(
      '甲镇2026年第48周议定事项进展调度（周五）',
    );
    expect(briefingTitle('quarterly', '测试县', { from: '2026-07-01', to: '2026-10-01' })).toBe(
      '测试县2026年第三季度基层治理工作通报',
    );
    expect(briefingTitle('yearly', '测试县', { from: '2025-01-01', to: '2026-01-01' })).toBe(
      '测试县2025年度基层治理工作通报',
    );
  });

  it('says when a notice stops short of its period', () => {
    expect(briefingTitle('monthly', '测试县', { from: '2026-11-01', to: '2026-11-25' })).toBe(
      '测试县2026年11月基层治理工作通报（截至11月24日）',
    );
  });

  it('numbers weeks by ISO 8601, the year being that of the week’s Thursday', () => {
    expect(isoWeek('2026-11-16')).toEqual({ year: 2026, week: 47 });
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 });
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
  });

  it('prints spans with both ends included', () => {
    expect(periodLabel({ from: '2026-11-16', to: '2026-11-23' })).toBe('2026年11月16日至11月22日');
    expect(periodLabel({ from: '2026-12-28', to: '2027-01-04' })).toBe('2026年12月28日至2027年1月3日');
    expect(periodLabel({ from: '2026-11-24', to: '2026-11-25' })).toBe('2026年11月24日');
  });
});

describe('periods asked for on demand', () => {
  const today = '2026-11-24'; // Tuesday
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as DomainError).code;
    }
    return null;
  };

  it('keeps a whole past period and cuts a current one at today', () => {
    expect(alignBriefingSpan('monthly', { from: '2026-10-01', to: '2026-11-01' }, today)).toEqual({
      from: '2026-10-01',
      to: '2026-11-01',
      unit: 'month',
    });
    expect(alignBriefingSpan('monthly', { from: '2026-11-01', to: '2026-12-01' }, today)).toEqual({
      from: '2026-11-01',
      to: '2026-11-25',
      unit: 'month',
    });
    expect(alignBriefingSpan('weekly_progress', { from: '2026-11-16', to: '2026-11-23' }, today)).toEqual({
      from: '2026-11-16',
      to: '2026-11-21',
      unit: 'week',
    });
    expect(alignBriefingSpan('yearly', { from: '2026-01-01', to: '2026-11-25' }, today)).toEqual({
      from: '2026-01-01',
      to: '2026-11-25',
      unit: 'year',
    });
  });

  it('without a period, takes the latest whole period that is over', () => {
    expect(latestEnded('weekly_review', today)).toEqual({ from: '2026-11-16', to: '2026-11-23', unit: 'week' });
    expect(latestEnded('weekly_progress', today)).toEqual({ from: '2026-11-16', to: '2026-11-21', unit: 'week' });
    expect(latestEnded('weekly_progress', '2026-11-28')).toEqual({
      from: '2026-11-23',
      to: '2026-11-28',
      unit: 'week',
    });
    expect(latestEnded('monthly', today)).toEqual({ from: '2026-10-01', to: '2026-11-01', unit: 'month' });
    expect(latestEnded('quarterly', today).from).toBe('2026-07-01');
    expect(latestEnded('yearly', today).from).toBe('2025-01-01');
  });

  it('refuses spans that do not start a period, cross one, or lie in the future', () => {
    expect(code(() => alignBriefingSpan('quarterly', { from: '2026-11-01', to: '2026-12-01' }, today))).toBe(
      'PERIOD_INVALID',
    );
    expect(code(() => alignBriefingSpan('weekly_review', { from: '2026-11-01', to: '2026-12-01' }, today))).toBe(
      'PERIOD_INVALID',
    );
    expect(code(() => alignBriefingSpan('monthly', { from: '2026-10-01', to: '2026-11-15' }, today))).toBe(
      'PERIOD_INVALID',
    );
    expect(code(() => alignBriefingSpan('monthly', { from: '2026-12-01', to: '2027-01-01' }, today))).toBe(
      'PERIOD_INVALID',
    );
  });

  it('gives every kind a non-empty span inside its period', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.constantFrom(...BRIEFING_KINDS), (d, kind) => {
        const whole = briefingPeriod(kind, d);
        const span = alignBriefingSpan(kind, whole, d);
        expect(span.from).toBe(whole.from);
        expect(daysBetween(span.from, span.to)).toBeGreaterThan(0);
        expect(span.to <= whole.to).toBe(true);
      }),
    );
  });
});

describe('circulation (下发范围)', () => {
  const user = (role: Role, jurisdictionCode: string): CurrentUser => ({
    id: 1,
    name: 'x',
    role,
    jurisdictionCode,
    jurisdictionLevel: 'town',
    jurisdictionName: 'x',
    departmentId: null,
  });
  const county = '620999000000';
  const townA = '620999100000';
  const townB = '620999101000';
  const villageA1 = '620999100201';

  it('circulates a county notice down to its towns and villages, and a town’s to its villages and the county', () => {
    expect(canReadBriefing(user('town_operator', townA), county)).toBe(true);
    expect(canReadBriefing(user('town_operator', townA), townA)).toBe(true);
    expect(canReadBriefing(user('town_operator', townB), townA)).toBe(false);
    expect(canReadBriefing(user('county_operator', county), townA)).toBe(true);
    expect(canReadBriefing(user('village_secretary', villageA1), townA)).toBe(true);
    expect(canReadBriefing(user('village_secretary', villageA1), townB)).toBe(false);
    expect(canReadBriefing(user('department_staff', county), county)).toBe(true);
    expect(canReadBriefing(user('department_staff', county), townA)).toBe(false);
  });

  it('describes the audience as the centres above and the subtree below', () => {
    expect(briefingAudience(user('town_operator', townA))).toEqual({
      above: [county, townA],
      subtreePrefix: '620999100',
    });
    expect(briefingAudience(user('county_operator', county))).toEqual({ above: [county], subtreePrefix: '620999' });
    expect(briefingAudience(user('village_secretary', villageA1))).toEqual({
      above: [county, townA],
      subtreePrefix: '620999100201',
    });
    expect(briefingAudience(user('department_staff', county))).toEqual({ above: [county], subtreePrefix: null });
    expect(briefingAudience(user('citizen', villageA1))).toEqual({ above: [], subtreePrefix: null });
  });

  it('keeps notices from citizens, mediators, grid workers and grid heads', () => {
    for (const role of ['citizen', 'mediator', 'grid_worker', 'grid_head'] as const) {
      expect(() => assertCanReadBriefings(user(role, villageA1))).toThrow(DomainError);
      expect(canReadBriefing(user(role, villageA1), county)).toBe(false);
    }
    expect(() => assertCanReadBriefings(user('village_secretary', villageA1))).not.toThrow();
  });

  it('lets centres and leaders issue notices for a county or town within their jurisdiction', () => {
    expect(() => assertCanIssueBriefing(user('town_operator', townA), townA)).not.toThrow();
    expect(() => assertCanIssueBriefing(user('leader', county), townB)).not.toThrow();
    expect(() => assertCanIssueBriefing(user('town_operator', townB), townA)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_SCOPE' }),
    );
    expect(() => assertCanIssueBriefing(user('town_operator', townA), county)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_SCOPE' }),
    );
    expect(() => assertCanIssueBriefing(user('village_secretary', villageA1), townA)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => assertCanIssueBriefing(user('county_operator', county), villageA1)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
