/**
 * The end of the loop: 核查, 返工, 结案, 撤销, and 重新办理 (a closed event found unsatisfactory on
 * follow-up). Closing and cancelling end the event (every clock cancelled, other areas told);
 * a rework or a reopen starts a new round of clocks at the event's tier.
 */
import { completePlan, type DecidedAction, type EventActionPlan } from './action-plan.js';

/** 核查: the centre checked the result. */
export function planVerify(decided: DecidedAction): EventActionPlan {
  return completePlan(decided);
}

/** 返工: the result is sent back; counted, and the response and resolve clocks start again. */
export function planRework(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, {
    changes: { resolved_at: null, rework_count: decided.event.rework_count + 1 },
  });
}

/** 结案: closed now; the reporter is told, follow-up visits are planned (by the follow-ups area). */
export function planClose(decided: DecidedAction): EventActionPlan {
  return completePlan(decided);
}

/** 撤销: cancelled by a centre, or by its reporter before it is accepted. */
export function planCancel(decided: DecidedAction): EventActionPlan {
  return completePlan(decided);
}

/** 重新办理: closed → handling, the closing undone, counted as a rework; a new round of clocks. */
export function planReopen(decided: DecidedAction): EventActionPlan {
  return completePlan(decided, {
    changes: {
      resolved_at: null,
      closed_at: null,
      resolved_tier: null,
      rework_count: decided.event.rework_count + 1,
    },
  });
}
