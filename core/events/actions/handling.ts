/**
 * The holder's work (承办): 签收, 开始处置, 处置记录, 办结, 退回, 会商研判. None needs anything loaded
 * beyond the event: each plan is the shared rules (action-plan.ts) and a field or two.
 */
import { completePlan, type DecidedAction, type EventActionPlan } from './action-plan.js';

/** 签收: the first acceptance is kept (a re-dispatched event signed for again keeps its first instant). */
export function planAccept(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, { changes: { accepted_at: decided.event.accepted_at ?? decided.now } });
}

/** 开始处置: the state moves; the sign-for and first-response clocks stop. */
export function planStart(decided: DecidedAction): EventActionPlan {
  return completePlan(decided);
}

/** 处置记录: a note of what was done (assistants below the holding tier may record too). */
export function planRecord(decided: DecidedAction): EventActionPlan {
  return completePlan(decided);
}

/** 办结: resolved now, counted at the tier that held it; every clock stops. */
export function planResolve(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, { changes: { resolved_at: decided.now, resolved_tier: decided.tier } });
}

/** 退回 (退单): back to the centre, counted; the holder's clocks are superseded. */
export function planReturn(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, { changes: { return_count: decided.event.return_count + 1 } });
}

/** 会商研判: who took part and the conclusion (the note). */
export function planConsult(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, {
    data: { participants: decided.input.participants ?? [], conclusion: decided.input.note },
  });
}
