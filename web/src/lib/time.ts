/**
 * Dates and times in the web app, in one place. What a person reads is China time (UTC+8, no
 * daylight saving) whatever the browser's zone, as the server counts days and deadlines
 * (core/deadlines/work-calendar.ts); what the API is sent is an ISO 8601 instant or a China-time
 * day (YYYY-MM-DD). Use these instead of `toLocaleString`, a dayjs format or the offset written out inline.
 */

import { CHINA_OFFSET_MS, DAY_MS } from '../../../core/time/china-time';

export { DAY_MS };

/** The dayjs format of a calendar day, as the date pickers hand it to the address and the API. */
export const DAY_FORMAT = 'YYYY-MM-DD';
/** The dayjs format of a date and time to the minute (what a date-time picker shows), and of its clock part. */
export const MINUTE_FORMAT = 'YYYY-MM-DD HH:mm';
export const CLOCK_MINUTE_FORMAT = 'HH:mm';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `text` is written as a calendar day (YYYY-MM-DD); not whether the day exists. */
export function isDayText(text: string): boolean {
  return DAY.test(text);
}

/** China time's wall clock of an instant, as a UTC date (read it with getUTC… or toISOString). */
function chinaWallClock(ms: number): Date {
  return new Date(ms + CHINA_OFFSET_MS);
}

/** `2026-11-24 17:32` in China time; '' for nothing, the text itself when it is not a date. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return chinaWallClock(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** `17:32:05`: the China-time clock of an instant (a figure's "updated at"). */
export function chinaClock(at: Date): string {
  return chinaWallClock(at.getTime()).toISOString().slice(11, 19);
}

/** The China-time day (YYYY-MM-DD) a day or an instant falls on (for a date picker). */
export function chinaDayOf(value: string): string {
  if (isDayText(value)) return value;
  return chinaWallClock(Date.parse(value)).toISOString().slice(0, 10);
}

/** A day's start (`start`) or end (`end`) in China time, or an instant as it is: the ISO instant the API takes. */
export function instantOf(value: string, edge: 'start' | 'end'): string {
  if (!isDayText(value)) return new Date(value).toISOString();
  return new Date(`${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}+08:00`).toISOString();
}

/**
 * A `from`/`to` value read from the address: a China-time day (YYYY-MM-DD) or an instant (ISO
 * 8601), trimmed; undefined when empty or not a date (a link's bad value is dropped, not refused).
 */
export function dayOrInstant(text: string | null | undefined): string | undefined {
  const v = text?.trim();
  if (!v) return undefined;
  const ms = isDayText(v) ? Date.parse(`${v}T00:00:00+08:00`) : Date.parse(v);
  return Number.isNaN(ms) ? undefined : v;
}
