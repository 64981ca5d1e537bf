import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_DUE_DATE_HORIZON_DAYS,
  MAX_DUE_DATE_HORIZON_DAYS,
  dueDateHorizon,
  dueDateProblem,
} from './due-dates.js';

const DAY = 86_400_000;
const now = new Date('2026-11-24T02:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('the due-date rule (期限范围)', () => {
  it('takes a date after now and up to the horizon, both ends exactly', () => {
    expect(dueDateProblem(at(1), now, 366)).toBeNull();
    expect(dueDateProblem(at(DAY), now, 366)).toBeNull();
    expect(dueDateProblem(at(366 * DAY), now, 366)).toBeNull();
    expect(dueDateHorizon(now, 366)).toEqual(at(366 * DAY));
  });

  it('refuses now, the past and the far future, saying which and until when', () => {
    expect(dueDateProblem(now, now, 366)).toBe(`must be after now (${now.toISOString()})`);
    expect(dueDateProblem(at(-1), now, 366)).toMatch(/^must be after now/);
    expect(dueDateProblem(new Date('2000-01-01T00:00:00Z'), now, 366)).toMatch(/^must be after now/);
    expect(dueDateProblem(at(366 * DAY + 1), now, 366)).toBe(
      `must be at most 366 days ahead (${at(366 * DAY).toISOString()} at the latest; DUE_DATE_HORIZON_DAYS)`,
    );
    // the date that switched the overdue engine off
    expect(dueDateProblem(new Date('9999-12-31T00:00:00Z'), now, 366)).toMatch(/^must be at most 366 days ahead/);
    expect(dueDateProblem(new Date('2099-12-31T15:59:59Z'), now, DEFAULT_DUE_DATE_HORIZON_DAYS)).not.toBeNull();
  });

  it('refuses what is not a date', () => {
    expect(dueDateProblem(new Date(Number.NaN), now, 366)).toBe('is not a date');
    expect(dueDateProblem('2027-01-01' as unknown as Date, now, 366)).toBe('is not a date');
  });

  it('follows the configured horizon', () => {
    expect(dueDateProblem(at(30 * DAY), now, 30)).toBeNull();
    expect(dueDateProblem(at(30 * DAY + 1), now, 30)).not.toBeNull();
    expect(dueDateProblem(at(MAX_DUE_DATE_HORIZON_DAYS * DAY), now, MAX_DUE_DATE_HORIZON_DAYS)).toBeNull();
  });

  it('refuses a horizon outside 1 … MAX_DUE_DATE_HORIZON_DAYS whole days (a programming error: config checks it)', () => {
    for (const h of [0, -1, 1.5, Number.NaN, MAX_DUE_DATE_HORIZON_DAYS + 1])
      expect(() => dueDateProblem(at(DAY), now, h), String(h)).toThrow(RangeError);
  });

  it('is exactly "after now and within the horizon", for any date and horizon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -400 * DAY, max: 4000 * DAY }),
        fc.integer({ min: 1, max: MAX_DUE_DATE_HORIZON_DAYS }),
        (offset, horizon) => {
          const ok = offset > 0 && offset <= horizon * DAY;
          expect(dueDateProblem(at(offset), now, horizon) === null).toBe(ok);
        },
      ),
    );
  });
});
