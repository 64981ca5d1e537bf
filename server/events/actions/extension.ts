/** 延期: load the running resolve clock and the pending request; plan (core/events/actions/extension.ts); apply. */
import { planDecideExtension, planRequestExtension } from '../../../core/events/actions/extension.js';
import { DeadlineRepository } from '../../deadlines/deadline.repository.js';
import { applyActionPlan, type ActionHandler } from './apply-plan.js';

/** 申请延期 */
export const requestExtension: ActionHandler = async (db, run) => {
  const clocks = new DeadlineRepository(db);
  const resolveClock = (await clocks.openClocks(run.event.id)).find((c) => c.step === 'resolve');
  const pending = await clocks.pendingExtension(run.event.id);
  return applyActionPlan(db, run, planRequestExtension(run, resolveClock?.due_at ?? null, pending ?? null));
};

/** 批准延期 / 驳回延期 */
export const decideExtension: ActionHandler = async (db, run) => {
  const pending = await new DeadlineRepository(db).pendingExtension(run.event.id);
  return applyActionPlan(db, run, planDecideExtension(run, pending ?? null));
};
