/**
 * The work calendar (工作日历) that deadlines are counted on: which China Standard Time dates are
 * working days, and the arithmetic of "N working days", "N natural days" and plain elapsed time.
 *
 * Pure: no I/O, no clock, no package. Every date is a China Standard Time calendar date (UTC+8,
 * no daylight saving), computed with offset arithmetic on epoch milliseconds — never with the
 * server's local time zone, so the answers do not depend on `TZ`.
 *
 * Days are Monday–Friday working and Saturday–Sunday rest unless the explicit map says otherwise:
 * statutory holidays (法定节假日, 'holiday') and swapped working weekends (调休上班, 'workday').
 */
import { CHINA_OFFSET_MS, DAY_MS } from '../time/china-time.js';
import { fail } from '../errors.js';

export type DayKind = 'workday' | 'holiday';
/** 'YYYY-MM-DD' in China Standard Time */
export type CstDate = string;

export type LimitUnit = 'minutes' | 'hours' | 'natural_days' | 'working_days';
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

export const LIMIT_UNITS: readonly LimitUnit[] = ['minutes', 'hours', 'natural_days', 'working_days'];

/** A search for a working day gives up after this many consecutive days without one. */
export const MAX_SCAN_DAYS = 3660;
/** The longest day-based limit accepted (about a century). */
export const MAX_LIMIT_DAYS = 36_600;

const CST_OFFSET_MS = CHINA_OFFSET_MS;
/** new Date() accepts ±8.64e15 ms; keep day numbers well inside that. */
const MAX_DAY_NUMBER = 100_000_000;

const CST_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number: whole days since 1970-01-01 (CST). */
type DayNo = number;

function dayNoOfInstant(instant: Date): DayNo {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) fail('VALIDATION_FAILED', 'not a valid instant');
  return Math.floor((ms + CST_OFFSET_MS) / DAY_MS);
}

/** The day number of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
function parseDayNo(date: string): DayNo | null {
  if (typeof date !== 'string') return null;
  const m = CST_DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  // The round trip catches 2025-02-30.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return back.getTime() / DAY_MS;
}

function dayNoOf(date: CstDate): DayNo {
  const n = parseDayNo(date);
  if (n === null) fail('VALIDATION_FAILED', `not a date (YYYY-MM-DD): ${String(date)}`);
  return n;
}

function formatDayNo(day: DayNo): CstDate {
  if (!Number.isSafeInteger(day) || Math.abs(day) > MAX_DAY_NUMBER)
    fail('VALIDATION_FAILED', 'the date is out of range');
  const t = new Date(day * DAY_MS);
  const y = t.getUTCFullYear();
  if (y < 0 || y > 9999) fail('VALIDATION_FAILED', 'the date is out of range');
  return `${String(y).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

function endOfDayNo(day: DayNo): Date {
  return new Date((day + 1) * DAY_MS - CST_OFFSET_MS - 1);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function isoWeekdayOfDayNo(day: DayNo): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Whether a value is a real 'YYYY-MM-DD' calendar date. */
export function isCstDate(value: unknown): value is CstDate {
  return typeof value === 'string' && parseDayNo(value) !== null;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function cstWeekday(date: CstDate): number {
  return isoWeekdayOfDayNo(dayNoOf(date));
}

/** The China Standard Time calendar date an instant falls on. */
export function cstDateOf(instant: Date): CstDate {
  return formatDayNo(dayNoOfInstant(instant));
}

/** 23:59:59.999 CST of that date, as an instant. */
export function endOfCstDay(date: CstDate): Date {
  return endOfDayNo(dayNoOf(date));
}

/** 00:00:00.000 CST of that date, as an instant. */
export function startOfCstDay(date: CstDate): Date {
  return new Date(dayNoOf(date) * DAY_MS - CST_OFFSET_MS);
}

export function addCstDays(date: CstDate, n: number): CstDate {
  if (!Number.isSafeInteger(n)) fail('VALIDATION_FAILED', `not a whole number of days: ${n}`);
  return formatDayNo(dayNoOf(date) + n);
}

function assertDayCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_LIMIT_DAYS)
    fail('VALIDATION_FAILED', `${what} must be a whole number from 0 to ${MAX_LIMIT_DAYS}, not ${n}`);
}

/** Weekdays among the first k days of a week that starts on a Thursday (Thu Fri Sat Sun Mon Tue). */
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4];
/** Weekdays (Mon–Fri) among the day numbers below `x`, counted from day 0 (a Thursday). */
function weekdaysBefore(x: DayNo): number {
  const weeks = Math.floor(x / 7);
  return weeks * 5 + WEEKDAYS_IN_FIRST[x - weeks * 7];
}

export class WorkCalendar {
  private readonly explicit: ReadonlyMap<DayNo, DayKind>;
  /** Explicit days whose kind differs from the weekday rule, sorted, with +1 (extra workday) or −1. */
  private readonly adjustDays: readonly DayNo[];
  private readonly adjustBy: readonly number[];

  /** explicit days override the default (Mon–Fri work, Sat–Sun rest) */
  constructor(explicit: ReadonlyMap<CstDate, DayKind>) {
    const byDay = new Map<DayNo, DayKind>();
    for (const [date, kind] of explicit) {
      if (kind !== 'workday' && kind !== 'holiday')
        fail('VALIDATION_FAILED', `day ${date}: kind must be workday or holiday, not ${String(kind)}`);
      byDay.set(dayNoOf(date), kind);
    }
    this.explicit = byDay;
    const adjust = [...byDay]
      .map(([day, kind]) => [day, (kind === 'workday' ? 1 : 0) - (isoWeekdayOfDayNo(day) <= 5 ? 1 : 0)] as const)
      .filter(([, by]) => by !== 0)
      .sort((x, y) => x[0] - y[0]);
    this.adjustDays = adjust.map(([day]) => day);
    this.adjustBy = adjust.map(([, by]) => by);
  }

  /** Index of the first adjusted day ≥ day. */
  private adjustIndex(day: DayNo): number {
    let lo = 0;
    let hi = this.adjustDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.adjustDays[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private working(day: DayNo): boolean {
    const kind = this.explicit.get(day);
    if (kind) return kind === 'workday';
    return isoWeekdayOfDayNo(day) <= 5;
  }

  /** The first working day on or after `day`. */
  private workingOnOrAfter(day: DayNo): DayNo {
    for (let d = day, scanned = 0; ; d++, scanned++) {
      if (scanned >= MAX_SCAN_DAYS) this.exhausted(day);
      if (this.working(d)) return d;
    }
  }

  private exhausted(from: DayNo): never {
    fail(
      'CALENDAR_NO_WORKING_DAY',
      `the work calendar has no working day in the ${MAX_SCAN_DAYS} days from ${formatDayNo(from)}; check the calendar overrides`,
    );
  }

  isWorkingDay(date: CstDate): boolean {
    return this.working(dayNoOf(date));
  }

  /**
   * The longest run of consecutive days without a working day, and its first day. Only explicit
   * holidays make a run longer than a weekend, so the days around the explicit ones are enough to
   * look at. A run of MAX_SCAN_DAYS or more makes day counts starting in it fail
   * (CALENDAR_NO_WORKING_DAY): a calendar with one is refused when it is saved.
   */
  longestRest(): { from: CstDate; days: number } {
    // 1970-01-03 was a Saturday: with no explicit day, a weekend is the longest rest
    let first = 2;
    let last = 3;
    if (this.explicit.size) {
      first = Infinity;
      last = -Infinity;
      for (const day of this.explicit.keys()) {
        first = Math.min(first, day - 7);
        last = Math.max(last, day + 7);
      }
    }
    let best = { from: first, days: 0 };
    let runFrom = first;
    for (let d = first; d <= last; d++) {
      if (this.working(d)) {
        runFrom = d + 1;
        continue;
      }
      if (d - runFrom + 1 > best.days) best = { from: runFrom, days: d - runFrom + 1 };
    }
    return { from: formatDayNo(best.from), days: best.days };
  }

  /** start day not counted; result = end (23:59:59.999 CST) of the n-th working day after the start's CST date */
  addWorkingDays(start: Date, n: number): Date {
    assertDayCount(n, 'the number of working days');
    const first = dayNoOfInstant(start);
    if (n === 0) return endOfDayNo(this.workingOnOrAfter(first));
    let day = first;
    for (let counted = 0; counted < n;) {
      day = this.workingOnOrAfter(day + 1);
      counted++;
    }
    return endOfDayNo(day);
  }

  /** start day not counted; date = start date + n; if that day is not a working day, the next working day; result = end of that day */
  addNaturalDays(start: Date, n: number): Date {
    assertDayCount(n, 'the number of natural days');
    return endOfDayNo(this.workingOnOrAfter(dayNoOfInstant(start) + n));
  }

  /** the deadline for a limit starting at `start`: minutes/hours are plain elapsed time; days as above */
  deadline(start: Date, limit: TimeLimit): Date {
    const { amount, unit } = limit;
    switch (unit) {
      case 'minutes':
      case 'hours': {
        if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
          fail('VALIDATION_FAILED', `a time limit must be a number ≥ 0, not ${amount}`);
        dayNoOfInstant(start); // validates the instant
        const result = new Date(Math.round(start.getTime() + amount * (unit === 'minutes' ? 60_000 : 3_600_000)));
        if (!Number.isFinite(result.getTime())) fail('VALIDATION_FAILED', 'the deadline is out of range');
        return result;
      }
      case 'natural_days':
        return this.addNaturalDays(start, amount);
      case 'working_days':
        return this.addWorkingDays(start, amount);
      default:
        fail('VALIDATION_FAILED', `unknown time limit unit ${String(unit)}`);
    }
  }

  /** working days strictly after a's date up to and including b's date (0 if b <= a) */
  workingDaysBetween(a: Date, b: Date): number {
    const from = dayNoOfInstant(a);
    const to = dayNoOfInstant(b);
    if (b.getTime() <= a.getTime()) return 0;
    if (to <= from) return 0;
    // Weekdays in (from, to], corrected by the explicit days in that span that differ from the rule.
    let count = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
    for (let i = this.adjustIndex(from + 1); i < this.adjustDays.length && this.adjustDays[i] <= to; i++)
      count += this.adjustBy[i];
    return count;
  }
}
