/**
 * 时限设置校验: whether a deadline setting can be used — checked when it is saved, with the
 * engine itself (a sample deadline counted from now by `limitDue`, the computation every clock
 * uses), so that no saved setting can make reporting impossible — and, for a stored setting that
 * still cannot be counted (saved before the check, or broken by a later calendar change), the
 * fault told once to the county centre (设置故障). Pure.
 */
import { limitDue, type ClockFallback, type DeadlineCalendar } from './clocks.js';
import { dueDateHorizon } from './due-dates.js';
import { TIER_NAMES_ZH } from './tiers.js';
import { MAX_SCAN_DAYS, type CstDate, type LimitUnit, type TimeLimit } from './work-calendar.js';
import { EVENT_TYPE_NAMES_ZH, type EventType } from '../events/event-catalog.js';

/**
 * Why a time limit (a rule's or a ladder rung's) cannot be saved, or null. The engine must count
 * it from `now`, and its deadline must lie within the due-date horizon: a limit longer than that
 * would keep its clocks from ever turning red in time, as a far 督办 date would.
 */
export function timeLimitProblem(
  calendar: DeadlineCalendar,
  limit: TimeLimit,
  now: Date,
  horizonDays: number,
): string | null {
  const counted = limitDue(calendar, now, limit);
  if (!counted.ok) return `the deadline engine cannot count ${limit.amount} ${limit.unit}: ${counted.reason}`;
  const latest = dueDateHorizon(now, horizonDays);
  if (counted.dueAt.getTime() > latest.getTime()) {
    return `${limit.amount} ${limit.unit} from now ends ${counted.dueAt.toISOString()}, beyond the ${horizonDays}-day horizon (DUE_DATE_HORIZON_DAYS, ${latest.toISOString()}): its clocks would never turn red in time`;
  }
  return null;
}

/**
 * Why a work calendar cannot be saved, or null: a run of MAX_SCAN_DAYS days or more without a
 * working day, in which no deadline counted in days can end.
 */
export function calendarProblem(calendar: { longestRest(): { from: CstDate; days: number } }): string | null {
  const rest = calendar.longestRest();
  if (rest.days < MAX_SCAN_DAYS) return null;
  return `the work calendar would have no working day for ${rest.days} days from ${rest.from}; a deadline counted in days cannot end there (at most ${MAX_SCAN_DAYS - 1} days in a row without one)`;
}

const STEP_ZH: Record<ClockFallback['step'], string> = {
  sign: '签收',
  respond: '首次响应',
  resolve: '办结',
  tier: '本级处置',
};
const UNIT_ZH: Record<LimitUnit, string> = {
  minutes: '分钟',
  hours: '小时',
  natural_days: '个自然日',
  working_days: '个工作日',
};

/** '5个工作日' */
export function limitTextZh(limit: TimeLimit): string {
  return `${limit.amount}${UNIT_ZH[limit.unit] ?? limit.unit}`;
}

/** A stored setting the platform could not use, as told to the county centre. */
export interface SettingFault {
  /** The same fault has the same key: it is told once. */
  key: string;
  /** time_limit_rule | tier_ladder | village_class_settings */
  setting: string;
  /** The notice's text (short enough for an SMS). */
  text: string;
  detail: Record<string, unknown>;
}

/** The fault behind a clock fallback: which stored setting, the engine's reason, what was used instead. */
export function clockFallbackFault(fallback: ClockFallback): SettingFault {
  const b = fallback.broken;
  const what =
    b.kind === 'rule'
      ? `时限规则#${b.ruleId}（${STEP_ZH[fallback.step]}，${limitTextZh(b)}）`
      : `五级九天时限（${EVENT_TYPE_NAMES_ZH[b.eventType as EventType] ?? b.eventType}·${TIER_NAMES_ZH[b.tier]}，${limitTextZh(b)}）`;
  const instead = fallback.used
    ? `已按默认时限${limitTextZh(fallback.used)}${fallback.weekdayCalendar ? '（按周一至周五工作日，工作日历也无法计算）' : ''}计时`
    : '默认设置无此项，暂不计时';
  const key =
    b.kind === 'rule'
      ? `time_limit_rule:${b.ruleId}:${b.amount}:${b.unit}:${fallback.code}`
      : `tier_ladder:${b.eventType}:${b.tier}:${b.amount}:${b.unit}:${fallback.code}`;
  return {
    key,
    setting: b.kind === 'rule' ? 'time_limit_rule' : 'tier_ladder',
    text: `【一网】${what}无法计算，${instead}，事件照常受理。请县综治中心修改该时限设置。`,
    detail: { ...fallback },
  };
}
