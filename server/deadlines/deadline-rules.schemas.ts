/**
 * The contract of the time-limit rules and the escalation ladder (deadline-rules.routes.ts): what
 * reading and editing 时限规则 and 五级九天 take and answer. The web app imports the types, so this
 * file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import { EVENT_TYPES, RISK_LEVELS } from '../../core/events/event-catalog.js';
import { STEPS } from '../../core/deadlines/time-limits.js';
import { TIERS } from '../../core/deadlines/tiers.js';
import { LIMIT_UNITS } from '../../core/deadlines/work-calendar.js';
import { Nullable, RowId, literalUnion } from '../http/schema-primitives.js';

const Unit = literalUnion(LIMIT_UNITS);
const Step = literalUnion(STEPS);
const Tier = literalUnion(TIERS);
const EventType = literalUnion(EVENT_TYPES);

// ---- requests ----

/** A rule: `null` for event type, risk level or tier means any. */
export const RuleBody = Type.Object(
  {
    step: Step,
    eventType: Nullable(EventType),
    riskLevel: Nullable(literalUnion(RISK_LEVELS)),
    tier: Nullable(Tier),
    amount: Type.Integer({ minimum: 1, maximum: 100000 }),
    unit: Unit,
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RuleBody = Static<typeof RuleBody>;

export const RuleParams = Type.Object({ id: RowId });

export const RungBody = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: 100000 }), unit: Unit },
  { additionalProperties: false },
);
export type RungBody = Static<typeof RungBody>;

export const RungParams = Type.Object({ eventType: EventType, tier: Tier });

// ---- answers ----

/** A stored time-limit rule (core/deadlines/time-limits.ts, TimeLimitRule). */
export const TimeLimitRule = Type.Object({
  id: Type.Integer(),
  step: Step,
  eventType: Nullable(Type.String()),
  riskLevel: Nullable(Type.String()),
  tier: Nullable(Tier),
  amount: Type.Integer(),
  unit: Unit,
});
export type TimeLimitRule = Static<typeof TimeLimitRule>;

/** One rung of the escalation ladder: how long an event type may stay at a tier. */
export const LadderRung = Type.Object({
  eventType: Type.String(),
  tier: Tier,
  amount: Type.Integer(),
  unit: Unit,
});
export type LadderRung = Static<typeof LadderRung>;

/** GET /api/deadline-rules */
export const DeadlineRulesAnswer = Type.Object({ rules: Type.Array(TimeLimitRule), ladder: Type.Array(LadderRung) });
export type DeadlineRulesAnswer = Static<typeof DeadlineRulesAnswer>;

/** POST /api/deadline-rules, PUT /api/deadline-rules/:id: the rule as saved. */
export const RuleAnswer = Type.Object({ rule: TimeLimitRule });
export type RuleAnswer = Static<typeof RuleAnswer>;

/** PUT and DELETE /api/deadline-ladder/:eventType/:tier: the whole ladder after the change. */
export const LadderAnswer = Type.Object({ ladder: Type.Array(LadderRung) });
export type LadderAnswer = Static<typeof LadderAnswer>;
