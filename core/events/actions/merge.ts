/**
 * 合并: a duplicate (重复件) merged into the open event it repeats. The target is named in the body
 * and must be one the centre may see (the server loads and locks it between the two steps); its
 * history records what was merged in, before the duplicate's own record.
 */
import { fail } from '../../errors.js';
import { statusKind, type EventStatus } from '../event-workflow.js';
import { completePlan, type DecidedAction, type EventActionPlan } from './action-plan.js';

/** The event merged into, as the plan reads it. */
export interface MergeTarget {
  id: number;
  serial_no: string;
  status: string;
}

/** The target's id from the body: a centre merges, into another event. */
export function mergeTargetId(decided: DecidedAction): number {
  const { user, input, event } = decided;
  if (!user) fail('FORBIDDEN', 'only a centre merges');
  if (input.targetEventId === undefined)
    fail('VALIDATION_FAILED', 'merge needs targetEventId: the event this one duplicates');
  if (input.targetEventId === event.id) fail('EVENT_MERGE_INVALID', 'an event cannot be merged into itself');
  return input.targetEventId;
}

/** 合并 into an open target: the link, and the target's `merge_in` record. */
export function planMerge(decided: DecidedAction, target: MergeTarget): EventActionPlan {
  const { event, input } = decided;
  if (statusKind(target.status as EventStatus) === 'closed') {
    fail('EVENT_MERGE_INVALID', `event ${target.serial_no} is already ${target.status}; merge into an open event`);
  }
  return completePlan(decided, {
    changes: { merged_into_id: target.id },
    data: { mergedInto: { id: target.id, serialNo: target.serial_no } },
    otherHistory: [
      {
        eventId: target.id,
        action: 'merge_in',
        from: target.status,
        to: target.status,
        note: input.note ?? null,
        data: { merged: { id: event.id, serialNo: event.serial_no } },
      },
    ],
  });
}
