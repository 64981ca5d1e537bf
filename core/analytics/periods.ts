/**
 * Reporting periods (统计周期) in China's calendar: spans of whole China-time days, presets
 * relative to today, and the comparison periods — 环比 (the period before) and 同比 (the same
 * period a year earlier). Dates are 'YYYY-MM-DD' strings; a span includes `from` and excludes
 * `to`. Pure: "today" is passed in.
 *
 * A span a client asks for lies within the client range (core/time/client-dates.ts: 2000–2099);
 * monthSpan and customSpan refuse anything else with PERIOD_INVALID, and every date this module
 * computes is checked to be one PostgreSQL can store (years 1–9999) — so no comparison period,
 * however far back, reaches the database as year 0 or a six-digit year.
 */
import { DAY_MS } from '../time/china-time.js';
import { fail } from '../errors.js';
import {
  CLIENT_DATE_FIRST,
  CLIENT_DATE_LAST,
  CLIENT_RANGE_TEXT,
  isClientDate,
  isClientMonth,
} from '../time/client-dates.js';

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';

export interface Span {
  from: string;
  /** Exclusive. */
  to: string;
  unit: PeriodUnit;
}

export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export function addDays(date: string, days: number): string {
  const at = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
  return format(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** A computed date as text — only a year PostgreSQL has (no year 0, four digits): anything else is a period outside the calendar. */
function format(y: number, m: number, d: number): string {
  if (!Number.isInteger(y) || y < 1 || y > 9999)
    fail('PERIOD_INVALID', 'the period lies outside the calendar that can be counted (years 1–9999)');
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Moves a date by whole months, keeping the day where the month has it and the month's last day otherwise. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Monday of the date's week (weeks start on Monday in China). */
export function weekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

export function monthStart(date: string): string {
  return date.slice(0, 8) + '01';
}

export function quarterStart(date: string): string {
  const [y, m] = parts(date);
  return format(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
}

export function yearStart(date: string): string {
  return date.slice(0, 4) + '-01-01';
}

/**
 * A preset span. "This week/month/quarter/year" run from its start to the end of today (to date,
 * 截至今日); "last …" are the whole previous period.
 */
export function presetSpan(preset: PeriodPreset, today: string): Span {
  const tomorrow = addDays(today, 1);
  switch (preset) {
    case 'today':
      return { from: today, to: tomorrow, unit: 'day' };
    case 'yesterday':
      return { from: addDays(today, -1), to: today, unit: 'day' };
    case 'this_week':
      return { from: weekStart(today), to: tomorrow, unit: 'week' };
    case 'last_week':
      return { from: addDays(weekStart(today), -7), to: weekStart(today), unit: 'week' };
    case 'this_month':
      return { from: monthStart(today), to: tomorrow, unit: 'month' };
    case 'last_month':
      return { from: addMonths(monthStart(today), -1), to: monthStart(today), unit: 'month' };
    case 'this_quarter':
      return { from: quarterStart(today), to: tomorrow, unit: 'quarter' };
    case 'last_quarter':
      return { from: addMonths(quarterStart(today), -3), to: quarterStart(today), unit: 'quarter' };
    case 'this_year':
      return { from: yearStart(today), to: tomorrow, unit: 'year' };
    case 'last_year':
      return { from: addMonths(yearStart(today), -12), to: yearStart(today), unit: 'year' };
  }
}

/** A whole calendar month, 'YYYY-MM', within the client range. */
export function monthSpan(month: string): Span {
  if (!isClientMonth(month)) fail('PERIOD_INVALID', `a month is YYYY-MM ${CLIENT_RANGE_TEXT}, not "${month}"`);
  const from = `${month}-01`;
  return { from, to: addMonths(from, 1), unit: 'month' };
}

/** A custom span of whole days within the client range; `to` exclusive. */
export function customSpan(from: string, to: string): Span {
  const last = isClientDate(to) || to === addDays(CLIENT_DATE_LAST, 1) ? addDays(to, -1) : null;
  if (!isClientDate(from) || last === null || from > last)
    fail('PERIOD_INVALID', `a span is whole days from ${CLIENT_DATE_FIRST} to ${CLIENT_DATE_LAST}, from before to`);
  return { from, to, unit: 'custom' };
}

/**
 * Shifts a span by whole months. A span of whole months stays whole (November → October); a
 * partial one keeps its day numbers, its last day clamped to the shorter month (1–30 March →
 * 1–28 February).
 */
function shiftByMonths(span: Span, months: number): Span {
  const from = addMonths(span.from, months);
  if (span.from.endsWith('-01') && span.to.endsWith('-01'))
    return { from, to: addMonths(span.to, months), unit: span.unit };
  const last = addMonths(addDays(span.to, -1), months);
  return { from, to: addDays(last, 1), unit: span.unit };
}

/** 环比: the period before — the previous day, week, month, quarter or year; for a custom span, as many days just before it. */
export function previousPeriod(span: Span): Span {
  switch (span.unit) {
    case 'day':
    case 'week': {
      const step = span.unit === 'day' ? 1 : 7;
      return { from: addDays(span.from, -step), to: addDays(span.to, -step), unit: span.unit };
    }
    case 'month':
      return shiftByMonths(span, -1);
    case 'quarter':
      return shiftByMonths(span, -3);
    case 'year':
      return shiftByMonths(span, -12);
    case 'custom': {
      const length = daysBetween(span.from, span.to);
      return { from: addDays(span.from, -length), to: span.from, unit: 'custom' };
    }
  }
}

/** 同比: the same period a year earlier (29 February → 28 February). Weeks keep their weekday alignment (52 weeks back). */
export function samePeriodLastYear(span: Span): Span {
  if (span.unit === 'week') return { from: addDays(span.from, -364), to: addDays(span.to, -364), unit: 'week' };
  return shiftByMonths(span, -12);
}
