/**
 * 期限范围: the one rule for a due date someone sets by hand — a 督办 date, a requested or approved
 * extension (延期), a resolution plan's deadline and its steps (化解方案). Such a date must lie
 * after now, or its clock starts red and means nothing; and no further ahead than the horizon
 * (DUE_DATE_HORIZON_DAYS, a year by default), or its clock never turns red and the overdue figures
 * never count it — 9999-12-31 switched the overdue engine off for that event. The format and the
 * 2000–2099 range of the text are checked before this (core/time/client-dates.ts); this is the
 * caller's rule on top. Pure: `now` and the horizon are given.
 */

const DAY_MS = 86_400_000;

/** The horizon when none is configured: a year and a day, so "the same date next year" fits. */
export const DEFAULT_DUE_DATE_HORIZON_DAYS = 366;
/** The widest horizon the configuration accepts (ten years): beyond it the rule would guard nothing. */
export const MAX_DUE_DATE_HORIZON_DAYS = 3660;

/** The last instant a due date set at `now` may take. */
export function dueDateHorizon(now: Date, horizonDays: number): Date {
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_DUE_DATE_HORIZON_DAYS) {
    throw new RangeError(
      `the due-date horizon must be a whole number of days from 1 to ${MAX_DUE_DATE_HORIZON_DAYS}, not ${horizonDays}`,
    );
  }
  return new Date(now.getTime() + horizonDays * DAY_MS);
}

/**
 * Why `due` cannot be a due date set at `now`, in words a client can act on (the caller prefixes
 * the field's name); null when it can. After now, strictly; within the horizon, inclusive.
 */
export function dueDateProblem(due: Date, now: Date, horizonDays: number): string | null {
  const latest = dueDateHorizon(now, horizonDays);
  if (!(due instanceof Date) || !Number.isFinite(due.getTime())) return 'is not a date';
  if (due.getTime() <= now.getTime()) return `must be after now (${now.toISOString()})`;
  if (due.getTime() > latest.getTime()) {
    return `must be at most ${horizonDays} days ahead (${latest.toISOString()} at the latest; DUE_DATE_HORIZON_DAYS)`;
  }
  return null;
}
