/**
 * The fallback when a stored deadline setting cannot be counted (回退), and the checks a setting
 * passes when it is saved (时限设置校验): pure, on the real work calendar.
 */
import { describe, expect, it } from 'vitest';
import {
  clocksOnDispatch,
  keepSteps,
  limitDue,
  ruleClock,
  tierClock,
  unusableSettings,
  type ClockSettings,
  type DeadlineCalendar,
} from './clocks.js';
import { calendarProblem, clockFallbackFault, timeLimitProblem } from './deadline-settings.js';
import { DEFAULT_LADDER, DEFAULT_RULES, type LadderRung, type TimeLimitRule } from './time-limits.js';
import {
  addCstDays,
  cstWeekday,
  MAX_LIMIT_DAYS,
  MAX_SCAN_DAYS,
  WorkCalendar,
  type CstDate,
  type DayKind,
} from './work-calendar.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const weekdays = new WorkCalendar(new Map());
const defaults: TimeLimitRule[] = DEFAULT_RULES.map((r, i) => ({ ...r, id: i + 1 }));
const t0 = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in China
const dispute = { eventType: 'dispute', riskLevel: 'blue' };
const settingsOf = (over: Partial<ClockSettings> = {}): ClockSettings => ({
  calendar: weekdays,
  rules: defaults,
  ladder: DEFAULT_LADDER,
  ...over,
});
const brokenRule: TimeLimitRule = {
  id: 99,
  step: 'resolve',
  eventType: 'dispute',
  riskLevel: null,
  tier: null,
  amount: 100_000,
  unit: 'natural_days',
};
const brokenRung: LadderRung = { eventType: 'dispute', tier: 'grid', amount: 100_000, unit: 'working_days' };
/** The defaults with the dispute's resolve rule (id 12) saved as 100000 natural days. */
const withBrokenRule = [...defaults.filter((r) => r.id !== 12), brokenRule];

/** Every day from `from` for `days` days a holiday, with a working day on each side: a rest of exactly `days`. */
function restOf(from: CstDate, days: number): WorkCalendar {
  const explicit = new Map<CstDate, DayKind>([
    [addCstDays(from, -1), 'workday'],
    [addCstDays(from, days), 'workday'],
  ]);
  for (let i = 0; i < days; i++) explicit.set(addCstDays(from, i), 'holiday');
  return new WorkCalendar(explicit);
}
/** A calendar whose overrides leave no working day for ten years from before t0. */
const noWorkingDays = restOf('2026-11-01', MAX_SCAN_DAYS + 60);

describe('a stored setting the engine cannot count falls back to the built-in default', () => {
  it('keeps a countable rule as it is, with no fallback', () => {
    const plan = ruleClock(settingsOf(), dispute, 'resolve', 'grid', t0);
    expect(plan.fallbacks).toEqual([]);
    expect(plan.clocks).toHaveLength(1);
    expect(plan.clocks[0]).toMatchObject({ amount: 14, unit: 'natural_days', ruleId: 12 });
    expect(plan.clocks[0].fallback).toBeUndefined();
  });

  it('counts a rule longer than the calendar counts by the default rule of that step, and says why', () => {
    const plan = ruleClock(settingsOf({ rules: withBrokenRule }), dispute, 'resolve', 'grid', t0);
    const fallback = {
      step: 'resolve',
      tier: 'grid',
      broken: { kind: 'rule', ruleId: 99, amount: 100_000, unit: 'natural_days' },
      code: 'VALIDATION_FAILED',
      reason: expect.stringContaining(`0 to ${MAX_LIMIT_DAYS}`),
      used: { amount: 14, unit: 'natural_days' },
      weekdayCalendar: false,
    };
    expect(plan.fallbacks).toEqual([fallback]);
    expect(plan.clocks).toEqual([
      {
        step: 'resolve',
        tier: 'grid',
        startedAt: t0,
        warnAt: expect.any(Date),
        dueAt: weekdays.deadline(t0, { amount: 14, unit: 'natural_days' }),
        amount: 14,
        unit: 'natural_days',
        ruleId: null,
        fallback,
      },
    ]);
  });

  it('uses the most specific default: a broken red-hazard rule falls back to 24 hours, a town petition to 14 days', () => {
    const hazard: TimeLimitRule = {
      ...brokenRule,
      id: 100,
      eventType: 'hazard',
      riskLevel: 'red',
      unit: 'working_days',
    };
    expect(
      ruleClock(settingsOf({ rules: [hazard] }), { eventType: 'hazard', riskLevel: 'red' }, 'resolve', 'grid', t0)
        .clocks[0],
    ).toMatchObject({
      amount: 24,
      unit: 'hours',
      dueAt: new Date(t0.getTime() + 24 * HOUR),
    });
    const petition: TimeLimitRule = { ...brokenRule, id: 101, eventType: 'petition', tier: 'town' };
    expect(
      ruleClock(settingsOf({ rules: [petition] }), { eventType: 'petition', riskLevel: 'blue' }, 'resolve', 'town', t0)
        .clocks[0],
    ).toMatchObject({ amount: 14, unit: 'natural_days' });
  });

  it('counts a broken ladder rung by the default rung (五级九天)', () => {
    const plan = tierClock(settingsOf({ ladder: [brokenRung] }), dispute, 'grid', t0);
    expect(plan.fallbacks).toMatchObject([
      {
        step: 'tier',
        broken: { kind: 'rung', eventType: 'dispute', tier: 'grid', amount: 100_000, unit: 'working_days' },
        used: { amount: 1, unit: 'working_days' },
      },
    ]);
    expect(plan.clocks).toMatchObject([
      { step: 'tier', amount: 1, unit: 'working_days', ruleId: null, dueAt: new Date('2026-11-25T15:59:59.999Z') },
    ]);
  });

  it('opens no ladder clock where the built-in ladder has no rung, and still reports the broken one', () => {
    const hazardRung: LadderRung = { eventType: 'hazard', tier: 'grid', amount: 100_000, unit: 'natural_days' };
    const plan = tierClock(
      settingsOf({ ladder: [hazardRung] }),
      { eventType: 'hazard', riskLevel: 'blue' },
      'grid',
      t0,
    );
    expect(plan.clocks).toEqual([]);
    expect(plan.fallbacks).toMatchObject([
      { step: 'tier', broken: { kind: 'rung', eventType: 'hazard' }, used: null, weekdayCalendar: false },
    ]);
  });

  it('counts on the weekday calendar when the stored calendar cannot count the default either', () => {
    const settings = settingsOf({ calendar: noWorkingDays });
    // hours need no working day: the sign-for clock is counted as stored
    expect(ruleClock(settings, dispute, 'sign', 'grid', t0)).toMatchObject({
      clocks: [{ amount: 2, unit: 'hours', ruleId: 1 }],
      fallbacks: [],
    });
    const respond = ruleClock(settings, dispute, 'respond', 'grid', t0);
    expect(respond.fallbacks).toMatchObject([
      {
        code: 'CALENDAR_NO_WORKING_DAY',
        broken: { kind: 'rule', ruleId: 4 },
        used: { amount: 1, unit: 'working_days' },
        weekdayCalendar: true,
      },
    ]);
    expect(respond.clocks[0].dueAt).toEqual(weekdays.deadline(t0, { amount: 1, unit: 'working_days' }));
  });

  it('gathers every clock and every fallback of a dispatch, in order', () => {
    const plan = clocksOnDispatch(
      settingsOf({ rules: withBrokenRule, ladder: [brokenRung] }),
      dispute,
      'grid',
      t0,
      true,
    );
    expect(plan.clocks.map((c) => [c.step, c.amount, c.unit, c.fallback ? 'fallback' : 'stored'])).toEqual([
      ['sign', 2, 'hours', 'stored'],
      ['respond', 1, 'working_days', 'stored'],
      ['resolve', 14, 'natural_days', 'fallback'],
      ['tier', 1, 'working_days', 'fallback'],
    ]);
    expect(plan.fallbacks.map((f) => f.step)).toEqual(['resolve', 'tier']);
    const kept = keepSteps(plan, (step) => step !== 'tier');
    expect(kept.clocks.map((c) => c.step)).toEqual(['sign', 'respond', 'resolve']);
    expect(kept.fallbacks.map((f) => f.step)).toEqual(['resolve']);
  });

  it('falls back on an instant the calendar cannot give, and lets a programming error through', () => {
    const invalid: DeadlineCalendar = { deadline: () => new Date(Number.NaN) };
    expect(limitDue(invalid, t0, { amount: 1, unit: 'hours' })).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      reason: 'the deadline is out of range',
    });
    expect(ruleClock(settingsOf({ calendar: invalid }), dispute, 'sign', 'grid', t0).clocks[0]).toMatchObject({
      amount: 2,
      unit: 'hours',
      fallback: { weekdayCalendar: true },
    });
    const buggy: DeadlineCalendar = {
      deadline: () => {
        throw new TypeError('bug');
      },
    };
    expect(() => ruleClock(settingsOf({ calendar: buggy }), dispute, 'sign', 'grid', t0)).toThrow(TypeError);
  });

  it('lists the stored settings that cannot be counted, and none of the defaults', () => {
    expect(unusableSettings(settingsOf(), t0)).toEqual([]);
    const broken = unusableSettings(
      settingsOf({ rules: withBrokenRule, ladder: [...DEFAULT_LADDER, { ...brokenRung, eventType: 'appeal' }] }),
      t0,
    );
    expect(broken.map((f) => f.broken)).toEqual([
      { kind: 'rule', ruleId: 99, amount: 100_000, unit: 'natural_days' },
      { kind: 'rung', eventType: 'appeal', tier: 'grid', amount: 100_000, unit: 'working_days' },
    ]);
  });
});

describe('what the county centre is told (设置故障)', () => {
  it('names the rule, its limit, the reason and what was used instead, under a key of its values', () => {
    const [fallback] = ruleClock(settingsOf({ rules: [brokenRule] }), dispute, 'resolve', 'grid', t0).fallbacks;
    const fault = clockFallbackFault(fallback);
    expect(fault.key).toBe('time_limit_rule:99:100000:natural_days:VALIDATION_FAILED');
    expect(fault.setting).toBe('time_limit_rule');
    expect(fault.text).toBe(
      '【一网】时限规则#99（办结，100000个自然日）无法计算，已按默认时限14个自然日计时，事件照常受理。请县综治中心修改该时限设置。',
    );
    expect(fault.detail).toMatchObject({ broken: fallback.broken, reason: fallback.reason });
  });

  it('names a rung by type and tier, a missing default, and the weekday calendar', () => {
    const none = tierClock(
      settingsOf({ ladder: [{ eventType: 'hazard', tier: 'town', amount: 100_000, unit: 'natural_days' }] }),
      { eventType: 'hazard', riskLevel: 'blue' },
      'town',
      t0,
    ).fallbacks[0];
    expect(clockFallbackFault(none)).toMatchObject({
      key: 'tier_ladder:hazard:town:100000:natural_days:VALIDATION_FAILED',
      setting: 'tier_ladder',
    });
    expect(clockFallbackFault(none).text).toContain(
      '五级九天时限（风险隐患·镇(街道)，100000个自然日）无法计算，默认设置无此项，暂不计时',
    );
    const weekday = ruleClock(settingsOf({ calendar: noWorkingDays }), dispute, 'respond', 'grid', t0).fallbacks[0];
    expect(clockFallbackFault(weekday).text).toContain(
      '已按默认时限1个工作日（按周一至周五工作日，工作日历也无法计算）计时',
    );
  });
});

describe('checking a time limit when it is saved', () => {
  it('accepts every built-in limit', () => {
    for (const limit of [...DEFAULT_RULES, ...DEFAULT_LADDER])
      expect(timeLimitProblem(weekdays, limit, t0, 366), JSON.stringify(limit)).toBeNull();
  });

  it('refuses what the engine cannot count, with its reason', () => {
    expect(timeLimitProblem(weekdays, { amount: 100_000, unit: 'natural_days' }, t0, 366)).toMatch(
      /^the deadline engine cannot count 100000 natural_days: .*0 to 36600/,
    );
    expect(timeLimitProblem(weekdays, { amount: MAX_LIMIT_DAYS + 1, unit: 'working_days' }, t0, 366)).toMatch(
      /cannot count/,
    );
    expect(timeLimitProblem(noWorkingDays, { amount: 1, unit: 'working_days' }, t0, 366)).toMatch(/no working day/);
  });

  it('refuses a limit ending beyond the horizon, which the engine could count', () => {
    expect(timeLimitProblem(weekdays, { amount: MAX_LIMIT_DAYS, unit: 'natural_days' }, t0, 366)).toMatch(
      /beyond the 366-day horizon/,
    );
    expect(timeLimitProblem(weekdays, { amount: 100_000, unit: 'hours' }, t0, 366)).toMatch(
      /beyond the 366-day horizon/,
    );
    // hours are exact: 366 days of them end on the horizon itself
    expect(timeLimitProblem(weekdays, { amount: 366 * 24, unit: 'hours' }, t0, 366)).toBeNull();
    expect(timeLimitProblem(weekdays, { amount: 366 * 24 + 1, unit: 'hours' }, t0, 366)).not.toBeNull();
    expect(timeLimitProblem(weekdays, { amount: 100_000, unit: 'minutes' }, t0, 366)).toBeNull(); // 69 days
    expect(timeLimitProblem(weekdays, { amount: 300, unit: 'natural_days' }, t0, 366)).toBeNull();
    expect(timeLimitProblem(weekdays, { amount: 300, unit: 'working_days' }, t0, 366)).toMatch(/beyond/);
    expect(timeLimitProblem(weekdays, { amount: 30, unit: 'natural_days' }, t0, 30)).toMatch(/beyond/); // ends at the end of a day
    expect(timeLimitProblem(weekdays, { amount: 29, unit: 'natural_days' }, t0, 30)).toBeNull();
  });
});

describe('checking a work calendar when it is saved', () => {
  it('finds the longest rest: a weekend without holidays, a holiday week around its weekend', () => {
    expect(weekdays.longestRest().days).toBe(2);
    const golden = new WorkCalendar(
      new Map<CstDate, DayKind>([
        ['2026-10-01', 'holiday'],
        ['2026-10-02', 'holiday'],
        ['2026-10-05', 'holiday'],
        ['2026-10-06', 'holiday'],
        ['2026-10-07', 'holiday'],
      ]),
    );
    expect(cstWeekday('2026-10-01')).toBe(4);
    expect(golden.longestRest()).toEqual({ from: '2026-10-01', days: 7 });
  });

  it('refuses a run of MAX_SCAN_DAYS days without a working day, and only that', () => {
    expect(calendarProblem(weekdays)).toBeNull();
    expect(calendarProblem(restOf('2030-01-01', MAX_SCAN_DAYS - 1))).toBeNull();
    expect(restOf('2030-01-01', MAX_SCAN_DAYS).longestRest()).toEqual({ from: '2030-01-01', days: MAX_SCAN_DAYS });
    expect(calendarProblem(restOf('2030-01-01', MAX_SCAN_DAYS))).toBe(
      `the work calendar would have no working day for ${MAX_SCAN_DAYS} days from 2030-01-01; a deadline counted in days cannot end there (at most ${MAX_SCAN_DAYS - 1} days in a row without one)`,
    );
    // the engine agrees: one day shorter still counts from its first day, the full run does not
    expect(
      limitDue(restOf('2030-01-01', MAX_SCAN_DAYS - 1), new Date('2029-12-31T16:00:00Z'), {
        amount: 0,
        unit: 'working_days',
      }).ok,
    ).toBe(true);
    expect(
      limitDue(restOf('2030-01-01', MAX_SCAN_DAYS), new Date('2029-12-31T16:00:00Z'), {
        amount: 0,
        unit: 'working_days',
      }),
    ).toMatchObject({ ok: false, code: 'CALENDAR_NO_WORKING_DAY' });
    expect(DAY).toBe(86_400_000);
  });
});
