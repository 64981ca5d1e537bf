import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, chinaDate, daysBetween, monthSpan, presetSpan, previousPeriod, samePeriodLastYear, customSpan, PERIOD_PRESETS } from './periods.js';

describe('periods', () => {
  it('reads the China date of an instant', () => {
    expect(chinaDate(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10-31');
    expect(chinaDate(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11-01');
  });

  it('makes presets relative to today (Tuesday 24 November 2026)', () => {
    const today = '2026-11-24';
    expect(presetSpan('today', today)).toEqual({ from: '2026-11-24', to: '2026-11-25', unit: 'day' });
    expect(presetSpan('yesterday', today)).toEqual({ from: '2026-11-23', to: '2026-11-24', unit: 'day' });
    expect(presetSpan('this_week', today)).toEqual({ from: '2026-11-23', to: '2026-11-25', unit: 'week' });
    expect(presetSpan('last_week', today)).toEqual({ from: '2026-11-16', to: '2026-11-23', unit: 'week' });
    expect(presetSpan('this_month', today)).toEqual({ from: '2026-11-01', to: '2026-11-25', unit: 'month' });
    expect(presetSpan('last_month', today)).toEqual({ from: '2026-10-01', to: '2026-11-01', unit: 'month' });
    expect(presetSpan('this_quarter', today)).toEqual({ from: '2026-10-01', to: '2026-11-25', unit: 'quarter' });
    expect(presetSpan('last_quarter', today)).toEqual({ from: '2026-07-01', to: '2026-10-01', unit: 'quarter' });
    expect(presetSpan('this_year', today)).toEqual({ from: '2026-01-01', to: '2026-11-25', unit: 'year' });
    expect(presetSpan('last_year', today)).toEqual({ from: '2025-01-01', to: '2026-01-01', unit: 'year' });
    expect(presetSpan('this_week', '2026-11-29').from).toBe('2026-11-23'); // Sunday belongs to the week begun Monday
  });

  it('compares whole months with whole months and partial months day by day', () => {
    expect(previousPeriod(monthSpan('2026-03'))).toEqual({ from: '2026-02-01', to: '2026-03-01', unit: 'month' });
    expect(previousPeriod(monthSpan('2026-01'))).toEqual({ from: '2025-12-01', to: '2026-01-01', unit: 'month' });
    expect(previousPeriod(presetSpan('this_month', '2026-03-30'))).toEqual({ from: '2026-02-01', to: '2026-03-01', unit: 'month' });
    expect(previousPeriod(presetSpan('this_month', '2026-11-24'))).toEqual({ from: '2026-10-01', to: '2026-10-25', unit: 'month' });
    expect(samePeriodLastYear(monthSpan('2026-11'))).toEqual({ from: '2025-11-01', to: '2025-12-01', unit: 'month' });
    expect(samePeriodLastYear(presetSpan('today', '2028-02-29'))).toEqual({ from: '2027-02-28', to: '2027-03-01', unit: 'day' });
    expect(previousPeriod(presetSpan('last_quarter', '2026-11-24'))).toEqual({ from: '2026-04-01', to: '2026-07-01', unit: 'quarter' });
    expect(previousPeriod(customSpan('2026-03-20', '2026-04-06'))).toEqual({ from: '2026-03-03', to: '2026-03-20', unit: 'custom' });
    expect(samePeriodLastYear(presetSpan('last_week', '2026-11-24'))).toEqual({ from: '2025-11-17', to: '2025-11-24', unit: 'week' });
  });

  it('moves months keeping the day or clamping it to the month end', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });

  it('gives comparison periods that are non-empty, earlier and no longer than one unit apart', () => {
    const day = fc.integer({ min: 0, max: 365 * 30 }).map((n) => new Date(Date.UTC(2001, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.constantFrom(...PERIOD_PRESETS), (today, preset) => {
        const span = presetSpan(preset, today);
        expect(daysBetween(span.from, span.to)).toBeGreaterThan(0);
        for (const other of [previousPeriod(span), samePeriodLastYear(span)]) {
          expect(daysBetween(other.from, other.to)).toBeGreaterThan(0);
          expect(other.to <= span.from || other.from < span.from).toBe(true);
          expect(Math.abs(daysBetween(other.from, other.to) - daysBetween(span.from, span.to))).toBeLessThanOrEqual(3);
        }
        expect(previousPeriod(span).to <= span.from).toBe(true);
      }),
    );
  });
});
