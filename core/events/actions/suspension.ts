/** 挂起 and 恢复: a centre stops the event's clocks, and starts them again moved on by the pause. */
import { fail } from '../../errors.js';
import { completePlan, type DecidedAction, type EventActionPlan } from './action-plan.js';

/** 挂起: the clocks stop (EVENT_ALREADY_SUSPENDED when they are stopped already). */
export function planSuspend(decided: DecidedAction): EventActionPlan {
  if (decided.event.suspended_at) fail('EVENT_ALREADY_SUSPENDED', 'the clock is already stopped');
  return completePlan(decided, { changes: { suspended_at: decided.now }, clocks: [{ op: 'pause' }] });
}

/** 恢复: the clocks run again (EVENT_NOT_SUSPENDED when they run); the history keeps since when they stood. */
export function planResume(decided: DecidedAction): EventActionPlan {
  const since = decided.event.suspended_at;
  if (!since) fail('EVENT_NOT_SUSPENDED', 'the clock is running');
  return completePlan(decided, {
    changes: { suspended_at: null },
    data: { suspendedSince: since.toISOString() },
    clocks: [{ op: 'resume' }],
  });
}
