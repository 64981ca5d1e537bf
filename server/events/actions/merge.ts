/** 合并: load and lock the target the centre may see; plan (core/events/actions/merge.ts); apply. */
import { mergeTargetId, planMerge } from '../../../core/events/actions/merge.js';
import { findVisibleEvent } from '../event-visibility.js';
import { applyActionPlan, type ActionHandler } from './apply-plan.js';

/** 合并 */
export const mergeEvent: ActionHandler = async (db, run) => {
  const targetId = mergeTargetId(run);
  const target = await findVisibleEvent(db, run.user!, targetId, true);
  return applyActionPlan(db, run, planMerge(run, target.event));
};
