/**
 * A centre presses the holders: 催办 (counted, numbered) and 督办 (a due date of the centre's own,
 * with its own clock; a new 督办 supersedes the last one's clock).
 */
import { fixedClock } from '../../deadlines/clocks.js';
import { completePlan, dueAtOf, type DecidedAction, type EventActionPlan } from './action-plan.js';

/** 催办: the holders are told; the count and this urge's number are kept. */
export function planUrge(decided: DecidedAction): EventActionPlan {
  const urgeNo = decided.event.urge_count + 1;
  return completePlan(decided, { changes: { urge_count: urgeNo }, data: { urgeNo } });
}

/** 督办: a due date after now and within the horizon; its clock replaces the last 督办's. */
export function planSupervise(decided: DecidedAction): EventActionPlan {
  const { now, tier } = decided;
  const due = dueAtOf(decided);
  return completePlan(decided, {
    changes: { supervised_at: now },
    data: { dueAt: due.toISOString() },
    clocks: [
      { op: 'finish', steps: ['supervise'], outcome: 'superseded' },
      { op: 'open', plan: { clocks: [fixedClock('supervise', tier, now, due)], fallbacks: [] } },
    ],
  });
}
