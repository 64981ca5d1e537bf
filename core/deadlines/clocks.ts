/**
 * Opening a clock (计时): for a step of an event at a tier, find the rule (or the ladder rung),
 * and compute when it turns yellow and when it is due, on the work calendar. Pure.
 *
 * A stored setting never stops an event (回退): when the engine cannot count a stored rule or
 * rung — a limit longer than the calendar counts, a calendar without working days — the clock is
 * counted by the built-in default for that step (DEFAULT_RULES, DEFAULT_LADDER), on the built-in
 * weekday calendar if the stored calendar cannot count that either, and the plan carries the
 * fallback with the engine's reason. The server applies the plan: it opens the clocks, records
 * the fallback on the clock and tells the county centre once.
 */
import { isDomainError } from '../errors.js';
import {
  resolveRule,
  ladderRung,
  DEFAULT_LADDER,
  DEFAULT_RULES,
  type LadderRung,
  type LimitUnit,
  type Step,
  type TimeLimit,
  type TimeLimitRule,
} from './time-limits.js';
import { warnAt } from './traffic-light.js';
import { WorkCalendar } from './work-calendar.js';
import type { Tier } from './tiers.js';

/** What the clocks need of the work calendar. */
export interface DeadlineCalendar {
  deadline(start: Date, limit: TimeLimit): Date;
}

export interface ClockSettings {
  calendar: DeadlineCalendar;
  rules: readonly TimeLimitRule[];
  ladder: readonly LadderRung[];
  /**
   * How many days ahead a due date someone sets (督办, 延期) may lie: DUE_DATE_HORIZON_DAYS
   * (core/deadlines/due-dates.ts; its default when absent).
   */
  dueDateHorizonDays?: number;
}

export type ClockStep = Step | 'tier' | 'supervise';

/** A stored setting the engine could not count. */
export type BrokenSetting =
  | { kind: 'rule'; ruleId: number; amount: number; unit: LimitUnit }
  | { kind: 'rung'; eventType: string; tier: Tier; amount: number; unit: LimitUnit };

/** 回退: a clock that could not be counted from its stored setting, why, and what counted it instead. */
export interface ClockFallback {
  step: Step | 'tier';
  tier: Tier;
  broken: BrokenSetting;
  /** The engine's refusal: its error code and message. */
  code: string;
  reason: string;
  /** The built-in limit the clock was counted by; null when the built-in settings have none there (no clock). */
  used: TimeLimit | null;
  /** Counted on the built-in weekday calendar: the stored calendar could not count the built-in limit either. */
  weekdayCalendar: boolean;
}

export interface PlannedClock {
  step: ClockStep;
  tier: Tier;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  amount: number | null;
  unit: string | null;
  ruleId: number | null;
  /** Set when the clock was counted by a built-in default instead of the stored setting. */
  fallback?: ClockFallback;
}

/** The clocks to open, and every fallback taken to get them (a fallback may leave no clock). */
export interface ClockPlan {
  clocks: PlannedClock[];
  fallbacks: ClockFallback[];
}

export interface ClockSubject {
  eventType: string;
  riskLevel: string;
}

const EMPTY: ClockPlan = { clocks: [], fallbacks: [] };

/** The plans' clocks and fallbacks together, in order. */
export function joinPlans(...plans: ClockPlan[]): ClockPlan {
  return { clocks: plans.flatMap((p) => p.clocks), fallbacks: plans.flatMap((p) => p.fallbacks) };
}

/** Only the clocks (and the fallbacks) of the steps kept. */
export function keepSteps(plan: ClockPlan, keep: (step: ClockStep) => boolean): ClockPlan {
  return { clocks: plan.clocks.filter((c) => keep(c.step)), fallbacks: plan.fallbacks.filter((f) => keep(f.step)) };
}

export type LimitDue = { ok: true; dueAt: Date } | { ok: false; code: string; reason: string };

/**
 * The due instant of a limit from `start`, or the engine's refusal. The one computation behind
 * every clock a setting opens and behind the check of a setting when it is saved.
 */
export function limitDue(calendar: DeadlineCalendar, start: Date, limit: TimeLimit): LimitDue {
  try {
    const dueAt = calendar.deadline(start, limit);
    if (!(dueAt instanceof Date) || !Number.isFinite(dueAt.getTime()))
      return { ok: false, code: 'VALIDATION_FAILED', reason: 'the deadline is out of range' };
    return { ok: true, dueAt };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, code: error.code, reason: error.message };
    throw error;
  }
}

/** The built-in rules, as a rule list (their ids are never stored: a fallback clock has no rule id). */
const BUILT_IN_RULES: readonly TimeLimitRule[] = DEFAULT_RULES.map((r, i) => ({ ...r, id: -(i + 1) }));
/** Monday–Friday, no holidays: it counts every built-in limit from any instant. */
const WEEKDAY_CALENDAR = new WorkCalendar(new Map());

function clockOf(
  step: ClockStep,
  tier: Tier,
  start: Date,
  dueAt: Date,
  limit: TimeLimit,
  ruleId: number | null,
): PlannedClock {
  return {
    step,
    tier,
    startedAt: start,
    warnAt: warnAt(start, dueAt),
    dueAt,
    amount: limit.amount,
    unit: limit.unit,
    ruleId,
  };
}

/** The clock of a stored limit, or — when the engine cannot count it — of the built-in one, with the fallback. */
function decide(
  settings: ClockSettings,
  step: Step | 'tier',
  tier: Tier,
  start: Date,
  stored: { limit: TimeLimit; ruleId: number | null; broken: BrokenSetting },
  builtIn: TimeLimit | null,
): ClockPlan {
  const counted = limitDue(settings.calendar, start, stored.limit);
  if (counted.ok)
    return { clocks: [clockOf(step, tier, start, counted.dueAt, stored.limit, stored.ruleId)], fallbacks: [] };
  let dueAt: Date | null = null;
  let weekdayCalendar = false;
  if (builtIn) {
    const again = limitDue(settings.calendar, start, builtIn);
    if (again.ok) dueAt = again.dueAt;
    else {
      weekdayCalendar = true;
      dueAt = WEEKDAY_CALENDAR.deadline(start, builtIn);
    }
  }
  const used = builtIn ? { amount: builtIn.amount, unit: builtIn.unit } : null;
  const fallback: ClockFallback = {
    step,
    tier,
    broken: stored.broken,
    code: counted.code,
    reason: counted.reason,
    used,
    weekdayCalendar,
  };
  return {
    clocks: dueAt && builtIn ? [{ ...clockOf(step, tier, start, dueAt, builtIn, null), fallback }] : [],
    fallbacks: [fallback],
  };
}

/** A rule-driven clock (sign, respond, resolve); no clock when no rule covers it. */
export function ruleClock(
  settings: ClockSettings,
  subject: ClockSubject,
  step: Step,
  tier: Tier,
  start: Date,
): ClockPlan {
  const query = { eventType: subject.eventType, riskLevel: subject.riskLevel, tier, step };
  const rule = resolveRule(settings.rules, query);
  if (!rule) return EMPTY;
  const builtIn = resolveRule(BUILT_IN_RULES, query);
  const limit = { amount: rule.amount, unit: rule.unit };
  return decide(
    settings,
    step,
    tier,
    start,
    { limit, ruleId: rule.id, broken: { kind: 'rule', ruleId: rule.id, ...limit } },
    builtIn && { amount: builtIn.amount, unit: builtIn.unit },
  );
}

/** The ladder clock of a tier (五级九天); no clock when the ladder does not cover this type or tier. */
export function tierClock(settings: ClockSettings, subject: ClockSubject, tier: Tier, start: Date): ClockPlan {
  const rung = ladderRung(settings.ladder, subject.eventType, tier);
  if (!rung) return EMPTY;
  const builtIn = ladderRung(DEFAULT_LADDER, subject.eventType, tier);
  const limit = { amount: rung.amount, unit: rung.unit };
  return decide(
    settings,
    'tier',
    tier,
    start,
    { limit, ruleId: null, broken: { kind: 'rung', eventType: rung.eventType, tier, ...limit } },
    builtIn && { amount: builtIn.amount, unit: builtIn.unit },
  );
}

/**
 * Every stored rule and ladder rung the engine cannot count from `start`, each as the fallback a
 * clock from it would take — what the server logs when it loads the settings.
 */
export function unusableSettings(settings: ClockSettings, start: Date): ClockFallback[] {
  const fallbacks: ClockFallback[] = [];
  for (const rule of settings.rules) {
    const tier = rule.tier ?? 'grid';
    const builtIn = resolveRule(BUILT_IN_RULES, {
      eventType: rule.eventType ?? '',
      riskLevel: rule.riskLevel ?? '',
      tier,
      step: rule.step,
    });
    const limit = { amount: rule.amount, unit: rule.unit };
    fallbacks.push(
      ...decide(
        settings,
        rule.step,
        tier,
        start,
        { limit, ruleId: rule.id, broken: { kind: 'rule', ruleId: rule.id, ...limit } },
        builtIn && { amount: builtIn.amount, unit: builtIn.unit },
      ).fallbacks,
    );
  }
  for (const rung of settings.ladder) {
    const builtIn = ladderRung(DEFAULT_LADDER, rung.eventType, rung.tier);
    const limit = { amount: rung.amount, unit: rung.unit };
    fallbacks.push(
      ...decide(
        settings,
        'tier',
        rung.tier,
        start,
        { limit, ruleId: null, broken: { kind: 'rung', eventType: rung.eventType, tier: rung.tier, ...limit } },
        builtIn && { amount: builtIn.amount, unit: builtIn.unit },
      ).fallbacks,
    );
  }
  return fallbacks;
}

/** A clock to a date someone set (督办 due date, an approved extension). */
export function fixedClock(step: ClockStep, tier: Tier, start: Date, dueAt: Date): PlannedClock {
  return { step, tier, startedAt: start, warnAt: warnAt(start, dueAt), dueAt, amount: null, unit: null, ruleId: null };
}

/** The clocks an event starts with when it reaches a handler: sign-for, first response, resolve and its tier's ladder time. */
export function clocksOnDispatch(
  settings: ClockSettings,
  subject: ClockSubject,
  tier: Tier,
  start: Date,
  includeResolve: boolean,
): ClockPlan {
  const steps: Step[] = includeResolve ? ['sign', 'respond', 'resolve'] : ['sign', 'respond'];
  return joinPlans(
    ...steps.map((step) => ruleClock(settings, subject, step, tier, start)),
    tierClock(settings, subject, tier, start),
  );
}

/** Which open clocks an action finishes. */
export function clocksFinishedBy(action: string): readonly ClockStep[] {
  switch (action) {
    case 'accept':
      return ['sign'];
    case 'start':
    case 'record':
    case 'consult':
      return ['sign', 'respond'];
    case 'resolve':
      return ['sign', 'respond', 'resolve', 'tier', 'supervise'];
    default:
      return [];
  }
}
