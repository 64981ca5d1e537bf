/**
 * Time-limit rules (时限规则): how long each step may take, configurable per event type × risk
 * level × tier × step. The most specific matching rule wins (a rule names a field or leaves it
 * open); ties go to the lowest id, so an operator's rule added later must be more specific to win.
 * And the tier ladder (五级九天): how long a tier may hold an unresolved dispute before it is
 * escalated automatically.
 */
import type { Tier } from './tiers.js';
import type { LimitUnit, TimeLimit } from './work-calendar.js';

export type { LimitUnit, TimeLimit };

/** 签收 sign-for, 首次响应 first response, 办结 resolve. */
export const STEPS = ['sign', 'respond', 'resolve'] as const;
export type Step = (typeof STEPS)[number];

export interface TimeLimitRule extends TimeLimit {
  id: number;
  eventType: string | null;
  riskLevel: string | null;
  tier: Tier | null;
  step: Step;
}

export interface RuleQuery {
  eventType: string;
  riskLevel: string;
  tier: Tier;
  step: Step;
}

function specificity(rule: TimeLimitRule): number {
  return (rule.eventType ? 4 : 0) + (rule.riskLevel ? 2 : 0) + (rule.tier ? 1 : 0);
}

export function resolveRule(rules: readonly TimeLimitRule[], q: RuleQuery): TimeLimitRule | null {
  let best: TimeLimitRule | null = null;
  for (const rule of rules) {
    if (rule.step !== q.step) continue;
    if (rule.eventType && rule.eventType !== q.eventType) continue;
    if (rule.riskLevel && rule.riskLevel !== q.riskLevel) continue;
    if (rule.tier && rule.tier !== q.tier) continue;
    if (
      !best ||
      specificity(rule) > specificity(best) ||
      (specificity(rule) === specificity(best) && rule.id < best.id)
    )
      best = rule;
  }
  return best;
}

export interface LadderRung extends TimeLimit {
  eventType: string;
  tier: Tier;
}

/** The ladder's time for an event type at a tier, or null when the ladder does not apply. */
export function ladderRung(ladder: readonly LadderRung[], eventType: string, tier: Tier): LadderRung | null {
  return ladder.find((r) => r.eventType === eventType && r.tier === tier) ?? null;
}

/** The defaults seeded into a new database (migrations/003_deadlines.sql holds the same rows). */
export const DEFAULT_RULES: Omit<TimeLimitRule, 'id'>[] = [
  { step: 'sign', eventType: null, riskLevel: null, tier: null, amount: 2, unit: 'hours' },
  { step: 'sign', eventType: null, riskLevel: 'yellow', tier: null, amount: 1, unit: 'hours' },
  { step: 'sign', eventType: null, riskLevel: 'red', tier: null, amount: 30, unit: 'minutes' },
  { step: 'respond', eventType: null, riskLevel: null, tier: null, amount: 1, unit: 'working_days' },
  { step: 'respond', eventType: null, riskLevel: 'red', tier: null, amount: 2, unit: 'hours' },
  { step: 'resolve', eventType: null, riskLevel: null, tier: null, amount: 5, unit: 'working_days' },
  { step: 'resolve', eventType: 'hazard', riskLevel: 'red', tier: null, amount: 24, unit: 'hours' },
  { step: 'resolve', eventType: 'hazard', riskLevel: 'yellow', tier: null, amount: 3, unit: 'working_days' },
  // 初信初访"一周内不出村解决"; 重点难点"两周内属地化解到位"
  { step: 'resolve', eventType: 'petition', riskLevel: null, tier: null, amount: 7, unit: 'natural_days' },
  { step: 'resolve', eventType: 'petition', riskLevel: null, tier: 'town', amount: 14, unit: 'natural_days' },
  { step: 'resolve', eventType: 'petition', riskLevel: null, tier: 'county', amount: 14, unit: 'natural_days' },
  { step: 'resolve', eventType: 'dispute', riskLevel: null, tier: null, amount: 14, unit: 'natural_days' },
  { step: 'resolve', eventType: 'uncivil', riskLevel: null, tier: null, amount: 3, unit: 'working_days' },
];

/** 五级九天: grid 1 + village 2 + town 2 + department 2 + county 2 working days. */
export const DEFAULT_LADDER: LadderRung[] = [
  { eventType: 'dispute', tier: 'grid', amount: 1, unit: 'working_days' },
  { eventType: 'dispute', tier: 'village', amount: 2, unit: 'working_days' },
  { eventType: 'dispute', tier: 'town', amount: 2, unit: 'working_days' },
  { eventType: 'dispute', tier: 'department', amount: 2, unit: 'working_days' },
  { eventType: 'dispute', tier: 'county', amount: 2, unit: 'working_days' },
];
