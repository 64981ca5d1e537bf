/**
 * Applies an action's plan (core/events/actions/) inside the action's transaction, the event row
 * already locked: other events' history records, the extension request, the clocks, the
 * attachments, the assignments, the event row and its light, the history record; then what other
 * areas are told (domain events) and the notice. Every handler of an action ends here, so every
 * action changes things in the same order.
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../../db/schema.js';
import { fail } from '../../../core/errors.js';
import type {
  ClockOp,
  DecidedAction,
  EventActionPlan,
  ExtensionChange,
  LifecycleChange,
} from '../../../core/events/actions/action-plan.js';
import { EventRepository, type AssignmentView, type NewAssignment } from '../event.repository.js';
import { notificationsFor } from '../event-notifications.js';
import { OrganisationRepository } from '../../organisation/organisation.repository.js';
import { OutboxRepository } from '../../notify/outbox.repository.js';
import { DeadlineRepository } from '../../deadlines/deadline.repository.js';
import { openPlannedClocks } from '../../deadlines/open-clocks.js';
import { domainEvents, type DomainEventName } from '../../domain-events/domain-events.js';

/** An action the state machine allowed, on the locked event row and its assignments. */
export interface EventActionRun extends DecidedAction {
  event: EventRow;
  assignments: readonly AssignmentView[];
}

/** What an action leaves: the event as it is now and its new history record. */
export interface ActionOutcome {
  event: EventRow;
  historyId: number;
}

/** One action's handler: loads what its plan needs, plans, applies (`db` is the action's transaction). */
export type ActionHandler = (db: Kysely<Schema>, run: EventActionRun) => Promise<ActionOutcome>;

type ClockWork = (clocks: DeadlineRepository, db: Kysely<Schema>, event: EventRow, at: Date) => Promise<void>;

const CLOCK_WORK: { [K in ClockOp['op']]: (op: Extract<ClockOp, { op: K }>) => ClockWork } = {
  finish: (op) => (clocks, _db, event, at) => clocks.finish(event.id, op.steps, at, op.outcome),
  open: (op) => (_clocks, db, event, at) => openPlannedClocks(db, event, op.plan, at),
  pause: () => (clocks, _db, event, at) => clocks.pause(event.id, at),
  resume: () => (clocks, _db, event, at) => clocks.resume(event.id, at),
  move_due: (op) => (clocks, _db, event, at) => clocks.moveDue(event.id, op.step, op.dueAt, at),
};

function clockWork(op: ClockOp): ClockWork {
  return (CLOCK_WORK[op.op] as (op: ClockOp) => ClockWork)(op);
}

async function applyExtension(clocks: DeadlineRepository, eventId: number, change: ExtensionChange, at: Date) {
  if (change.kind === 'request') {
    await clocks.insertExtensionRequest({
      event_id: eventId,
      requested_by: change.requestedBy,
      reason: change.reason,
      current_due_at: change.currentDueAt,
      requested_due_at: change.requestedDueAt,
      created_at: at,
    });
  } else {
    await clocks.decideExtension(change.requestId, {
      status: change.approved ? 'approved' : 'rejected',
      decided_by: change.decidedBy,
      decided_at: at,
      decision_note: change.note,
    });
  }
}

/** What each lifecycle change is announced as. */
const ANNOUNCED_AS: Record<LifecycleChange, DomainEventName & `Event${string}`> = {
  closed: 'EventClosed',
  merged: 'EventMerged',
  cancelled: 'EventCancelled',
  reopened: 'EventReopened',
};

async function announce(db: Kysely<Schema>, plan: EventActionPlan, after: EventRow): Promise<void> {
  for (const change of plan.announce) {
    await domainEvents.emit(db, ANNOUNCED_AS[change], { event: after, actorId: plan.actorId, at: plan.at });
  }
}

async function sendNotice(db: Kysely<Schema>, plan: EventActionPlan, after: EventRow): Promise<void> {
  const notice = plan.notice;
  if (!notice) return;
  const messages = await notificationsFor(
    new OrganisationRepository(db),
    after,
    notice.topic,
    notice.targets,
    notice.extra,
  );
  await new OutboxRepository(db).enqueue(
    messages.filter((m) => notice.except.every((id) => id !== m.recipient_id)),
    plan.at,
  );
}

async function makeAssignments(events: EventRepository, plan: EventActionPlan): Promise<void> {
  if (!plan.assignments) return;
  if (plan.assignments.replace) await events.endActiveAssignments(plan.eventId, plan.at);
  await events.insertAssignments(
    plan.assignments.add.map((a): NewAssignment => ({
      event_id: plan.eventId,
      person_id: a.personId ?? null,
      department_id: a.departmentId ?? null,
      centre_code: a.centreCode ?? null,
      assignment_role: a.assignmentRole,
      duty: a.duty ?? null,
      tier: a.tier,
      assigned_at: plan.at,
    })),
  );
}

/** Applies the plan and records it: the one way an action changes anything. */
export async function applyActionPlan(db: Kysely<Schema>, run: EventActionRun, plan: EventActionPlan) {
  const { event } = run;
  const { at, actorId, actorRole } = plan;
  const events = new EventRepository(db);
  const clocks = new DeadlineRepository(db);
  for (const r of plan.otherHistory) {
    const record = { event_id: r.eventId, action: r.action, from_status: r.from, to_status: r.to, note: r.note };
    await events.appendHistory({ ...record, actor_id: actorId, actor_role: actorRole, data: r.data, at });
  }
  if (plan.extension) await applyExtension(clocks, event.id, plan.extension, at);
  for (const op of plan.clocks) await clockWork(op)(clocks, db, event, at);
  if (plan.attachmentIds.length) {
    const linked = await events.linkAttachments(event.id, plan.attachmentIds, actorId);
    if (linked !== plan.attachmentIds.length)
      fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
  }
  await makeAssignments(events, plan);
  await events.update(event.id, plan.changes);
  await clocks.syncEventLight([event.id]);
  const historyId = await events.appendHistory({
    event_id: event.id,
    action: plan.action,
    from_status: plan.from,
    to_status: plan.to,
    actor_id: actorId,
    actor_role: actorRole,
    note: plan.history.note,
    data: plan.history.data,
    attachment_ids: plan.attachmentIds,
    at,
  });
  const after = (await events.findById(event.id))!;
  await announce(db, plan, after);
  await sendNotice(db, plan, after);
  return { event: after, historyId };
}
