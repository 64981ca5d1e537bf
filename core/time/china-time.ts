/**
 * 北京时间: China Standard Time (UTC+8, no daylight saving) — the one home of the offset. Every
 * calendar day the platform counts (due dates, follow-up days, reporting periods, serial numbers,
 * a spreadsheet's times) is a China day, whatever the server's own time zone. Everything else
 * (work-calendar.ts, periods.ts, follow-up-policy.ts, the exports and the briefings) is built on
 * these functions; core/one-home.test.ts fails when the offset is written out anywhere else.
 */

/** UTC+8 in milliseconds. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The China calendar day of an instant, as a day number (whole days since 1970-01-01 in China). */
export function chinaDayNumber(at: Date): number {
  return Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant a China day number begins (00:00:00.000). */
export function startOfChinaDayNumber(day: number): Date {
  return new Date(day * DAY_MS - CHINA_OFFSET_MS);
}

/** The last millisecond (23:59:59.999) of a China day number. */
export function endOfChinaDay(day: number): Date {
  return new Date((day + 1) * DAY_MS - CHINA_OFFSET_MS - 1);
}

/** [start, end) of the China day containing `at`. */
export function chinaDayBounds(at: Date): { start: Date; end: Date } {
  const day = chinaDayNumber(at);
  return { start: startOfChinaDayNumber(day), end: startOfChinaDayNumber(day + 1) };
}

/**
 * The instant as a Date whose UTC fields read as China's wall clock — for formatting, and for
 * spreadsheets, which have no time zones (a date cell shows the UTC fields of the Date it is given).
 */
export function chinaWallClock(at: Date): Date {
  return new Date(at.getTime() + CHINA_OFFSET_MS);
}

/** `YYYY-MM-DD` of an instant in China. */
export function chinaDateOf(at: Date): string {
  return chinaWallClock(at).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` of an instant in China. */
export function chinaMinuteOf(at: Date): string {
  const iso = chinaWallClock(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** `YYYYMMDD` of an instant in China (the date part of a serial number). */
export function chinaDateStampOf(at: Date): string {
  return chinaDateOf(at).replaceAll('-', '');
}

/** The instant a China calendar date `YYYY-MM-DD` begins (the date is taken as given; validate it first). */
export function chinaDayStartOf(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}
