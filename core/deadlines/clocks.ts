/**
 * Opening a clock (计时): for a step of an event at a tier, find the rule (or the ladder rung),
 * and compute when it turns yellow and when it is due, on the work calendar. Pure.
 */
import { resolveRule, ladderRung, type LadderRung, type Step, type TimeLimit, type TimeLimitRule } from './time-limits.js';
import { warnAt } from './traffic-light.js';
import type { Tier } from './tiers.js';

/** What the clocks need of the work calendar. */
export interface DeadlineCalendar {
  deadline(start: Date, limit: TimeLimit): Date;
}

export interface ClockSettings {
  calendar: DeadlineCalendar;
  rules: readonly TimeLimitRule[];
  ladder: readonly LadderRung[];
}

export type ClockStep = Step | 'tier' | 'supervise';

export interface PlannedClock {
  step: ClockStep;
  tier: Tier;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  amount: number | null;
  unit: string | null;
  ruleId: number | null;
}

export interface ClockSubject {
  eventType: string;
  riskLevel: string;
}

/** A rule-driven clock (sign, respond, resolve), or null when no rule covers it. */
export function ruleClock(settings: ClockSettings, subject: ClockSubject, step: Step, tier: Tier, start: Date): PlannedClock | null {
  const rule = resolveRule(settings.rules, { eventType: subject.eventType, riskLevel: subject.riskLevel, tier, step });
  if (!rule) return null;
  const dueAt = settings.calendar.deadline(start, rule);
  return { step, tier, startedAt: start, warnAt: warnAt(start, dueAt), dueAt, amount: rule.amount, unit: rule.unit, ruleId: rule.id };
}

/** The ladder clock of a tier (五级九天), or null when the ladder does not cover this type or tier. */
export function tierClock(settings: ClockSettings, subject: ClockSubject, tier: Tier, start: Date): PlannedClock | null {
  const rung = ladderRung(settings.ladder, subject.eventType, tier);
  if (!rung) return null;
  const dueAt = settings.calendar.deadline(start, rung);
  return { step: 'tier', tier, startedAt: start, warnAt: warnAt(start, dueAt), dueAt, amount: rung.amount, unit: rung.unit, ruleId: null };
}

/** A clock to a date someone set (督办 due date, an approved extension). */
export function fixedClock(step: ClockStep, tier: Tier, start: Date, dueAt: Date): PlannedClock {
  return { step, tier, startedAt: start, warnAt: warnAt(start, dueAt), dueAt, amount: null, unit: null, ruleId: null };
}

/** The clocks an event starts with when it reaches a handler: sign-for, first response, resolve and its tier's ladder time. */
export function clocksOnDispatch(settings: ClockSettings, subject: ClockSubject, tier: Tier, start: Date, includeResolve: boolean): PlannedClock[] {
  const steps: Step[] = includeResolve ? ['sign', 'respond', 'resolve'] : ['sign', 'respond'];
  const clocks = steps.map((step) => ruleClock(settings, subject, step, tier, start));
  clocks.push(tierClock(settings, subject, tier, start));
  return clocks.filter((c): c is PlannedClock => c !== null);
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
