import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  daysBetween,
  monthSpan,
  presetSpan,
  previousPeriod,
  samePeriodLastYear,
  customSpan,
  PERIOD_PRESETS,
} from './periods.js';
import { errorCodeOf } from '../errors.js';
import { chinaDateOf, chinaDayStartOf } from '../time/china-time.js';

describe('periods', () => {
  it('reads the China date of an instant', () => {
    expect(chinaDateOf(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10-31');
    expect(chinaDateOf(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11-01');
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
    expect(previousPeriod(presetSpan('this_month', '2026-03-30'))).toEqual({
      from: '2026-02-01',
      to: '2026-03-01',
      unit: 'month',
    });
    expect(previousPeriod(presetSpan('this_month', '2026-11-24'))).toEqual({
      from: '2026-10-01',
      to: '2026-10-25',
      unit: 'month',
    });
    expect(samePeriodLastYear(monthSpan('2026-11'))).toEqual({ from: '2025-11-01', to: '2025-12-01', unit: 'month' });
    expect(samePeriodLastYear(presetSpan('today', '2028-02-29'))).toEqual({
      from: '2027-02-28',
      to: '2027-03-01',
      unit: 'day',
    });
    expect(previousPeriod(presetSpan('last_quarter', '2026-11-24'))).toEqual({
      from: '2026-04-01',
      to: '2026-07-01',
      unit: 'quarter',
    });
    expect(previousPeriod(customSpan('2026-03-20', '2026-04-06'))).toEqual({
      from: '2026-03-03',
      to: '2026-03-20',
      unit: 'custom',
    });
    expect(samePeriodLastYear(presetSpan('last_week', '2026-11-24'))).toEqual({
      from: '2025-11-17',
      to: '2025-11-24',
      unit: 'week',
    });
  });

  it('moves months keeping the day or clamping it to the month end', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });

  it('gives comparison periods that are non-empty, earlier and no longer than one unit apart', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 30 })
      .map((n) => new Date(Date.UTC(2001, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
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

  it('refuses months and spans outside the client range, before any arithmetic', () => {
    for (const month of ['0000-01', '9999-12', '0099-12', '1999-12', '2100-01', '2026-13'])
      expect(
        errorCodeOf(() => monthSpan(month)),
        month,
      ).toBe('PERIOD_INVALID');
    expect(monthSpan('2000-01')).toEqual({ from: '2000-01-01', to: '2000-02-01', unit: 'month' });
    expect(monthSpan('2099-12')).toEqual({ from: '2099-12-01', to: '2100-01-01', unit: 'month' });
    expect(customSpan('2000-01-01', '2100-01-01').to).toBe('2100-01-01'); // `to` is exclusive: the whole range
    for (const [from, to] of [
      ['1999-12-31', '2000-01-02'],
      ['2099-12-31', '2100-01-02'],
      ['2026-01-05', '2026-01-05'],
      ['2026-02-30', '2026-03-02'],
      ['0099-12-01', '0100-01-01'],
    ])
      expect(
        errorCodeOf(() => customSpan(from, to)),
        `${from} ${to}`,
      ).toBe('PERIOD_INVALID');
  });

  it('never computes a date PostgreSQL could not store: out of the calendar is PERIOD_INVALID, not a malformed date', () => {
    expect(errorCodeOf(() => addMonths('0001-01-01', -1))).toBe('PERIOD_INVALID');
    expect(errorCodeOf(() => addDays('0001-01-01', -1))).toBe('PERIOD_INVALID');
    expect(errorCodeOf(() => addDays('9999-12-31', 1))).toBe('PERIOD_INVALID');
    expect(errorCodeOf(() => addDays('not a date', 1))).toBe('PERIOD_INVALID');
  });

  /** A date PostgreSQL reads as a date: four digits of year 1–9999 (no year 0), a real month and day. */
  const storable = (date: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m || Number(m[1]) < 1) return false;
    const at = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === date;
  };
  const FIRST = Date.UTC(2000, 0, 1);
  const DAYS = 36_525; // 2000-01-01 … 2099-12-31
  const dayOf = (n: number) => new Date(FIRST + n * 86_400_000).toISOString().slice(0, 10);
  const inRange = fc.integer({ min: 0, max: DAYS - 1 }).map(dayOf);
  /** Any span a client can ask for: a preset on any day, a month, or any custom span within the range. */
  const anySpan = fc.oneof(
    fc.tuple(fc.constantFrom(...PERIOD_PRESETS), inRange).map(([preset, today]) => presetSpan(preset, today)),
    fc
      .tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => monthSpan(`${y}-${String(m).padStart(2, '0')}`)),
    fc
      .tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.integer({ min: 0, max: DAYS - 1 }))
      .map(([a, b]) => customSpan(dayOf(Math.min(a, b)), dayOf(Math.max(a, b) + 1))),
    fc.constantFrom(
      monthSpan('2000-01'),
      monthSpan('2099-12'),
      presetSpan('this_year', '2000-01-01'),
      presetSpan('last_year', '2000-12-31'),
      customSpan('2000-01-01', '2100-01-01'),
      presetSpan('this_week', '2000-01-01'),
    ),
  );

  it('gives comparison periods (环比, 同比) of dates PostgreSQL accepts for any span within the range', () => {
    fc.assert(
      fc.property(anySpan, (span) => {
        for (const other of [
          span,
          previousPeriod(span),
          samePeriodLastYear(span),
          previousPeriod(previousPeriod(span)),
          samePeriodLastYear(samePeriodLastYear(span)),
        ]) {
          expect(storable(other.from), `${JSON.stringify(span)} → ${other.from}`).toBe(true);
          expect(storable(other.to), `${JSON.stringify(span)} → ${other.to}`).toBe(true);
          expect(other.from < other.to).toBe(true);
          expect(
            Number.isFinite(chinaDayStartOf(other.from).getTime()) &&
              Number.isFinite(chinaDayStartOf(other.to).getTime()),
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
