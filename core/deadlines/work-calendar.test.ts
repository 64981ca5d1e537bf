import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { errorCodeOf } from '../errors.js';
import {
  addCstDays,
  cstDateOf,
  cstWeekday,
  endOfCstDay,
  isCstDate,
  MAX_SCAN_DAYS,
  startOfCstDay,
  WorkCalendar,
  type CstDate,
  type DayKind,
} from './work-calendar.js';
import {
  explicitDaysOf,
  GOLDEN_ROWS,
  OFFICIAL_2025,
  OFFICIAL_2026,
  WORKING_DAYS_IN_YEAR,
} from './work-calendar.golden.js';

const calendar = new WorkCalendar(explicitDaysOf([...OFFICIAL_2025, ...OFFICIAL_2026]));
const at = (iso: string) => new Date(iso);
const dueOf = (d: Date) => {
  // A deadline counted in days is always the last millisecond of a CST day.
  expect(d.getTime()).toBe(endOfCstDay(cstDateOf(d)).getTime());
  return cstDateOf(d);
};

const codeOf = errorCodeOf;

describe('CST dates', () => {
  it('takes the China Standard Time date of an instant, near midnight too', () => {
    expect(cstDateOf(at('2025-01-27T16:30:00Z'))).toBe('2025-01-28');
    expect(cstDateOf(at('2025-01-27T15:59:59.999Z'))).toBe('2025-01-27');
    expect(cstDateOf(at('2025-01-27T16:00:00.000Z'))).toBe('2025-01-28');
    expect(cstDateOf(at('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
    expect(cstDateOf(at('1969-12-31T15:59:59.999Z'))).toBe('1969-12-31');
    expect(cstDateOf(at('1969-12-31T16:00:00Z'))).toBe('1970-01-01');
  });

  it('ends a CST day at 23:59:59.999 +08:00', () => {
    expect(endOfCstDay('2025-02-05').toISOString()).toBe('2025-02-05T15:59:59.999Z');
    expect(startOfCstDay('2025-02-05').toISOString()).toBe('2025-02-04T16:00:00.000Z');
    expect(endOfCstDay('2024-02-29').toISOString()).toBe('2024-02-29T15:59:59.999Z');
  });

  it('adds days across months, leap days and years', () => {
    expect(addCstDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addCstDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCstDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCstDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCstDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCstDays('2025-03-01', 365)).toBe('2026-03-01');
  });

  it('knows weekdays and refuses non-dates', () => {
    expect(cstWeekday('2025-01-26')).toBe(7);
    expect(cstWeekday('2025-01-27')).toBe(1);
    expect(cstWeekday('2026-02-14')).toBe(6);
    for (const bad of ['2025-02-30', '2025-13-01', '2025-1-5', '20250105', '2025-01-05T00:00', '', '0099-01-01x']) {
      expect(isCstDate(bad), bad).toBe(false);
      expect(
        codeOf(() => endOfCstDay(bad)),
        bad,
      ).toBe('VALIDATION_FAILED');
    }
    expect(isCstDate('2024-02-29')).toBe(true);
    expect(isCstDate('0099-01-01')).toBe(true);
    expect(codeOf(() => cstDateOf(new Date(Number.NaN)))).toBe('VALIDATION_FAILED');
  });
});

describe('WorkCalendar on the official 2025 and 2026 arrangements', () => {
  it.each(GOLDEN_ROWS.map((r) => [r.why, r] as const))('%s', (_why, row) => {
    expect(dueOf(calendar.deadline(at(row.start), { amount: row.amount, unit: row.unit }))).toBe(row.due);
    if (row.unit === 'working_days') expect(dueOf(calendar.addWorkingDays(at(row.start), row.amount))).toBe(row.due);
    else expect(dueOf(calendar.addNaturalDays(at(row.start), row.amount))).toBe(row.due);
  });

  it('tells working days: statutory holidays off, swapped weekends on, other weekends off', () => {
    const expectations: [CstDate, boolean][] = [
      ['2025-01-24', true],
      ['2025-01-25', false],
      ['2025-01-26', true], // 调休 Sunday
      ['2025-01-28', false],
      ['2025-02-04', false],
      ['2025-02-05', true],
      ['2025-02-08', true], // 调休 Saturday
      ['2025-02-09', false],
      ['2025-04-27', true],
      ['2025-05-05', false],
      ['2025-09-28', true],
      ['2025-10-08', false],
      ['2025-10-11', true],
      ['2026-01-04', true],
      ['2026-02-14', true],
      ['2026-02-23', false],
      ['2026-02-28', true],
      ['2026-05-09', true],
      ['2026-09-20', true],
      ['2026-09-25', false],
      ['2026-10-10', true],
      ['2027-01-04', true], // no data: the weekday rule
      ['2027-01-09', false],
    ];
    for (const [date, working] of expectations) expect(calendar.isWorkingDay(date), date).toBe(working);
  });

  it('does not count the start day', () => {
    // Monday 08:00 plus one working day is the end of Tuesday, not of Monday.
    expect(calendar.addWorkingDays(at('2025-03-03T08:00:00+08:00'), 1).toISOString()).toBe('2025-03-04T15:59:59.999Z');
    expect(calendar.addNaturalDays(at('2025-03-03T08:00:00+08:00'), 1).toISOString()).toBe('2025-03-04T15:59:59.999Z');
    // Friday plus one working day is Monday.
    expect(dueOf(calendar.addWorkingDays(at('2025-03-07T23:00:00+08:00'), 1))).toBe('2025-03-10');
    // Zero working days: the end of the start day when it is a working day.
    expect(calendar.addWorkingDays(at('2025-03-03T08:00:00+08:00'), 0).toISOString()).toBe('2025-03-03T15:59:59.999Z');
  });

  it('counts minutes and hours as plain elapsed time, holidays or not', () => {
    const start = at('2025-01-27T23:30:00+08:00');
    expect(calendar.deadline(start, { amount: 90, unit: 'minutes' }).toISOString()).toBe('2025-01-27T17:00:00.000Z');
    expect(calendar.deadline(start, { amount: 24, unit: 'hours' }).toISOString()).toBe('2025-01-28T15:30:00.000Z');
    expect(calendar.deadline(start, { amount: 1.5, unit: 'hours' }).toISOString()).toBe('2025-01-27T17:00:00.000Z');
    expect(calendar.deadline(start, { amount: 0, unit: 'minutes' }).getTime()).toBe(start.getTime());
  });

  it('counts working days between two instants', () => {
    expect(calendar.workingDaysBetween(at('2025-01-27T10:00:00+08:00'), at('2025-02-05T10:00:00+08:00'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2025-01-24T10:00:00+08:00'), at('2025-02-10T08:00:00+08:00'))).toBe(7);
    expect(calendar.workingDaysBetween(at('2026-09-30T10:00:00+08:00'), at('2026-10-15T10:00:00+08:00'))).toBe(7);
    expect(calendar.workingDaysBetween(at('2025-02-05T10:00:00+08:00'), at('2025-02-05T18:00:00+08:00'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2025-02-10T10:00:00+08:00'), at('2025-01-24T10:00:00+08:00'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2025-02-10T10:00:00+08:00'), at('2025-02-10T10:00:00+08:00'))).toBe(0);
    // b's date counts: Jan 27 23:59 → Jan 28 00:01 crosses into a holiday (0); Feb 4 23:59 → Feb 5 00:01 (1).
    expect(calendar.workingDaysBetween(at('2025-01-27T23:59:00+08:00'), at('2025-01-28T00:01:00+08:00'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2025-02-04T23:59:00+08:00'), at('2025-02-05T00:01:00+08:00'))).toBe(1);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    for (const year of [2025, 2026] as const) {
      const a = at(`${year - 1}-12-31T12:00:00+08:00`);
      const b = at(`${year}-12-31T12:00:00+08:00`);
      expect(calendar.workingDaysBetween(a, b), String(year)).toBe(WORKING_DAYS_IN_YEAR[year]);
      let brute = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addCstDays(d, 1)) if (calendar.isWorkingDay(d)) brute++;
      expect(brute).toBe(WORKING_DAYS_IN_YEAR[year]);
    }
  });
});

describe('WorkCalendar rules and guards', () => {
  it('lets explicit days override the weekday rule either way', () => {
    const c = new WorkCalendar(
      new Map<CstDate, DayKind>([
        ['2030-01-05', 'workday'],
        ['2030-01-07', 'holiday'],
      ]),
    );
    expect(c.isWorkingDay('2030-01-05')).toBe(true); // a Saturday made a working day
    expect(c.isWorkingDay('2030-01-06')).toBe(false);
    expect(c.isWorkingDay('2030-01-07')).toBe(false); // a Monday made a holiday
    expect(dueOf(c.addWorkingDays(at('2030-01-04T12:00:00+08:00'), 1))).toBe('2030-01-05');
    expect(dueOf(c.addWorkingDays(at('2030-01-04T12:00:00+08:00'), 2))).toBe('2030-01-08');
    expect(c.workingDaysBetween(at('2030-01-04T12:00:00+08:00'), at('2030-01-08T12:00:00+08:00'))).toBe(2);
  });

  it('copies the map it is given', () => {
    const days = new Map<CstDate, DayKind>([['2030-01-07', 'holiday']]);
    const c = new WorkCalendar(days);
    days.set('2030-01-07', 'workday');
    expect(c.isWorkingDay('2030-01-07')).toBe(false);
  });

  it('refuses bad input', () => {
    expect(codeOf(() => new WorkCalendar(new Map([['2030-02-30', 'holiday']])))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => new WorkCalendar(new Map([['2030-01-07', 'rest' as DayKind]])))).toBe('VALIDATION_FAILED');
    const start = at('2030-01-07T10:00:00+08:00');
    expect(codeOf(() => calendar.addWorkingDays(start, -1))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.addWorkingDays(start, 1.5))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.addNaturalDays(start, Number.NaN))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.addWorkingDays(start, 1e9))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.deadline(start, { amount: -5, unit: 'minutes' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.deadline(start, { amount: 1, unit: 'weeks' as never }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.isWorkingDay('2030-1-7'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => calendar.addWorkingDays(new Date('nope'), 1))).toBe('VALIDATION_FAILED');
  });

  it(`gives up after ${MAX_SCAN_DAYS} days without a working day`, () => {
    const days = new Map<CstDate, DayKind>();
    for (let i = 0, d = '2030-01-01'; i < MAX_SCAN_DAYS + 10; i++, d = addCstDays(d, 1)) days.set(d, 'holiday');
    const c = new WorkCalendar(days);
    expect(codeOf(() => c.addWorkingDays(at('2030-01-01T10:00:00+08:00'), 1))).toBe('CALENDAR_NO_WORKING_DAY');
    expect(codeOf(() => c.addWorkingDays(at('2029-12-30T10:00:00+08:00'), 0))).toBeNull(); // Dec 31 is a Monday
    expect(codeOf(() => c.addNaturalDays(at('2030-01-01T10:00:00+08:00'), 0))).toBe('CALENDAR_NO_WORKING_DAY');
    // A long stretch that does end is fine: 3,000 holiday days, then the weekday rule again.
    const shorter = new WorkCalendar(new Map([...days].slice(0, 3000)));
    let firstAfter = addCstDays('2030-01-01', 3000);
    while (cstWeekday(firstAfter) > 5) firstAfter = addCstDays(firstAfter, 1);
    expect(dueOf(shorter.addWorkingDays(at('2030-01-01T10:00:00+08:00'), 1))).toBe(firstAfter);
  });
});

describe('server time zone independence', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Shanghai', 'UTC'])(
    'gives the same answers with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      // The zone really took effect for local-time methods (so local-time code would go wrong here).
      const probe = new Date('2025-01-27T16:30:00Z');
      if (tz === 'America/New_York') expect(probe.getDate()).toBe(27);
      if (tz === 'Pacific/Kiritimati') expect(probe.getDate()).toBe(28);
      expect(cstDateOf(probe)).toBe('2025-01-28');
      expect(calendar.isWorkingDay(cstDateOf(probe))).toBe(false);
      // 11:30 on Jan 27 in New York is already 00:30 on Jan 28 in China: a holiday, so 0 → Feb 5.
      expect(calendar.addWorkingDays(probe, 0).toISOString()).toBe('2025-02-05T15:59:59.999Z');
      expect(endOfCstDay('2025-02-05').toISOString()).toBe('2025-02-05T15:59:59.999Z');
      expect(addCstDays('2025-03-08', 1)).toBe('2025-03-09'); // US DST starts 2025-03-09
      expect(calendar.addNaturalDays(at('2025-03-08T22:00:00-05:00'), 1).toISOString()).toBe(
        '2025-03-10T15:59:59.999Z',
      );
      for (const row of GOLDEN_ROWS) {
        expect(cstDateOf(calendar.deadline(at(row.start), { amount: row.amount, unit: row.unit })), row.why).toBe(
          row.due,
        );
      }
    },
  );
});

describe('properties', () => {
  const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms));
  // A random explicit map around the official years, so odd configurations are covered too.
  const randomCalendar = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1460 }), fc.constantFrom<DayKind>('workday', 'holiday')), {
      maxLength: 120,
    })
    .map(
      (entries) => new WorkCalendar(new Map(entries.map(([offset, kind]) => [addCstDays('2024-01-01', offset), kind]))),
    );
  const anyCalendar = fc.oneof(fc.constant(calendar), randomCalendar);

  it('workingDaysBetween equals counting day by day', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, (c, a, b) => {
        let brute = 0;
        if (b > a)
          for (let d = addCstDays(cstDateOf(a), 1); d <= cstDateOf(b); d = addCstDays(d, 1))
            if (c.isWorkingDay(d)) brute++;
        expect(c.workingDaysBetween(a, b)).toBe(brute);
      }),
      { numRuns: 300 },
    );
  });

  it('n working days later is the end of a working day with exactly n working days in between', () => {
    fc.assert(
      fc.property(anyCalendar, instant, fc.integer({ min: 1, max: 60 }), (c, start, n) => {
        const due = c.addWorkingDays(start, n);
        expect(due.getTime()).toBe(endOfCstDay(cstDateOf(due)).getTime());
        expect(c.isWorkingDay(cstDateOf(due))).toBe(true);
        expect(c.workingDaysBetween(start, due)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('n natural days later is the first working day on or after start + n', () => {
    fc.assert(
      fc.property(anyCalendar, instant, fc.integer({ min: 0, max: 60 }), (c, start, n) => {
        const due = cstDateOf(c.addNaturalDays(start, n));
        const target = addCstDays(cstDateOf(start), n);
        expect(due >= target).toBe(true);
        expect(c.isWorkingDay(due)).toBe(true);
        for (let d = target; d < due; d = addCstDays(d, 1)) expect(c.isWorkingDay(d)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
