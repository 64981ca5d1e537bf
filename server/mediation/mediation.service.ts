/**
 * Hard-dispute handling (疑难纠纷化解), each change in one transaction: save a resolution plan
 * (化解方案) as a new version, keep a village's mediator pool (群英库), send a mediation task
 * (调解任务) to a pool member and take it through its states. The event row is locked first, so
 * these changes serialise with the event's own actions; the event's status is never changed here.
 * Every plan save and task step appends to the event's history; task steps queue notifications.
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { Config } from '../config.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { eventScopeOf } from '../../core/access/current-user.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertDivisionCode } from '../../core/organisation/division-code.js';
import {
  assertMayHandleDispute,
  assertMayJoinPool,
  disputeRelationTo,
  mayHandleDispute,
  mayReadDisputeWork,
  normaliseSpecialties,
  poolAccess,
  MEDIATOR_ASSIGNMENT_ROLE,
  type DisputeRelation,
} from '../../core/mediation/mediation-access.js';
import {
  checkPlanDueDates,
  checkPlanVersion,
  decidePlanStatus,
  normalisePlan,
  planSummary,
  type PlanStepInput,
} from '../../core/mediation/resolution-plan.js';
import {
  decideTaskTransition,
  TASK_HISTORY_ACTION,
  availableTaskActions,
  type TaskAction,
  type TaskRelation,
} from '../../core/mediation/mediation-task.js';
import { NOTICE_AFTER_TASK_STEP } from '../../core/mediation/mediation-notices.js';
import {
  isOpenTaskStatus,
  type MediationType,
  type PlanStatus,
  type TaskStatus,
} from '../../core/mediation/mediation-catalog.js';
import { eventFactsOf, findVisibleEvent } from '../events/event-action.service.js';
import { EventRepository } from '../events/event.repository.js';
import type { AssignmentTarget } from '../events/event-notifications.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from '../notify/outbox.repository.js';
import { MediationRepository, type PlanFields, type TaskRow } from './mediation.repository.js';
import { mediationNotifications } from './mediation-notifications.js';

export interface MediationDeps {
  db: Kysely<Schema>;
  now: () => Date;
  /** DUE_DATE_HORIZON_DAYS: how far ahead a plan's deadline and steps may lie. */
  config: Pick<Config, 'dueDateHorizonDays'>;
}

type Db = Kysely<Schema>;
type AssignmentView = Awaited<ReturnType<EventRepository['assignments']>>[number];

/** The event the user may see (else 404) and how they stand to it for dispute work. */
async function loadDispute(db: Db, user: CurrentUser, eventId: number, forUpdate: boolean) {
  const { event, assignments } = await findVisibleEvent(db, user, eventId, forUpdate);
  return { event, assignments, relation: relationOf(user, event, assignments) };
}

function relationOf(user: CurrentUser, event: EventRow, assignments: readonly AssignmentView[]): DisputeRelation {
  return disputeRelationTo(user, eventFactsOf(event, assignments));
}

async function assertMayRead(db: Db, user: CurrentUser, eventId: number, relation: DisputeRelation) {
  const hasTask = user.role === 'citizen' ? await new MediationRepository(db).hasAnyTask(eventId, user.id) : false;
  if (!mayReadDisputeWork(user, relation, hasTask)) fail('FORBIDDEN', 'the handling of this event is not shown to you');
}

// ── 化解方案 ──────────────────────────────────────────────────────────────────────────────

export interface PlanSaveInput {
  responsibleDepartmentId?: number;
  responsibleJurisdictionCode?: string;
  responsiblePersonId: number;
  steps: PlanStepInput[];
  deadline: string;
  mediationType: MediationType;
  /** Defaults to draft for a new plan, to the current status for an edit. */
  status?: PlanStatus;
  summary?: string;
  /** What this save changes (shown in the timeline and kept with the version). */
  note?: string;
  /** The version the user edited (0 or absent for a new plan). */
  version?: number;
}

async function readPlan(db: Db, eventId: number) {
  const repo = new MediationRepository(db);
  const plan = await repo.planView(eventId);
  if (!plan) fail('PLAN_NOT_FOUND', `event ${eventId} has no resolution plan yet`);
  return { plan, versions: await repo.planVersions(plan.id) };
}

export type PlanView = Awaited<ReturnType<typeof readPlan>>;

export async function getResolutionPlan(db: Db, user: CurrentUser, eventId: number) {
  const { relation } = await loadDispute(db, user, eventId, false);
  await assertMayRead(db, user, eventId, relation);
  return { ...(await readPlan(db, eventId)), canEdit: mayHandleDispute(relation), contacts: relation.contacts };
}

export async function saveResolutionPlan(
  deps: MediationDeps,
  user: CurrentUser,
  eventId: number,
  input: PlanSaveInput,
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = new MediationRepository(trx);
    const org = new OrganisationRepository(trx);
    const events = new EventRepository(trx);
    const { event, relation } = await loadDispute(trx, user, eventId, true);
    assertMayHandleDispute(relation);
    const existing = await repo.findPlan(eventId, true);
    const content = normalisePlan(
      { ...input, status: input.status ?? (existing?.status as PlanStatus | undefined) ?? 'draft' },
      event.jurisdiction_code,
    );
    checkPlanDueDates(content, existing ?? null, now, deps.config.dueDateHorizonDays);

    let unitName: string;
    if (content.responsibleDepartmentId !== null) {
      const [dept] = await org.findDepartments([content.responsibleDepartmentId]);
      if (!dept) fail('DEPARTMENT_NOT_FOUND', `no department ${content.responsibleDepartmentId}`);
      unitName = dept.name;
    } else {
      const j = await org.findJurisdiction(content.responsibleJurisdictionCode!);
      if (!j) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${content.responsibleJurisdictionCode}`);
      unitName = j.name;
    }
    const [person] = await org.findPeople([content.responsiblePersonId]);
    if (!person) fail('PERSON_NOT_FOUND', `no person ${content.responsiblePersonId}`);
    if (!person.active) fail('VALIDATION_FAILED', `${person.name} is not active`);
    if (person.role === 'citizen')
      fail('VALIDATION_FAILED', `${person.name} is a citizen and cannot be the responsible person`);

    checkPlanVersion(existing?.version ?? 0, input.version);
    decidePlanStatus((existing?.status as PlanStatus | undefined) ?? null, content.status);
    const fields: PlanFields = {
      version: (existing?.version ?? 0) + 1,
      status: content.status,
      mediation_type: content.mediationType,
      responsible_department_id: content.responsibleDepartmentId,
      responsible_jurisdiction_code: content.responsibleJurisdictionCode,
      responsible_person_id: content.responsiblePersonId,
      summary: content.summary,
      steps: content.steps,
      deadline: content.deadline,
    };
    const plan = existing
      ? await repo.updatePlan(existing.id, fields, user.id, now)
      : await repo.insertPlan(eventId, fields, user.id, now);
    const note = input.note?.trim() || null;
    await repo.appendPlanVersion(plan, note);
    const historyId = await events.appendHistory({
      event_id: event.id,
      action: 'plan',
      from_status: event.status,
      to_status: event.status,
      actor_id: user.id,
      actor_role: user.role,
      note,
      data: {
        ...planSummary(
          { ...content, planId: plan.id, version: plan.version },
          { responsiblePersonName: person.name, responsibleUnitName: unitName },
        ),
        created: !existing,
      },
      at: now,
    });
    return { ...(await readPlan(trx, eventId)), created: !existing, historyId, contacts: relation.contacts };
  });
}

// ── 群英库 ────────────────────────────────────────────────────────────────────────────────

async function findVillage(db: Db, user: CurrentUser, code: string) {
  assertDivisionCode(code, 'village');
  const access = poolAccess(user, code);
  if (access === 'none') fail('JURISDICTION_NOT_FOUND', `no village ${code} in your area`);
  const village = await new OrganisationRepository(db).findJurisdiction(code);
  if (!village || village.level !== 'village') fail('JURISDICTION_NOT_FOUND', `no village ${code}`);
  return { village, access };
}

function assertMayManage(access: string) {
  if (access !== 'manage')
    fail('FORBIDDEN', 'the mediator pool is kept by the village’s party secretary and the town and county centres');
}

export async function listPool(db: Db, user: CurrentUser, code: string, filters: { active?: boolean }) {
  const { village, access } = await findVillage(db, user, code);
  const members = await new MediationRepository(db).poolMembers(code, filters);
  return { village, members, canManage: access === 'manage' };
}

export async function addPoolMember(
  deps: MediationDeps,
  user: CurrentUser,
  code: string,
  input: { personId: number; specialties: string[] },
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { access } = await findVillage(trx, user, code);
    assertMayManage(access);
    const specialties = normaliseSpecialties(input.specialties);
    const [person] = await new OrganisationRepository(trx).findPeople([input.personId]);
    if (!person) fail('PERSON_NOT_FOUND', `no person ${input.personId}`);
    assertMayJoinPool({ name: person.name, active: person.active, jurisdictionCode: person.jurisdiction_code }, code);
    const repo = new MediationRepository(trx);
    const id = await repo.insertPoolMember({
      village_code: code,
      person_id: person.id,
      specialties,
      added_by: user.id,
      at: now,
    });
    if (id === undefined) fail('MEDIATOR_ALREADY_IN_POOL', `${person.name} is already in the pool of ${code}`);
    const [member] = await repo.poolMembers(code, { personId: person.id });
    return member;
  });
}

export async function updatePoolMember(
  deps: MediationDeps,
  user: CurrentUser,
  code: string,
  personId: number,
  patch: { specialties?: string[]; active?: boolean },
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { access } = await findVillage(trx, user, code);
    assertMayManage(access);
    const repo = new MediationRepository(trx);
    const member = await repo.findPoolMember(code, personId, true);
    if (!member) fail('POOL_MEMBER_NOT_FOUND', `person ${personId} is not in the pool of ${code}`);
    if (patch.active === true && !member.active) {
      const [person] = await new OrganisationRepository(trx).findPeople([personId]);
      assertMayJoinPool({ name: person.name, active: person.active, jurisdictionCode: person.jurisdiction_code }, code);
    }
    const specialties = patch.specialties === undefined ? undefined : normaliseSpecialties(patch.specialties);
    await repo.updatePoolMember(member.id, { specialties, active: patch.active }, now);
    const [view] = await repo.poolMembers(code, { personId });
    return view;
  });
}

// ── 调解任务 ──────────────────────────────────────────────────────────────────────────────

export interface DispatchInput {
  memberId: number;
  /** Defaults to the plan's mediation type, else people's mediation (人民调解). */
  mediationType?: MediationType;
  note?: string;
}

export interface TaskStepInput {
  note?: string;
  outcome?: string;
  agreement?: string;
  attachmentIds?: string[];
}

function noticeTask(task: TaskRow, memberName: string) {
  return { id: task.id, mediationType: task.mediation_type, memberName, outcome: task.outcome };
}

function activeHandlerTargets(assignments: readonly AssignmentView[]): AssignmentTarget[] {
  return assignments
    .filter((a) => a.active && a.assignment_role !== MEDIATOR_ASSIGNMENT_ROLE)
    .map((a) => ({
      personId: a.person_id ?? undefined,
      centreCode: a.centre_code ?? undefined,
      departmentId: a.department_id ?? undefined,
    }));
}

export async function dispatchMediationTask(
  deps: MediationDeps,
  user: CurrentUser,
  eventId: number,
  input: DispatchInput,
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = new MediationRepository(trx);
    const events = new EventRepository(trx);
    const org = new OrganisationRepository(trx);
    const { event, relation } = await loadDispute(trx, user, eventId, true);
    assertMayHandleDispute(relation);
    if (event.status_kind !== 'open') {
      fail('EVENT_ILLEGAL_TRANSITION', `cannot send a mediation task for an event that is ${event.status}`, {
        action: 'mediation_assigned',
        from: event.status,
      });
    }
    const villageCode = event.village_code;
    if (!villageCode)
      fail('MEDIATOR_NOT_IN_POOL', 'the event lies in no village, so there is no mediator pool to send a task to');
    const member = await repo.findPoolMember(villageCode, input.memberId);
    const [person] = await org.findPeople([input.memberId]);
    if (!member || !member.active || !person || !person.active) {
      fail(
        'MEDIATOR_NOT_IN_POOL',
        `person ${input.memberId} is not an active member of the mediator pool of village ${villageCode}`,
      );
    }
    if (await repo.hasOpenTask(eventId, input.memberId))
      fail('MEDIATION_TASK_DUPLICATE', `${person.name} already holds an open mediation task on this event`);
    const plan = await repo.findPlan(eventId);
    const mediationType = input.mediationType ?? (plan?.mediation_type as MediationType | undefined) ?? 'people';
    const note = input.note?.trim() || null;
    const taskId = await repo.insertTask({
      event_id: eventId,
      village_code: villageCode,
      member_id: person.id,
      assigned_by: user.id,
      mediation_type: mediationType,
      note,
      at: now,
    });
    await events.insertAssignments([
      {
        event_id: eventId,
        person_id: person.id,
        assignment_role: MEDIATOR_ASSIGNMENT_ROLE,
        tier: event.tier,
        assigned_at: now,
      },
    ]);
    const historyId = await events.appendHistory({
      event_id: eventId,
      action: TASK_HISTORY_ACTION.dispatch,
      from_status: event.status,
      to_status: event.status,
      actor_id: user.id,
      actor_role: user.role,
      note,
      data: { taskId, member: { id: person.id, name: person.name }, mediationType, villageCode },
      at: now,
    });
    const task = (await repo.findTask(taskId))!;
    const notice = NOTICE_AFTER_TASK_STEP.dispatch;
    await new OutboxRepository(trx).enqueue(
      await mediationNotifications(
        org,
        event,
        notice.topic,
        noticeTask(task, person.name),
        [{ personId: person.id }],
        user.id,
        { note },
      ),
      now,
    );
    return {
      task: (await repo.taskView(taskId))!,
      historyId,
      actions: availableTaskActions(task.status as TaskStatus, taskRelation(user, task, relation)),
      contacts: relation.contacts,
    };
  });
}

function taskRelation(user: CurrentUser, task: TaskRow, relation: DisputeRelation): TaskRelation {
  return { isMember: task.member_id === user.id, isDispatcher: mayHandleDispute(relation) };
}

/** A task the user may see: sent to them, or on an event whose handling they may read. Else 404. */
async function loadTask(db: Db, user: CurrentUser, taskId: number, forUpdate: boolean) {
  const repo = new MediationRepository(db);
  const first = await repo.findTask(taskId);
  if (!first) fail('MEDIATION_TASK_NOT_FOUND', `no mediation task ${taskId}`);
  let dispute: Awaited<ReturnType<typeof loadDispute>>;
  try {
    dispute = await loadDispute(db, user, first.event_id, forUpdate);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'EVENT_NOT_FOUND')
      fail('MEDIATION_TASK_NOT_FOUND', `no mediation task ${taskId}`);
    throw error;
  }
  const task = forUpdate ? (await repo.findTask(taskId, true))! : first;
  if (task.member_id !== user.id && !mayReadDisputeWork(user, dispute.relation, false))
    fail('MEDIATION_TASK_NOT_FOUND', `no mediation task ${taskId}`);
  return { ...dispute, task };
}

export async function getMediationTask(db: Db, user: CurrentUser, taskId: number) {
  const { task, relation } = await loadTask(db, user, taskId, false);
  return {
    task: (await new MediationRepository(db).taskView(taskId))!,
    actions: availableTaskActions(task.status as TaskStatus, taskRelation(user, task, relation)),
    contacts: relation.contacts,
  };
}

export async function actOnMediationTask(
  deps: MediationDeps,
  user: CurrentUser,
  taskId: number,
  action: TaskAction,
  input: TaskStepInput,
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = new MediationRepository(trx);
    const events = new EventRepository(trx);
    const org = new OrganisationRepository(trx);
    const { event, assignments, relation, task } = await loadTask(trx, user, taskId, true);
    const from = task.status as TaskStatus;
    const to = decideTaskTransition(action, from, taskRelation(user, task, relation), input);
    if (action === 'accept' && event.status_kind === 'closed') {
      fail('EVENT_ILLEGAL_TRANSITION', `the event is ${event.status}; there is nothing left to mediate`, {
        action: 'mediation_accepted',
        from: event.status,
      });
    }
    const note = input.note?.trim() || null;
    const attachmentIds = action === 'report_result' ? [...new Set(input.attachmentIds ?? [])] : [];
    if (attachmentIds.length) {
      const linked = await events.linkAttachments(event.id, attachmentIds, user.id);
      if (linked !== attachmentIds.length)
        fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
    }
    const update: Parameters<MediationRepository['updateTask']>[1] = { status: to, updated_at: now };
    if (action === 'accept') update.accepted_at = now;
    if (action === 'decline' || action === 'cancel') update.closing_note = note;
    if (action === 'report_result') {
      update.outcome = input.outcome!;
      update.agreement = input.agreement!.trim();
      update.closing_note = note;
      update.attachment_ids = attachmentIds;
    }
    if (!isOpenTaskStatus(to)) {
      update.finished_at = now;
      update.finished_by = user.id;
      await repo.endMediatorAssignment(event.id, task.member_id, now);
    }
    await repo.updateTask(task.id, update);
    const after = (await repo.findTask(task.id))!;
    const view = (await repo.taskView(task.id))!;
    const historyId = await events.appendHistory({
      event_id: event.id,
      action: TASK_HISTORY_ACTION[action],
      from_status: event.status,
      to_status: event.status,
      actor_id: user.id,
      actor_role: user.role,
      note,
      data: {
        taskId: task.id,
        member: { id: task.member_id, name: view.member_name },
        mediationType: task.mediation_type,
        taskStatus: to,
        ...(action === 'report_result' ? { outcome: after.outcome, agreement: after.agreement } : {}),
      },
      attachment_ids: attachmentIds,
      at: now,
    });
    const notice = NOTICE_AFTER_TASK_STEP[action];
    const targets: AssignmentTarget[] =
      notice.to === 'member'
        ? [{ personId: task.member_id }]
        : notice.to === 'dispatcher'
          ? [{ personId: task.assigned_by }]
          : [...activeHandlerTargets(assignments), { personId: task.assigned_by }];
    const extra = action === 'report_result' ? { outcome: after.outcome, agreement: after.agreement } : { note };
    await new OutboxRepository(trx).enqueue(
      await mediationNotifications(
        org,
        event,
        notice.topic,
        noticeTask(after, view.member_name),
        targets,
        user.id,
        extra,
      ),
      now,
    );
    return {
      task: view,
      historyId,
      actions: availableTaskActions(to, taskRelation(user, after, relation)),
      contacts: relation.contacts,
    };
  });
}

export async function listEventTasks(db: Db, user: CurrentUser, eventId: number) {
  const { relation } = await loadDispute(db, user, eventId, false);
  await assertMayRead(db, user, eventId, relation);
  const tasks = await new MediationRepository(db).tasksOfEvent(eventId);
  return {
    items: tasks.map((t) => ({
      task: t,
      actions: availableTaskActions(t.status as TaskStatus, taskRelation(user, t, relation)),
    })),
    canDispatch: mayHandleDispute(relation),
    contacts: relation.contacts,
  };
}

/**
 * A task list: `mine` — the tasks sent to the user (a mediator's 我的调解任务); otherwise the
 * tasks on events within what the user may see (their jurisdiction, or their department's
 * events), together with their own.
 */
export async function listTasks(
  db: Db,
  user: CurrentUser,
  query: { mine?: boolean; status?: string[]; eventId?: number; offset: number; limit: number },
) {
  const repo = new MediationRepository(db);
  const scope = eventScopeOf(user);
  const base = { status: query.status, eventId: query.eventId };
  const filters =
    query.mine || scope.kind === 'reporter' || scope.kind === 'involved'
      ? { ...base, memberId: user.id }
      : scope.kind === 'department'
        ? { ...base, department: { departmentId: scope.departmentId, orMemberId: user.id } }
        : { ...base, placement: { column: scope.column, code: scope.code, orMemberId: user.id } };
  return repo.listTasks(filters, query.offset, query.limit);
}
