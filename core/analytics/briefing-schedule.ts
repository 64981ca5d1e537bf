/**
 * Briefings (通报): which notices a command centre issues and when, what each covers, what it is
 * called (who receives it, 下发范围, is decided in analytics-access.ts). The articles' rhythm — 周一研判上周初信初访和矛盾纠纷,
 * 周五调度本周议定事项进展, 月排查、季调度、年通报 — becomes five kinds, each with its period and
 * its release time in China time:
 *
 * - weekly_review   周研判: Monday from 08:00, for last week (Monday–Sunday);
 * - weekly_progress 周调度: Friday from 16:00, for this week (Monday–Friday);
 * - monthly         月通报: the 1st from 08:00, for last month;
 * - quarterly       季通报: the first day of a quarter from 08:00, for last quarter;
 * - yearly          年通报: 1 January from 08:00, for last year.
 *
 * Pure: the instant is passed in. Spans are China dates, `to` exclusive (see periods.ts).
 */
import { fail } from '../errors.js';
import {
  addDays,
  addMonths,
  monthStart,
  quarterStart,
  weekStart,
  yearStart,
  type PeriodUnit,
  type Span,
} from './periods.js';
import { chinaDateOf, chinaDayStartOf } from '../time/china-time.js';

export const BRIEFING_KINDS = ['weekly_review', 'weekly_progress', 'monthly', 'quarterly', 'yearly'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];

export const BRIEFING_KIND_NAMES_ZH: Record<BriefingKind, string> = {
  weekly_review: '周研判（周一）',
  weekly_progress: '周调度（周五）',
  monthly: '月通报',
  quarterly: '季通报',
  yearly: '年通报',
};

export function isBriefingKind(value: string): value is BriefingKind {
  return (BRIEFING_KINDS as readonly string[]).includes(value);
}

const UNIT: Record<BriefingKind, PeriodUnit> = {
  weekly_review: 'week',
  weekly_progress: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  yearly: 'year',
};

/** Release time of day (China time), hours after midnight of the release day. */
const RELEASE_HOUR: Record<BriefingKind, number> = {
  weekly_review: 8,
  weekly_progress: 16,
  monthly: 8,
  quarterly: 8,
  yearly: 8,
};

/** The whole period of a kind that contains a China date (a weekly_progress week ends on Friday). */
export function briefingPeriod(kind: BriefingKind, date: string): Span {
  switch (kind) {
    case 'weekly_review': {
      const from = weekStart(date);
      return { from, to: addDays(from, 7), unit: 'week' };
    }
    case 'weekly_progress': {
      const from = weekStart(date);
      return { from, to: addDays(from, 5), unit: 'week' };
    }
    case 'monthly': {
      const from = monthStart(date);
      return { from, to: addMonths(from, 1), unit: 'month' };
    }
    case 'quarterly': {
      const from = quarterStart(date);
      return { from, to: addMonths(from, 3), unit: 'quarter' };
    }
    case 'yearly': {
      const from = yearStart(date);
      return { from, to: addMonths(from, 12), unit: 'year' };
    }
  }
}

/** The period of the same kind just before this one. */
export function periodBefore(kind: BriefingKind, period: Span): Span {
  return briefingPeriod(kind, addDays(period.from, -1));
}

/** The instant a period's notice is released: the Monday / Friday / first day after it, at the kind's hour. */
export function releaseInstant(kind: BriefingKind, period: Span): Date {
  // weekly_progress is released on the period's own last day (Friday); the others the day after it ends.
  const day = kind === 'weekly_progress' ? addDays(period.to, -1) : period.to;
  return new Date(chinaDayStartOf(day).getTime() + RELEASE_HOUR[kind] * 3_600_000);
}

/** The latest whole period of a kind whose notice has been released by `now`. */
export function latestReleased(kind: BriefingKind, now: Date): Span {
  let period = briefingPeriod(kind, chinaDateOf(now));
  while (releaseInstant(kind, period).getTime() > now.getTime()) period = periodBefore(kind, period);
  return period;
}

/**
 * The latest whole period of a kind that is over by a China date (to `today`, exclusive): what a
 * notice asked for on demand without a period covers — last week, last week's Monday–Friday (this
 * week's from Saturday), last month, last quarter, last year.
 */
export function latestEnded(kind: BriefingKind, today: string): Span {
  let period = briefingPeriod(kind, today);
  while (period.to > today) period = periodBefore(kind, period);
  return period;
}

export interface DueBriefing {
  kind: BriefingKind;
  span: Span;
}

/**
 * The notices due at an instant: for each kind, the latest period released by then. The job
 * generates those that do not exist yet, so a platform that was down at a release time catches
 * up at its next run (and a new installation issues the latest notice of each kind at once).
 */
export function dueBriefings(now: Date): DueBriefing[] {
  return BRIEFING_KINDS.map((kind) => ({ kind, span: latestReleased(kind, now) }));
}

/**
 * The span a notice asked for on demand actually covers: it must begin where the kind's period
 * begins (a Monday, the 1st, a quarter's or year's first day) and stay within that period; it is
 * cut at the end of today (a notice to date, 截至今日) and a weekly_progress stops at Friday.
 * Throws PERIOD_INVALID otherwise.
 */
export function alignBriefingSpan(kind: BriefingKind, span: { from: string; to: string }, today: string): Span {
  const whole = briefingPeriod(kind, span.from);
  if (span.from !== whole.from)
    fail(
      'PERIOD_INVALID',
      `a ${kind} briefing covers ${PERIOD_WORDS[kind]}: it begins on ${whole.from}, not ${span.from}`,
    );
  // A weekly_progress asked for as a whole week (this_week / last_week) is read as its Monday–Friday.
  const limit = kind === 'weekly_progress' ? addDays(whole.from, 7) : whole.to;
  if (span.to > limit)
    fail(
      'PERIOD_INVALID',
      `a ${kind} briefing covers one ${PERIOD_WORDS[kind]}; the period asked for runs past ${addDays(whole.to, -1)}`,
    );
  if (span.from > today) fail('PERIOD_INVALID', 'that period has not begun');
  const tomorrow = addDays(today, 1);
  const to = [span.to, whole.to, tomorrow].reduce((a, b) => (a < b ? a : b));
  return { from: span.from, to, unit: UNIT[kind] };
}

const PERIOD_WORDS: Record<BriefingKind, string> = {
  weekly_review: 'week (Monday–Sunday)',
  weekly_progress: 'week (Monday–Friday)',
  monthly: 'calendar month',
  quarterly: 'calendar quarter',
  yearly: 'calendar year',
};

/** ISO 8601 week number (周次) of a date and the year it belongs to (the year of its Thursday). */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(weekStart(date), 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return { year, week: Math.floor((dayOfYear - 1) / 7) + 1 };
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const QUARTER_ZH = ['一', '二', '三', '四'];

/** A span as a notice prints it: 2026年11月16日至11月22日 (both days included). */
export function periodLabel(span: { from: string; to: string }): string {
  const last = addDays(span.to, -1);
  const from = `${span.from.slice(0, 4)}年${monthDay(span.from)}`;
  if (last === span.from) return from;
  return `${from}至${last.slice(0, 4) === span.from.slice(0, 4) ? '' : `${last.slice(0, 4)}年`}${monthDay(last)}`;
}

/**
 * The notice's title, e.g. 「一网示范县2026年11月基层治理工作通报」, 「甲镇2026年第47周矛盾纠纷和信访研判（周一）」.
 * A notice that stops short of its whole period (generated on demand, to date) says so: （截至11月24日）.
 */
export function briefingTitle(kind: BriefingKind, scopeName: string, span: { from: string; to: string }): string {
  const whole = briefingPeriod(kind, span.from);
  const year = Number(span.from.slice(0, 4));
  const month = Number(span.from.slice(5, 7));
  let title: string;
  switch (kind) {
    case 'weekly_review': {
      const w = isoWeek(span.from);
      title = `${scopeName}${w.year}年第${w.week}周矛盾纠纷和信访研判（周一）`;
      break;
    }
    case 'weekly_progress': {
      const w = isoWeek(span.from);
      title = `${scopeName}${w.year}年第${w.week}周议定事项进展调度（周五）`;
      break;
    }
    case 'monthly':
      title = `${scopeName}${year}年${month}月基层治理工作通报`;
      break;
    case 'quarterly':
      title = `${scopeName}${year}年第${QUARTER_ZH[Math.floor((month - 1) / 3)]}季度基层治理工作通报`;
      break;
    case 'yearly':
      title = `${scopeName}${year}年度基层治理工作通报`;
      break;
  }
  return span.to < whole.to ? `${title}（截至${monthDay(addDays(span.to, -1))}）` : title;
}
