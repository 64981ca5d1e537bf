/**
 * 延期: the holder asks for a later resolve date (with a reason), and the tier above the event's
 * decides — never the one who asked. One request awaits a decision at a time. An approved date
 * is checked again (it may have passed since it was asked for) and moves the resolve clock.
 */
import { isAboveTier } from '../../deadlines/tiers.js';
import { fail } from '../../errors.js';
import {
  actorIdOf,
  checkDueDate,
  completePlan,
  dueAtOf,
  type DecidedAction,
  type EventActionPlan,
} from './action-plan.js';

/** The request awaiting a decision, as the plans read it. */
export interface PendingExtension {
  id: number;
  requested_by: number;
  requested_due_at: Date;
}

/**
 * 申请延期: a date after the running resolve clock's (`resolveDueAt`, null when none runs) and
 * within the horizon, and no other request pending.
 */
export function planRequestExtension(
  decided: DecidedAction,
  resolveDueAt: Date | null,
  pending: PendingExtension | null,
): EventActionPlan {
  const due = dueAtOf(decided);
  if (!resolveDueAt) fail('EVENT_ILLEGAL_TRANSITION', 'the event has no running resolve deadline to extend');
  if (due.getTime() <= resolveDueAt.getTime())
    fail('VALIDATION_FAILED', 'the new date must be after the current deadline');
  if (pending) fail('EXTENSION_PENDING', 'an extension request is already awaiting a decision');
  return completePlan(decided, {
    extension: {
      kind: 'request',
      requestedBy: actorIdOf(decided.actor)!,
      reason: decided.input.note!,
      currentDueAt: resolveDueAt,
      requestedDueAt: due,
    },
    data: { currentDueAt: resolveDueAt.toISOString(), requestedDueAt: due.toISOString() },
  });
}

/** 批准延期 / 驳回延期: by the tier above, not the requester; the requester is told. */
export function planDecideExtension(decided: DecidedAction, pending: PendingExtension | null): EventActionPlan {
  const { user, tier, action, event, input } = decided;
  if (!pending) fail('NO_PENDING_EXTENSION', 'no extension request is awaiting a decision');
  if (user && pending.requested_by === user.id)
    fail('FORBIDDEN', 'an extension is decided by someone other than the requester');
  if (user && !isAboveTier(user.jurisdictionLevel, tier))
    fail('FORBIDDEN', `an extension at the ${tier} tier is decided by the tier above`);
  const approved = action === 'approve_extension';
  // checked when requested, the date may have passed since (or predate the check): reject it and ask again
  if (approved) checkDueDate(decided, pending.requested_due_at, 'requestedDueAt');
  return completePlan(decided, {
    extension: {
      kind: 'decide',
      requestId: pending.id,
      approved,
      decidedBy: actorIdOf(decided.actor),
      note: input.note ?? null,
    },
    clocks: approved ? [{ op: 'move_due', step: 'resolve', dueAt: pending.requested_due_at }] : [],
    changes: approved ? { extension_count: event.extension_count + 1 } : {},
    data: { requestedDueAt: pending.requested_due_at.toISOString(), approved },
    notice: { topic: 'event.extension_decided', targets: [{ personId: pending.requested_by }] },
  });
}
