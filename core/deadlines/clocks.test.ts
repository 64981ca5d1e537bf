import { describe, expect, it } from 'vitest';
import { clocksOnDispatch, ruleClock, tierClock, fixedClock, type DeadlineCalendar } from './clocks.js';
import { DEFAULT_LADDER, DEFAULT_RULES, resolveRule, type TimeLimitRule } from './time-limits.js';
import { lightAt, worstLight, warnAt } from './traffic-light.js';
import { isAboveTier, parentTier, initialTier } from './tiers.js';

const rules: TimeLimitRule[] = DEFAULT_RULES.map((r, i) => ({ ...r, id: i + 1 }));
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A calendar where every day works: days are plain 24-hour steps (the real calendar is tested on its own). */
const flat: DeadlineCalendar = {
  deadline: (start, limit) =>
    new Date(
      start.getTime() +
        limit.amount * { minutes: 60_000, hours: HOUR, natural_days: DAY, working_days: DAY }[limit.unit],
    ),
};
const settings = { calendar: flat, rules, ladder: DEFAULT_LADDER };
const t0 = new Date('2026-03-02T01:00:00Z');

describe('time-limit rules', () => {
  it('picks the most specific rule', () => {
    expect(resolveRule(rules, { eventType: 'hazard', riskLevel: 'red', tier: 'grid', step: 'resolve' })).toMatchObject({
      amount: 24,
      unit: 'hours',
    });
    expect(resolveRule(rules, { eventType: 'hazard', riskLevel: 'blue', tier: 'grid', step: 'resolve' })).toMatchObject(
      { amount: 5, unit: 'working_days' },
    );
    expect(
      resolveRule(rules, { eventType: 'petition', riskLevel: 'blue', tier: 'village', step: 'resolve' }),
    ).toMatchObject({ amount: 7, unit: 'natural_days' });
    expect(
      resolveRule(rules, { eventType: 'petition', riskLevel: 'blue', tier: 'town', step: 'resolve' }),
    ).toMatchObject({ amount: 14, unit: 'natural_days' });
    expect(resolveRule(rules, { eventType: 'appeal', riskLevel: 'red', tier: 'town', step: 'sign' })).toMatchObject({
      amount: 30,
      unit: 'minutes',
    });
  });

  it('prefers the event type over the risk level, and the lower id on a tie', () => {
    const custom: TimeLimitRule[] = [
      { id: 1, step: 'resolve', eventType: null, riskLevel: 'red', tier: 'grid', amount: 1, unit: 'hours' },
      { id: 2, step: 'resolve', eventType: 'appeal', riskLevel: null, tier: null, amount: 2, unit: 'hours' },
      { id: 3, step: 'resolve', eventType: 'appeal', riskLevel: null, tier: null, amount: 3, unit: 'hours' },
    ];
    expect(resolveRule(custom, { eventType: 'appeal', riskLevel: 'red', tier: 'grid', step: 'resolve' })?.id).toBe(2);
    expect(resolveRule(custom, { eventType: 'appeal', riskLevel: 'red', tier: 'grid', step: 'sign' })).toBeNull();
  });
});

describe('clocks', () => {
  it('opens sign, respond, resolve and the ladder clock for a dispute at the grid', () => {
    const { clocks, fallbacks } = clocksOnDispatch(
      settings,
      { eventType: 'dispute', riskLevel: 'blue' },
      'grid',
      t0,
      true,
    );
    expect(fallbacks).toEqual([]);
    expect(clocks.map((c) => [c.step, c.dueAt.getTime() - t0.getTime()])).toEqual([
      ['sign', 2 * HOUR],
      ['respond', DAY],
      ['resolve', 14 * DAY],
      ['tier', DAY],
    ]);
    for (const c of clocks)
      expect(c.warnAt.getTime() - t0.getTime()).toBe(Math.round((c.dueAt.getTime() - t0.getTime()) * 0.8));
  });

  it('has no ladder clock for hazards', () => {
    expect(tierClock(settings, { eventType: 'hazard', riskLevel: 'red' }, 'grid', t0)).toEqual({
      clocks: [],
      fallbacks: [],
    });
    expect(
      ruleClock(settings, { eventType: 'hazard', riskLevel: 'red' }, 'resolve', 'grid', t0).clocks[0].dueAt,
    ).toEqual(new Date(t0.getTime() + 24 * HOUR));
  });

  it('sums the default ladder to nine working days over five tiers (五级九天)', () => {
    expect(DEFAULT_LADDER.filter((r) => r.eventType === 'dispute').map((r) => r.tier)).toEqual([
      'grid',
      'village',
      'town',
      'department',
      'county',
    ]);
    expect(DEFAULT_LADDER.reduce((sum, r) => sum + r.amount, 0)).toBe(9);
  });

  it('sets fixed clocks to a given date', () => {
    const due = new Date(t0.getTime() + 10 * HOUR);
    expect(fixedClock('supervise', 'town', t0, due)).toMatchObject({
      dueAt: due,
      warnAt: new Date(t0.getTime() + 8 * HOUR),
    });
  });
});

describe('traffic lights', () => {
  it('turns yellow at 80% and red at the deadline', () => {
    const due = new Date(t0.getTime() + 10 * HOUR);
    const warn = warnAt(t0, due);
    expect(lightAt(new Date(t0.getTime() + 7.9 * HOUR), warn, due)).toBe('green');
    expect(lightAt(new Date(t0.getTime() + 8 * HOUR), warn, due)).toBe('yellow');
    expect(lightAt(due, warn, due)).toBe('red');
    expect(worstLight(['green', 'red', 'yellow'])).toBe('red');
    expect(worstLight([])).toBe('green');
  });
});

describe('tiers', () => {
  it('escalates grid → village → town → county, departments to the county', () => {
    expect(parentTier('grid')).toBe('village');
    expect(parentTier('village')).toBe('town');
    expect(parentTier('town')).toBe('county');
    expect(parentTier('department')).toBe('county');
    expect(parentTier('county')).toBeNull();
    expect(initialTier('grid', false)).toBe('grid');
    expect(initialTier('village', true)).toBe('town');
    expect(initialTier('county', true)).toBe('county');
  });

  it('knows who stands above a tier', () => {
    expect(isAboveTier('town', 'village')).toBe(true);
    expect(isAboveTier('town', 'grid')).toBe(true);
    expect(isAboveTier('town', 'town')).toBe(false);
    expect(isAboveTier('county', 'town')).toBe(true);
    expect(isAboveTier('town', 'department')).toBe(false);
    expect(isAboveTier('county', 'department')).toBe(true);
    expect(isAboveTier('village', 'grid')).toBe(true);
  });
});
