/**
 * 日期范围: the one range of dates a client may send — in a query, a body or a cell of an imported
 * file — and the parsers that hold every calendar date, month and date-time to it.
 *
 * Why a range at all: periods are turned into SQL timestamps and moved by 环比/同比 arithmetic, the
 * work calendar counts days from them, and PostgreSQL has no year 0 and no year 10000. A date a
 * client sends must therefore leave room on both sides for that arithmetic: 2000-01-01 … 2099-12-31
 * (China time). A comparison period of the earliest month (2000-01 → 1999-01) is still a real date.
 * Pure: no clock; "after now" and "within a horizon" are the callers' rules on top of this.
 */

export const CLIENT_DATE_FIRST = '2000-01-01';
export const CLIENT_DATE_LAST = '2099-12-31';
/** The instants the range covers, China time (UTC+8): [first day 00:00, the day after the last 00:00). */
export const CLIENT_INSTANT_FIRST = Date.parse(`${CLIENT_DATE_FIRST}T00:00:00+08:00`);
export const CLIENT_INSTANT_END = Date.parse('2100-01-01T00:00:00+08:00');

export const CLIENT_RANGE_TEXT = `between ${CLIENT_DATE_FIRST} and ${CLIENT_DATE_LAST}`;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** RFC 3339 date-time with a zone (Z or ±hh:mm); fractions of a second allowed. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A calendar date 'YYYY-MM-DD' that exists and lies in the client range. */
export function isClientDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return text >= CLIENT_DATE_FIRST && text <= CLIENT_DATE_LAST;
}

/** A month 'YYYY-MM' in the client range. */
export function isClientMonth(text: string): boolean {
  const m = MONTH.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 && text >= CLIENT_DATE_FIRST.slice(0, 7) && text <= CLIENT_DATE_LAST.slice(0, 7);
}

/** An RFC 3339 date-time with its zone, a real calendar time, whose instant lies in the client range. */
export function isClientDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  const zone = m[8];
  if (zone.length === 6 && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return false;
  const at = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(at) && at >= CLIENT_INSTANT_FIRST && at < CLIENT_INSTANT_END;
}

export type ClientDateKind = 'date' | 'month' | 'date-time';

/** What a client must send for a date, month or date-time, in words a client developer can act on. */
export function clientDateRule(kind: ClientDateKind): string {
  if (kind === 'month')
    return `must be a month YYYY-MM between ${CLIENT_DATE_FIRST.slice(0, 7)} and ${CLIENT_DATE_LAST.slice(0, 7)}`;
  const shape = kind === 'date' ? 'a date YYYY-MM-DD' : 'a date-time with its zone (2026-12-07T09:30:00+08:00)';
  return `must be ${shape} ${CLIENT_RANGE_TEXT}`;
}

/** Why a text is not a client date, month or date-time (clientDateRule); null when it is one. */
export function clientDateProblem(kind: ClientDateKind, text: string): string | null {
  const ok = kind === 'date' ? isClientDate(text) : kind === 'month' ? isClientMonth(text) : isClientDateTime(text);
  return ok ? null : clientDateRule(kind);
}

/** The instant of a client date-time already checked by isClientDateTime. */
export function clientInstant(text: string): Date {
  return new Date(Date.parse(text.replace(' ', 'T')));
}
