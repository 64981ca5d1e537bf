/**
 * The actions whose plan needs nothing but the event: the holder's work (签收, 开始处置, 处置记录, 办结,
 * 退回, 会商研判), the end of the loop (核查, 返工, 结案, 撤销, 重新办理), a centre's pressure (催办,
 * 督办) and the clock's stop and restart (挂起, 恢复). Each plans and applies.
 */
import type { DecidedAction, EventActionPlan } from '../../../core/events/actions/action-plan.js';
import {
  planAccept,
  planConsult,
  planRecord,
  planResolve,
  planReturn,
  planStart,
} from '../../../core/events/actions/handling.js';
import { planCancel, planClose, planReopen, planRework, planVerify } from '../../../core/events/actions/closing.js';
import { planSupervise, planUrge } from '../../../core/events/actions/supervision.js';
import { planResume, planSuspend } from '../../../core/events/actions/suspension.js';
import { applyActionPlan, type ActionHandler } from './apply-plan.js';

function planned(plan: (decided: DecidedAction) => EventActionPlan): ActionHandler {
  return (db, run) => applyActionPlan(db, run, plan(run));
}

/** 签收 */
export const acceptEvent = planned(planAccept);
/** 开始处置 */
export const startHandling = planned(planStart);
/** 处置记录 */
export const recordHandling = planned(planRecord);
/** 办结 */
export const resolveEvent = planned(planResolve);
/** 退回 */
export const returnEvent = planned(planReturn);
/** 会商研判 */
export const consultOnEvent = planned(planConsult);
/** 核查 */
export const verifyEvent = planned(planVerify);
/** 返工 */
export const reworkEvent = planned(planRework);
/** 结案 */
export const closeEvent = planned(planClose);
/** 撤销 */
export const cancelEvent = planned(planCancel);
/** 重新办理 */
export const reopenEvent = planned(planReopen);
/** 催办 */
export const urgeEvent = planned(planUrge);
/** 督办 */
export const superviseEvent = planned(planSupervise);
/** 挂起 */
export const suspendEvent = planned(planSuspend);
/** 恢复 */
export const resumeEvent = planned(planResume);
