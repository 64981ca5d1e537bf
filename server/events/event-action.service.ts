/**
 * 事件流转: one action on one event, in one transaction. Loads and locks the event, works out how
 * the user stands to it, asks the core state machine, applies the action's side effects
 * (assignments for dispatch / reassign / redispatch, the link for a merge), appends the history
 * record and queues the notifications. Anything refused changes nothing.
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import { decideTransition, statusKind, type EventAction, type EventStatus, isEventStatus } from '../../core/events/event-workflow.js';
import { relationTo } from '../../core/events/event-access.js';
import { planDispatch, DISPATCH_REASON_ZH, centreFor, type Binding, type PlannedAssignment } from '../../core/events/dispatch-plan.js';
import { assertDivisionCode, isWithin, parentCodeOf, placementOf } from '../../core/organisation/division-code.js';
import { isDuty } from '../../core/access/roles.js';
import { EventRepository, type NewAssignment } from './event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository, type NewOutboxMessage } from '../notify/outbox.repository.js';
import { notificationsFor, type AssignmentTarget } from './event-notifications.js';
import { NOTICE_AFTER_ACTION } from '../../core/events/event-notices.js';

export interface ActionInput {
  note?: string;
  attachmentIds?: string[];
  /** Optimistic concurrency: the version the user saw. */
  version?: number;
  /** merge: the event this one duplicates. */
  targetEventId?: number;
  /** redispatch / reassign: send to this jurisdiction's responsible people. */
  jurisdictionCode?: string;
  /** reassign: these people … */
  personIds?: number[];
  /** … and/or these departments (the first leads, the others assist: 吹哨报到). */
  departmentIds?: number[];
}

export interface ActionDeps {
  db: Kysely<Schema>;
  now: () => Date;
}

async function loadFacts(events: EventRepository, event: EventRow) {
  const assignments = await events.assignments(event.id);
  return {
    assignments,
    facts: {
      county_code: event.county_code,
      town_code: event.town_code,
      village_code: event.village_code,
      grid_code: event.grid_code,
      reporterId: event.reporter_id,
      assignments: assignments.map((a) => ({ personId: a.person_id, departmentId: a.department_id, centreCode: a.centre_code, active: a.active })),
    },
  };
}

/** Loads an event the user may see, or 404 (an event outside one's scope does not exist for them). */
export async function findVisibleEvent(db: Kysely<Schema>, user: CurrentUser, eventId: number, forUpdate = false) {
  const events = new EventRepository(db);
  const event = forUpdate ? await events.findForUpdate(eventId) : await events.findById(eventId);
  if (!event) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  const { assignments, facts } = await loadFacts(events, event);
  const relation = relationTo(user, facts);
  if (!relation.canSee) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  return { event, assignments, relation };
}

export async function actOnEvent(deps: ActionDeps, user: CurrentUser, eventId: number, action: EventAction, input: ActionInput) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const events = new EventRepository(trx);
    const org = new OrganisationRepository(trx);
    const outbox = new OutboxRepository(trx);
    const { event, assignments, relation } = await findVisibleEvent(trx, user, eventId, true);
    if (input.version !== undefined && input.version !== event.version) {
      fail('EVENT_VERSION_CONFLICT', `the event changed since you loaded it (version ${event.version}, you had ${input.version}); reload and try again`);
    }
    if (!isEventStatus(event.status)) fail('EVENT_ILLEGAL_TRANSITION', `unknown state ${event.status}`);
    const from: EventStatus = event.status;
    const to = decideTransition(action, from, { kind: 'person', id: user.id, role: user.role }, relation, input.note);

    const update: Partial<EventRow> = { status: to, status_kind: statusKind(to), updated_at: now };
    let newAssignments: PlannedAssignment[] | null = null;
    const data: Record<string, unknown> = {};

    if (action === 'redispatch' || action === 'reassign' || action === 'dispatch') {
      const target = await chooseAssignees(org, user, event, input);
      newAssignments = target.assignments;
      Object.assign(update, target.placement);
      Object.assign(data, target.data);
    }
    if (action === 'merge') {
      if (input.targetEventId === undefined) fail('VALIDATION_FAILED', 'merge needs targetEventId: the event this one duplicates');
      if (input.targetEventId === event.id) fail('EVENT_MERGE_INVALID', 'an event cannot be merged into itself');
      const target = await findVisibleEvent(trx, user, input.targetEventId, true);
      if (statusKind(target.event.status as EventStatus) === 'closed') {
        fail('EVENT_MERGE_INVALID', `event ${target.event.serial_no} is already ${target.event.status}; merge into an open event`);
      }
      update.merged_into_id = target.event.id;
      data.mergedInto = { id: target.event.id, serialNo: target.event.serial_no };
      await events.appendHistory({
        event_id: target.event.id,
        action: 'merge_in',
        from_status: target.event.status,
        to_status: target.event.status,
        actor_id: user.id,
        actor_role: user.role,
        note: input.note ?? null,
        data: { merged: { id: event.id, serialNo: event.serial_no } },
        at: now,
      });
    }
    if (to === 'resolved') update.resolved_at = now;
    if (action === 'rework') update.resolved_at = null;
    if (statusKind(to) === 'closed') update.closed_at = now;

    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    if (attachmentIds.length) {
      const linked = await events.linkAttachments(event.id, attachmentIds, user.id);
      if (linked !== attachmentIds.length) fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
    }
    if (newAssignments) {
      await events.endActiveAssignments(event.id, now);
      await events.insertAssignments(
        newAssignments.map(
          (a): NewAssignment => ({
            event_id: event.id,
            person_id: a.personId ?? null,
            department_id: a.departmentId ?? null,
            centre_code: a.centreCode ?? null,
            assignment_role: a.assignmentRole,
            duty: a.duty ?? null,
            assigned_at: now,
          }),
        ),
      );
    }
    await events.update(event.id, update);
    const historyId = await events.appendHistory({
      event_id: event.id,
      action,
      from_status: from,
      to_status: to,
      actor_id: user.id,
      actor_role: user.role,
      note: input.note?.trim() || null,
      data: Object.keys(data).length ? data : undefined,
      attachment_ids: attachmentIds,
      at: now,
    });

    const after = (await events.findById(event.id))!;
    const notify = NOTICE_AFTER_ACTION[action];
    if (notify) {
      let targets: AssignmentTarget[] = [];
      if (notify.to === 'new_assignees') targets = (newAssignments ?? []) as AssignmentTarget[];
      if (notify.to === 'assignees') {
        targets = assignments.filter((a) => a.active).map((a) => ({ personId: a.person_id ?? undefined, centreCode: a.centre_code ?? undefined, departmentId: a.department_id ?? undefined }));
      }
      if (notify.to === 'centre') targets = [{ centreCode: centreFor(after.jurisdiction_code, after.county_code ?? after.jurisdiction_code) }];
      if (notify.to === 'reporter' && after.reporter_id) targets = [{ personId: after.reporter_id }];
      const messages: NewOutboxMessage[] = await notificationsFor(org, after, notify.topic, targets, { note: input.note ?? null });
      await outbox.enqueue(messages.filter((m) => m.recipient_id !== user.id), now);
    }
    return { event: after, historyId };
  });
}

/** Who an event goes to on dispatch, redispatch or reassign, checked against the user's scope. */
async function chooseAssignees(org: OrganisationRepository, user: CurrentUser, event: EventRow, input: ActionInput) {
  const people = input.personIds ?? [];
  const departments = input.departmentIds ?? [];
  if (people.length || departments.length) {
    const found = await org.findPeople([...new Set(people)]);
    if (found.length !== new Set(people).size) fail('PERSON_NOT_FOUND', 'a person to assign does not exist');
    for (const p of found) {
      if (!p.active) fail('VALIDATION_FAILED', `${p.name} is not active`);
      if (p.role === 'citizen') fail('VALIDATION_FAILED', `${p.name} is a citizen and cannot handle events`);
      if (!isWithin(p.jurisdiction_code, user.jurisdictionCode) && !isWithin(user.jurisdictionCode, p.jurisdiction_code)) {
        fail('OUT_OF_SCOPE', `${p.name} works outside your jurisdiction`);
      }
    }
    const depts = await org.findDepartments([...new Set(departments)]);
    if (depts.length !== new Set(departments).size) fail('DEPARTMENT_NOT_FOUND', 'a department to assign does not exist');
    const assignments: PlannedAssignment[] = [
      ...found.map((p): PlannedAssignment => ({ personId: p.id, assignmentRole: 'assigned' })),
      ...departments.map((id, i): PlannedAssignment => ({ departmentId: id, assignmentRole: i === 0 ? 'department_lead' : 'department_assist' })),
    ];
    return { assignments, placement: {}, data: { personIds: people, departmentIds: departments } };
  }
  const code = input.jurisdictionCode;
  if (!code) fail('VALIDATION_FAILED', 'say where the event goes: jurisdictionCode, personIds or departmentIds');
  const level = assertDivisionCode(code);
  if (!isWithin(code, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `${code} is outside your jurisdiction`);
  const jurisdiction = await org.findJurisdiction(code);
  if (!jurisdiction) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${code}`);
  const lookup = level === 'grid' ? [code, parentCodeOf(code)!] : [code];
  const bindings: Binding[] = (await org.bindingsOf(lookup))
    .filter((b) => isDuty(b.duty))
    .map((b) => ({ personId: b.person_id, jurisdictionCode: b.jurisdiction_code, duty: b.duty as Binding['duty'] }));
  const county = event.county_code ?? code.slice(0, 6) + '000000';
  const plan = planDispatch({ code, level }, county, (c) => bindings.filter((b) => b.jurisdictionCode === c), true);
  return {
    assignments: plan.assignments,
    placement: { jurisdiction_code: plan.jurisdictionCode, dispatch_reason: plan.reason, ...placementOf(plan.jurisdictionCode) },
    data: { jurisdictionCode: code, reason: plan.reason, reasonText: DISPATCH_REASON_ZH[plan.reason] },
  };
}
