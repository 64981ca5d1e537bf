/**
 * 事件流转: one action on one event, in one transaction. Loads and locks the event, works out how
 * the actor stands to it, asks the core state machine, applies the action's effects (assignments,
 * tier, clocks, counters, extension requests …), appends the history record and queues the
 * notices. Anything refused changes nothing. The platform itself acts through the same path
 * (`performAction` with the system actor) — the escalation ladder's automatic 提级.
 */
import type { Kysely, Transaction } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import {
  decideTransition,
  statusKind,
  STATUS_DEFINITIONS,
  type EventAction,
  type EventStatus,
  type Actor,
  type ActorRelation,
  isEventStatus,
} from '../../core/events/event-workflow.js';
import { relationTo, type EventFacts } from '../../core/events/event-access.js';
import {
  planDispatch,
  DISPATCH_REASON_ZH,
  type Binding,
  type PlannedAssignment,
} from '../../core/events/dispatch-plan.js';
import { assignmentTier, supervisingCentreFor } from '../../core/events/holding.js';
import {
  countyOf,
  assertDivisionCode,
  isWithin,
  levelOfCode,
  parentCodeOf,
  placementOf,
} from '../../core/organisation/division-code.js';
import { isDuty } from '../../core/access/roles.js';
import { NOTICE_AFTER_ACTION } from '../../core/events/event-notices.js';
import { initialTier, isAboveTier, isTier, parentTier, type Tier } from '../../core/deadlines/tiers.js';
import {
  clocksFinishedBy,
  clocksOnDispatch,
  fixedClock,
  joinPlans,
  keepSteps,
  ruleClock,
  tierClock,
  type ClockPlan,
  type ClockSettings,
  type ClockStep,
} from '../../core/deadlines/clocks.js';
import { DEFAULT_DUE_DATE_HORIZON_DAYS, dueDateProblem } from '../../core/deadlines/due-dates.js';
import { EventRepository, type AssignmentView, type NewAssignment } from './event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository, type NewOutboxMessage } from '../notify/outbox.repository.js';
import { DeadlineRepository } from '../deadlines/deadline.repository.js';
import type { ClockSettingsProvider } from '../deadlines/clock-settings.js';
import type { Config } from '../config.js';
import { openPlannedClocks } from '../deadlines/open-clocks.js';
import { notificationsFor, type AssignmentTarget } from './event-notifications.js';
import { cancelStaleFollowUps, scheduleFollowUps } from '../followups/follow-up.service.js';
import { MediationRepository } from '../mediation/mediation.repository.js';
import type { EventActionBody } from '../../core/events/action-body.js';

/** The action's body (the shared EventActionBody) and what internal callers add. */
export interface ActionInput extends EventActionBody {
  /** Recorded with the history row by internal callers (a follow-up's reopen names its visit). */
  historyData?: Record<string, unknown>;
}

export interface ActionDeps {
  db: Kysely<Schema>;
  now: () => Date;
  clocks: ClockSettingsProvider;
  /** DUE_DATE_HORIZON_DAYS: how far ahead a 督办 or extension date may lie. */
  config: Pick<Config, 'dueDateHorizonDays'>;
}

/** The facts the core decides access from (event-access.ts), from the event row and its assignments. */
export function eventFactsOf(event: EventRow, assignments: readonly AssignmentView[]): EventFacts {
  return {
    county_code: event.county_code,
    town_code: event.town_code,
    village_code: event.village_code,
    grid_code: event.grid_code,
    reporterId: event.reporter_id,
    tier: event.tier,
    supervisorCode: event.supervisor_code,
    assignments: assignments.map((a) => ({
      personId: a.person_id,
      departmentId: a.department_id,
      centreCode: a.centre_code,
      active: a.active,
      assignmentRole: a.assignment_role,
      tier: a.tier,
    })),
  };
}

/** Loads an event the user may see, or 404 (an event outside one's scope does not exist for them). */
export async function findVisibleEvent(db: Kysely<Schema>, user: CurrentUser, eventId: number, forUpdate = false) {
  const events = new EventRepository(db);
  const event = forUpdate ? await events.findForUpdate(eventId) : await events.findById(eventId);
  if (!event) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  const assignments = await events.assignments(event.id);
  const relation = relationTo(user, eventFactsOf(event, assignments));
  if (!relation.canSee) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  return { event, assignments, relation };
}

export async function actOnEvent(
  deps: ActionDeps,
  user: CurrentUser,
  eventId: number,
  action: EventAction,
  input: ActionInput,
) {
  // the due-date horizon travels with the clock settings to where a dueAt is checked
  const settings: ClockSettings = { ...(await deps.clocks.get()), dueDateHorizonDays: deps.config.dueDateHorizonDays };
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { event, assignments, relation } = await findVisibleEvent(trx, user, eventId, true);
    const done = await performAction(
      trx,
      settings,
      now,
      { actor: { kind: 'person', id: user.id, role: user.role }, user },
      event,
      assignments,
      relation,
      action,
      input,
    );
    return { ...done, relation };
  });
}

type Assignments = Awaited<ReturnType<EventRepository['assignments']>>;

interface Acting {
  actor: Actor;
  /** The signed-in user; null when the platform acts. */
  user: CurrentUser | null;
  /** Someone not to notify besides the actor (the visitor on whose word the platform acts). */
  notifyExcept?: number;
}

/** Applies one action inside the caller's transaction, the event row already locked. */
export async function performAction(
  trx: Transaction<Schema>,
  settings: ClockSettings,
  now: Date,
  acting: Acting,
  event: EventRow,
  assignments: Assignments,
  relation: ActorRelation,
  action: EventAction,
  input: ActionInput,
) {
  const { actor, user } = acting;
  const events = new EventRepository(trx);
  const org = new OrganisationRepository(trx);
  const outbox = new OutboxRepository(trx);
  const clocks = new DeadlineRepository(trx);
  if (input.version !== undefined && input.version !== event.version) {
    fail(
      'EVENT_VERSION_CONFLICT',
      `the event changed since you loaded it (version ${event.version}, you had ${input.version}); reload and try again`,
    );
  }
  if (!isEventStatus(event.status)) fail('EVENT_ILLEGAL_TRANSITION', `unknown state ${event.status}`);
  const from: EventStatus = event.status;
  const to = decideTransition(action, from, actor, relation, input.note);
  const tier: Tier = isTier(event.tier) ? event.tier : 'village';
  const subject = { eventType: event.event_type, riskLevel: event.risk_level };
  const actorId = actor.kind === 'person' ? actor.id : null;
  const actorRole = actor.kind === 'person' ? actor.role : 'system';

  const update: Partial<EventRow> = { status: to, status_kind: statusKind(to), updated_at: now };
  let newAssignments: PlannedAssignment[] | null = null;
  /** Replace the active assignments (dispatch, reassign) or add to them (assign, escalate). */
  let replaceAssignments = false;
  let newTier: Tier | null = null;
  const data: Record<string, unknown> = { ...(input.historyData ?? {}) };
  let noticeTargets: AssignmentTarget[] | null = null;

  // a due date set by hand: after now and within the horizon, or its clock starts red or never turns red
  const horizonDays = settings.dueDateHorizonDays ?? DEFAULT_DUE_DATE_HORIZON_DAYS;
  const checkDueAt = (due: Date, field: string) => {
    const problem = dueDateProblem(due, now, horizonDays);
    if (problem) fail('DUE_DATE_OUT_OF_RANGE', `${field} ${problem}`, [{ field, problem }]);
    return due;
  };
  const dueAtInput = () => {
    if (!input.dueAt) fail('VALIDATION_FAILED', `${action} needs dueAt`);
    const due = new Date(input.dueAt);
    if (Number.isNaN(due.getTime())) fail('VALIDATION_FAILED', 'dueAt is not a date');
    return checkDueAt(due, 'dueAt');
  };

  switch (action) {
    case 'dispatch':
    case 'redispatch':
    case 'reassign': {
      if (!user) fail('FORBIDDEN', 'the platform dispatches at intake');
      const target = await chooseAssignees(org, user, event, input);
      newAssignments = target.assignments;
      replaceAssignments = true;
      Object.assign(update, target.placement);
      Object.assign(data, target.data);
      newTier = target.tier ?? tier;
      break;
    }
    case 'assign': {
      if (!user) fail('FORBIDDEN', 'only a centre assigns');
      if (!input.personIds?.length && !input.departmentIds?.length)
        fail('VALIDATION_FAILED', 'assign needs personIds or departmentIds');
      const target = await chooseAssignees(org, user, event, {
        personIds: input.personIds,
        departmentIds: input.departmentIds,
      });
      const held = new Set(assignments.filter((a) => a.active).map((a) => `${a.person_id}/${a.department_id}`));
      newAssignments = target.assignments.filter((a) => !held.has(`${a.personId ?? null}/${a.departmentId ?? null}`));
      Object.assign(data, target.data);
      if (input.departmentIds?.length) newTier = 'department';
      break;
    }
    case 'escalate': {
      const up = parentTier(tier);
      if (!up)
        fail('EVENT_ALREADY_TOP_TIER', 'the event is already at the county: assign a leader or departments instead');
      newTier = up;
      newAssignments = await assigneesForTier(org, event, up, assignments);
      update.escalation_count = event.escalation_count + 1;
      data.fromTier = tier;
      data.toTier = up;
      break;
    }
    case 'accept':
      update.accepted_at = event.accepted_at ?? now;
      break;
    case 'resolve':
      update.resolved_at = now;
      update.resolved_tier = tier;
      break;
    case 'return':
      update.return_count = event.return_count + 1;
      break;
    case 'rework':
      update.resolved_at = null;
      update.rework_count = event.rework_count + 1;
      break;
    case 'reopen':
      update.resolved_at = null;
      update.closed_at = null;
      update.resolved_tier = null;
      update.rework_count = event.rework_count + 1;
      break;
    case 'merge': {
      if (!user) fail('FORBIDDEN', 'only a centre merges');
      if (input.targetEventId === undefined)
        fail('VALIDATION_FAILED', 'merge needs targetEventId: the event this one duplicates');
      if (input.targetEventId === event.id) fail('EVENT_MERGE_INVALID', 'an event cannot be merged into itself');
      const target = await findVisibleEvent(trx, user, input.targetEventId, true);
      if (statusKind(target.event.status as EventStatus) === 'closed') {
        fail(
          'EVENT_MERGE_INVALID',
          `event ${target.event.serial_no} is already ${target.event.status}; merge into an open event`,
        );
      }
      update.merged_into_id = target.event.id;
      data.mergedInto = { id: target.event.id, serialNo: target.event.serial_no };
      await events.appendHistory({
        event_id: target.event.id,
        action: 'merge_in',
        from_status: target.event.status,
        to_status: target.event.status,
        actor_id: actorId,
        actor_role: actorRole,
        note: input.note ?? null,
        data: { merged: { id: event.id, serialNo: event.serial_no } },
        at: now,
      });
      break;
    }
    case 'urge':
      update.urge_count = event.urge_count + 1;
      data.urgeNo = event.urge_count + 1;
      break;
    case 'supervise': {
      const due = dueAtInput();
      update.supervised_at = now;
      data.dueAt = due.toISOString();
      await clocks.finish(event.id, ['supervise'], now, 'superseded');
      await clocks.open(event.id, [fixedClock('supervise', tier, now, due)], now);
      break;
    }
    case 'request_extension': {
      const due = dueAtInput();
      const resolveClock = (await clocks.openClocks(event.id)).find((c) => c.step === 'resolve');
      if (!resolveClock) fail('EVENT_ILLEGAL_TRANSITION', 'the event has no running resolve deadline to extend');
      if (due.getTime() <= resolveClock.due_at.getTime())
        fail('VALIDATION_FAILED', 'the new date must be after the current deadline');
      const pending = await trx
        .selectFrom('extension_requests')
        .select('id')
        .where('event_id', '=', event.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) fail('EXTENSION_PENDING', 'an extension request is already awaiting a decision');
      await trx
        .insertInto('extension_requests')
        .values({
          event_id: event.id,
          requested_by: actorId!,
          reason: input.note!,
          current_due_at: resolveClock.due_at,
          requested_due_at: due,
          created_at: now,
        })
        .execute();
      data.currentDueAt = resolveClock.due_at.toISOString();
      data.requestedDueAt = due.toISOString();
      break;
    }
    case 'approve_extension':
    case 'reject_extension': {
      const request = await trx
        .selectFrom('extension_requests')
        .selectAll()
        .where('event_id', '=', event.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!request) fail('NO_PENDING_EXTENSION', 'no extension request is awaiting a decision');
      if (user && request.requested_by === user.id)
        fail('FORBIDDEN', 'an extension is decided by someone other than the requester');
      if (user && !isAboveTier(user.jurisdictionLevel, tier))
        fail('FORBIDDEN', `an extension at the ${tier} tier is decided by the tier above`);
      const approved = action === 'approve_extension';
      // checked when requested, the date may have passed since (or predate the check): reject it and ask again
      if (approved) checkDueAt(request.requested_due_at, 'requestedDueAt');
      await trx
        .updateTable('extension_requests')
        .set({
          status: approved ? 'approved' : 'rejected',
          decided_by: actorId,
          decided_at: now,
          decision_note: input.note ?? null,
        })
        .where('id', '=', request.id)
        .execute();
      if (approved) {
        await clocks.moveDue(event.id, 'resolve', request.requested_due_at, now);
        update.extension_count = event.extension_count + 1;
      }
      data.requestedDueAt = request.requested_due_at.toISOString();
      data.approved = approved;
      noticeTargets = [{ personId: request.requested_by }];
      break;
    }
    case 'suspend':
      if (event.suspended_at) fail('EVENT_ALREADY_SUSPENDED', 'the clock is already stopped');
      update.suspended_at = now;
      await clocks.pause(event.id, now);
      break;
    case 'resume':
      if (!event.suspended_at) fail('EVENT_NOT_SUSPENDED', 'the clock is running');
      update.suspended_at = null;
      data.suspendedSince = event.suspended_at.toISOString();
      await clocks.resume(event.id, now);
      break;
    case 'consult':
      data.participants = input.participants ?? [];
      data.conclusion = input.note;
      break;
  }
  if (newTier) update.tier = newTier;
  const tierAfter: Tier = newTier ?? tier;
  if (newTier && newTier !== tier) {
    // a centre's re-dispatch puts supervision where the new tier is; an escalation only ever raises it
    update.supervisor_code = supervisingCentreFor(
      newTier,
      event,
      event.supervisor_code,
      action !== 'dispatch' && action !== 'redispatch' && action !== 'reassign',
    );
  } else if (replaceAssignments) {
    update.supervisor_code = supervisingCentreFor(tierAfter, event, event.supervisor_code);
  }
  if (statusKind(to) === 'closed') update.closed_at = now;

  // Clocks: finish what this action completes; restart what a new holder or a new round needs.
  const finished = clocksFinishedBy(action);
  if (finished.length) await clocks.finish(event.id, finished, now);
  // a stored rule the engine cannot count falls back to the default (the plan says so): it never stops an action
  let fresh: ClockPlan = joinPlans();
  if (replaceAssignments || (newTier && newTier !== tier)) {
    const superseded: ClockStep[] = newTier && newTier !== tier ? ['sign', 'respond', 'tier'] : ['sign', 'respond'];
    await clocks.finish(event.id, superseded, now, 'superseded');
    const atTier = newTier ?? tier;
    const hasResolve = (await clocks.openClocks(event.id)).some((c) => c.step === 'resolve');
    fresh = keepSteps(
      clocksOnDispatch(settings, subject, atTier, now, !hasResolve),
      (step) => (newTier !== null && newTier !== tier) || step !== 'tier',
    );
    if (newTier && newTier !== tier && hasResolve) {
      // a new tier works to its own resolve limit (重点难点 two weeks at the town, say)
      const next = ruleClock(settings, subject, 'resolve', newTier, now);
      if (next.clocks.length) await clocks.finish(event.id, ['resolve'], now, 'superseded');
      fresh = joinPlans(fresh, next);
    }
  }
  if (action === 'return') await clocks.finish(event.id, ['sign', 'respond', 'tier'], now, 'superseded');
  if (action === 'rework' || action === 'reopen') {
    fresh = joinPlans(
      fresh,
      ruleClock(settings, subject, 'respond', tier, now),
      ruleClock(settings, subject, 'resolve', tier, now),
      tierClock(settings, subject, tier, now),
    );
  }
  if (statusKind(to) === 'closed')
    await clocks.finish(event.id, ['sign', 'respond', 'resolve', 'tier', 'supervise'], now, 'cancelled');
  await openPlannedClocks(trx, event, fresh, now);

  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  if (attachmentIds.length) {
    const linked = await events.linkAttachments(event.id, attachmentIds, actorId);
    if (linked !== attachmentIds.length)
      fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
  }
  if (newAssignments) {
    if (replaceAssignments) await events.endActiveAssignments(event.id, now);
    await events.insertAssignments(
      newAssignments.map((a): NewAssignment => ({
        event_id: event.id,
        person_id: a.personId ?? null,
        department_id: a.departmentId ?? null,
        centre_code: a.centreCode ?? null,
        assignment_role: a.assignmentRole,
        duty: a.duty ?? null,
        tier: assignmentTier(a, tierAfter),
        assigned_at: now,
      })),
    );
  }
  await events.update(event.id, update);
  await clocks.syncEventLight([event.id]);
  const historyId = await events.appendHistory({
    event_id: event.id,
    action,
    from_status: from,
    to_status: to,
    actor_id: actorId,
    actor_role: actorRole,
    note: input.note?.trim() || null,
    data: Object.keys(data).length ? data : undefined,
    attachment_ids: attachmentIds,
    at: now,
  });

  const after = (await events.findById(event.id))!;
  if (to === 'closed') await scheduleFollowUps(trx, after, now);
  if (from === 'closed' && to !== 'closed') await cancelStaleFollowUps(trx, event.id, now);
  if (statusKind(to) === 'closed') {
    // an ended event withdraws its open mediation tasks (调解任务) and its mediators' access to act
    const mediation = new MediationRepository(trx);
    for (const member of await mediation.cancelOpenTasks(
      event.id,
      `事件已${STATUS_DEFINITIONS[to].zh}，调解任务撤回`,
      actorId,
      now,
    )) {
      await mediation.endMediatorAssignment(event.id, member, now);
    }
  }
  const notice =
    NOTICE_AFTER_ACTION[action] ??
    (noticeTargets ? { topic: 'event.extension_decided' as const, to: 'assignees' as const } : undefined);
  if (notice) {
    let targets: AssignmentTarget[] = noticeTargets ?? [];
    if (!noticeTargets) {
      if (notice.to === 'new_assignees') targets = (newAssignments ?? []) as AssignmentTarget[];
      if (notice.to === 'assignees') targets = assignments.filter((a) => a.active).map(assignmentTarget);
      if (notice.to === 'centre') targets = [{ centreCode: after.supervisor_code }];
      if (notice.to === 'reporter' && after.reporter_id) targets = [{ personId: after.reporter_id }];
    }
    const messages: NewOutboxMessage[] = await notificationsFor(org, after, notice.topic, targets, {
      note: input.note ?? null,
    });
    await outbox.enqueue(
      messages.filter((m) => m.recipient_id !== actorId && m.recipient_id !== acting.notifyExcept),
      now,
    );
  }
  return { event: after, historyId };
}

export function assignmentTarget(a: {
  person_id: number | null;
  centre_code: string | null;
  department_id: number | null;
}): AssignmentTarget {
  return {
    personId: a.person_id ?? undefined,
    centreCode: a.centre_code ?? undefined,
    departmentId: a.department_id ?? undefined,
  };
}

/** Who takes an event escalated to `tier`: the village's "3+N" team, or the town's or county's centre. */
async function assigneesForTier(
  org: OrganisationRepository,
  event: EventRow,
  tier: Tier,
  current: Assignments,
): Promise<PlannedAssignment[]> {
  const activePeople = new Set(current.filter((a) => a.active && a.person_id !== null).map((a) => a.person_id));
  const activeCentres = new Set(current.filter((a) => a.active && a.centre_code !== null).map((a) => a.centre_code));
  const county = event.county_code ?? countyOf(event.jurisdiction_code);
  if (tier === 'village' && event.village_code) {
    const team = (await org.bindingsOf([event.village_code])).filter(
      (b) => isDuty(b.duty) && !activePeople.has(b.person_id),
    );
    if (team.length)
      return team.map((b) => ({
        personId: b.person_id,
        assignmentRole: 'village_team',
        duty: b.duty as Binding['duty'],
      }));
    if (current.some((a) => a.active && a.assignment_role === 'village_team')) return [];
  }
  const centre =
    tier === 'county' ? county : tier === 'village' || tier === 'town' ? (event.town_code ?? county) : county;
  return activeCentres.has(centre) ? [] : [{ centreCode: centre, assignmentRole: 'centre' }];
}

/** Who an event goes to on dispatch, redispatch, reassign or assign, checked against the user's scope. */
async function chooseAssignees(org: OrganisationRepository, user: CurrentUser, event: EventRow, input: ActionInput) {
  const people = input.personIds ?? [];
  const departments = input.departmentIds ?? [];
  if (people.length || departments.length) {
    const found = await org.findPeople([...new Set(people)]);
    if (found.length !== new Set(people).size) fail('PERSON_NOT_FOUND', 'a person to assign does not exist');
    for (const p of found) {
      if (!p.active) fail('VALIDATION_FAILED', `${p.name} is not active`);
      if (p.role === 'citizen') fail('VALIDATION_FAILED', `${p.name} is a citizen and cannot handle events`);
      if (
        !isWithin(p.jurisdiction_code, user.jurisdictionCode) &&
        !isWithin(user.jurisdictionCode, p.jurisdiction_code)
      ) {
        fail('OUT_OF_SCOPE', `${p.name} works outside your jurisdiction`);
      }
    }
    const depts = await org.findDepartments([...new Set(departments)]);
    if (depts.length !== new Set(departments).size)
      fail('DEPARTMENT_NOT_FOUND', 'a department to assign does not exist');
    const assignments: PlannedAssignment[] = [
      ...found.map((p): PlannedAssignment => ({ personId: p.id, assignmentRole: 'assigned' })),
      ...[...new Set(departments)].map((id, i): PlannedAssignment => ({
        departmentId: id,
        assignmentRole: i === 0 ? 'department_lead' : 'department_assist',
      })),
    ];
    return {
      assignments,
      placement: {},
      data: { personIds: people, departmentIds: departments },
      tier: departments.length ? ('department' as Tier) : null,
    };
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
  const county = event.county_code ?? countyOf(code);
  const plan = planDispatch({ code, level }, county, (c) => bindings.filter((b) => b.jurisdictionCode === c), true);
  const toCentre = plan.assignments.every((a) => a.centreCode);
  return {
    assignments: plan.assignments,
    placement: {
      jurisdiction_code: plan.jurisdictionCode,
      dispatch_reason: plan.reason,
      ...placementOf(plan.jurisdictionCode),
    },
    data: { jurisdictionCode: code, reason: plan.reason, reasonText: DISPATCH_REASON_ZH[plan.reason] },
    tier: initialTier(levelOfCode(plan.jurisdictionCode)!, toCentre),
  };
}
