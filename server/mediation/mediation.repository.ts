/**
 * All SQL about hard-dispute handling: resolution plans (化解方案) and their versions, the village
 * mediator pools (群英库), mediation tasks (调解任务), and the mediator's event assignment.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Schema, ResolutionPlansTable, ResolutionPlanVersionsTable, MediationTasksTable } from '../db/schema.js';
import type { Placement } from '../../core/organisation/division-code.js';
import { OPEN_TASK_STATUSES } from '../../core/mediation/mediation-catalog.js';
import { MEDIATOR_ASSIGNMENT_ROLE } from '../../core/mediation/mediation-access.js';

type Db = Kysely<Schema>;

export type PlanRow = Selectable<ResolutionPlansTable>;
export type PlanVersionRow = Selectable<ResolutionPlanVersionsTable>;
export type TaskRow = Selectable<MediationTasksTable>;

/** The content both a plan and each of its versions carry. */
export interface PlanFields {
  version: number;
  status: string;
  mediation_type: string;
  responsible_department_id: number | null;
  responsible_jurisdiction_code: string | null;
  responsible_person_id: number;
  summary: string | null;
  steps: { text: string; dueAt: string | null; done: boolean }[];
  deadline: Date;
}

export interface TaskFilters {
  /** Only tasks sent to this person. */
  memberId?: number;
  /** Tasks of events placed under this jurisdiction, or sent to `orMemberId`. */
  placement?: { column: keyof Placement; code: string; orMemberId: number };
  /** Tasks of events assigned to this department, or sent to `orMemberId`. */
  department?: { departmentId: number; orMemberId: number };
  status?: string[];
  eventId?: number;
}

const OPEN = [...OPEN_TASK_STATUSES] as string[];

export class MediationRepository {
  constructor(private readonly db: Db) {}

  // ── resolution plans ────────────────────────────────────────────────────────────────────

  findPlan(eventId: number, forUpdate = false): Promise<PlanRow | undefined> {
    const q = this.db.selectFrom('resolution_plans').selectAll().where('event_id', '=', eventId);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  }

  async insertPlan(eventId: number, fields: PlanFields, by: number, at: Date): Promise<PlanRow> {
    return this.db
      .insertInto('resolution_plans')
      .values({
        ...fields,
        steps: JSON.stringify(fields.steps),
        event_id: eventId,
        created_by: by,
        created_at: at,
        updated_by: by,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async updatePlan(id: number, fields: PlanFields, by: number, at: Date): Promise<PlanRow> {
    return this.db
      .updateTable('resolution_plans')
      .set({ ...fields, steps: JSON.stringify(fields.steps), updated_by: by, updated_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async appendPlanVersion(plan: PlanRow, changeNote: string | null): Promise<void> {
    await this.db
      .insertInto('resolution_plan_versions')
      .values({
        plan_id: plan.id,
        event_id: plan.event_id,
        version: plan.version,
        status: plan.status,
        mediation_type: plan.mediation_type,
        responsible_department_id: plan.responsible_department_id,
        responsible_jurisdiction_code: plan.responsible_jurisdiction_code,
        responsible_person_id: plan.responsible_person_id,
        summary: plan.summary,
        steps: JSON.stringify(plan.steps),
        deadline: plan.deadline,
        change_note: changeNote,
        edited_by: plan.updated_by,
        edited_at: plan.updated_at,
      })
      .execute();
  }

  /** The plan with the names of its responsible unit and person and of its editors. */
  planView(eventId: number) {
    return this.db
      .selectFrom('resolution_plans as r')
      .leftJoin('people as p', 'p.id', 'r.responsible_person_id')
      .leftJoin('departments as d', 'd.id', 'r.responsible_department_id')
      .leftJoin('jurisdictions as j', 'j.code', 'r.responsible_jurisdiction_code')
      .leftJoin('people as c', 'c.id', 'r.created_by')
      .leftJoin('people as u', 'u.id', 'r.updated_by')
      .selectAll('r')
      .select([
        'p.name as responsible_person_name',
        'p.phone as responsible_person_phone',
        'd.name as department_name',
        'j.name as jurisdiction_name',
        'c.name as created_by_name',
        'u.name as updated_by_name',
      ])
      .where('r.event_id', '=', eventId)
      .executeTakeFirst();
  }

  /** Every version, newest first. */
  planVersions(planId: number) {
    return this.db
      .selectFrom('resolution_plan_versions as v')
      .leftJoin('people as p', 'p.id', 'v.responsible_person_id')
      .leftJoin('departments as d', 'd.id', 'v.responsible_department_id')
      .leftJoin('jurisdictions as j', 'j.code', 'v.responsible_jurisdiction_code')
      .leftJoin('people as e', 'e.id', 'v.edited_by')
      .selectAll('v')
      .select([
        'p.name as responsible_person_name',
        'd.name as department_name',
        'j.name as jurisdiction_name',
        'e.name as edited_by_name',
      ])
      .where('v.plan_id', '=', planId)
      .orderBy('v.version', 'desc')
      .execute();
  }

  // ── mediator pools ──────────────────────────────────────────────────────────────────────

  findPoolMember(villageCode: string, personId: number, forUpdate = false) {
    const q = this.db
      .selectFrom('mediator_pool_members')
      .selectAll()
      .where('village_code', '=', villageCode)
      .where('person_id', '=', personId);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  }

  /** Inserts a member; undefined when the person is in the pool already. */
  async insertPoolMember(row: {
    village_code: string;
    person_id: number;
    specialties: string[];
    added_by: number;
    at: Date;
  }): Promise<number | undefined> {
    const inserted = await this.db
      .insertInto('mediator_pool_members')
      .values({
        village_code: row.village_code,
        person_id: row.person_id,
        specialties: JSON.stringify(row.specialties),
        added_by: row.added_by,
        added_at: row.at,
        updated_at: row.at,
      })
      .onConflict((oc) => oc.columns(['village_code', 'person_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  }

  async updatePoolMember(id: number, fields: { specialties?: string[]; active?: boolean }, at: Date): Promise<void> {
    await this.db
      .updateTable('mediator_pool_members')
      .set({
        ...(fields.specialties !== undefined ? { specialties: JSON.stringify(fields.specialties) } : {}),
        ...(fields.active !== undefined ? { active: fields.active } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * A village's pool with each member's workload: open tasks (assigned or accepted) and completed
   * ones, counted over all the person's tasks (a person may serve more than one pool).
   */
  poolMembers(villageCode: string, filters: { active?: boolean; personId?: number } = {}) {
    let q = this.db
      .selectFrom('mediator_pool_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .leftJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
      .select([
        'm.id',
        'm.village_code',
        'm.person_id',
        'm.specialties',
        'm.active',
        'm.added_at',
        'm.updated_at',
        'p.name',
        'p.role',
        'p.phone',
        'p.active as person_active',
        'p.jurisdiction_code',
        'j.name as jurisdiction_name',
        (eb) =>
          eb
            .selectFrom('mediation_tasks as t')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('t.member_id', '=', 'm.person_id')
            .where('t.status', 'in', OPEN)
            .as('open_tasks'),
        (eb) =>
          eb
            .selectFrom('mediation_tasks as t')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('t.member_id', '=', 'm.person_id')
            .where('t.status', '=', 'done')
            .as('completed_tasks'),
      ])
      .where('m.village_code', '=', villageCode);
    if (filters.active !== undefined) q = q.where('m.active', '=', filters.active);
    if (filters.personId !== undefined) q = q.where('m.person_id', '=', filters.personId);
    return q.orderBy('m.active', 'desc').orderBy('m.id').execute();
  }

  // ── mediation tasks ─────────────────────────────────────────────────────────────────────

  async hasOpenTask(eventId: number, memberId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('mediation_tasks')
      .select('id')
      .where('event_id', '=', eventId)
      .where('member_id', '=', memberId)
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    return !!row;
  }

  async hasAnyTask(eventId: number, memberId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('mediation_tasks')
      .select('id')
      .where('event_id', '=', eventId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    return !!row;
  }

  async insertTask(row: {
    event_id: number;
    village_code: string;
    member_id: number;
    assigned_by: number;
    mediation_type: string;
    note: string | null;
    at: Date;
  }): Promise<number> {
    const { at, ...rest } = row;
    const inserted = await this.db
      .insertInto('mediation_tasks')
      .values({ ...rest, status: 'assigned', assigned_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  findTask(id: number, forUpdate = false): Promise<TaskRow | undefined> {
    const q = this.db.selectFrom('mediation_tasks').selectAll().where('id', '=', id);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  }

  async updateTask(
    id: number,
    fields: Partial<
      Pick<
        TaskRow,
        | 'status'
        | 'closing_note'
        | 'outcome'
        | 'agreement'
        | 'accepted_at'
        | 'finished_at'
        | 'finished_by'
        | 'updated_at'
      >
    > & { attachment_ids?: string[] },
  ): Promise<void> {
    const { attachment_ids, ...rest } = fields;
    await this.db
      .updateTable('mediation_tasks')
      .set({ ...rest, ...(attachment_ids ? { attachment_ids: JSON.stringify(attachment_ids) } : {}) })
      .where('id', '=', id)
      .execute();
  }

  private taskViews() {
    return this.db
      .selectFrom('mediation_tasks as t')
      .innerJoin('events as e', 'e.id', 't.event_id')
      .innerJoin('people as m', 'm.id', 't.member_id')
      .leftJoin('people as a', 'a.id', 't.assigned_by')
      .leftJoin('people as f', 'f.id', 't.finished_by')
      .leftJoin('jurisdictions as v', 'v.code', 't.village_code')
      .selectAll('t')
      .select([
        'e.serial_no as event_serial_no',
        'e.title as event_title',
        'e.event_type as event_type',
        'e.status as event_status',
        'e.risk_level as event_risk_level',
        'e.address as event_address',
        'm.name as member_name',
        'm.phone as member_phone',
        'a.name as assigned_by_name',
        'f.name as finished_by_name',
        'v.name as village_name',
      ]);
  }

  taskView(id: number) {
    return this.taskViews().where('t.id', '=', id).executeTakeFirst();
  }

  tasksOfEvent(eventId: number) {
    return this.taskViews().where('t.event_id', '=', eventId).orderBy('t.id').execute();
  }

  async listTasks(f: TaskFilters, offset: number, limit: number) {
    let q = this.taskViews();
    if (f.memberId !== undefined) q = q.where('t.member_id', '=', f.memberId);
    if (f.placement) {
      const { column, code, orMemberId } = f.placement;
      q = q.where((eb) => eb.or([eb(`e.${column}`, '=', code), eb('t.member_id', '=', orMemberId)]));
    }
    if (f.department) {
      const { departmentId, orMemberId } = f.department;
      q = q.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('event_assignments as ea')
              .select(sql`1`.as('one'))
              .whereRef('ea.event_id', '=', 't.event_id')
              .where('ea.department_id', '=', departmentId),
          ),
          eb('t.member_id', '=', orMemberId),
        ]),
      );
    }
    if (f.status?.length) q = q.where('t.status', 'in', f.status);
    if (f.eventId !== undefined) q = q.where('t.event_id', '=', f.eventId);
    const [{ total }] = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .execute();
    const items = await q.orderBy('t.updated_at', 'desc').orderBy('t.id', 'desc').offset(offset).limit(limit).execute();
    return { total: Number(total), items };
  }

  /** Ends the member's mediator assignment on the event (their other assignments stay). */
  /** Withdraws every open task of an event that ended (closed, merged, cancelled); returns the members. */
  async cancelOpenTasks(eventId: number, note: string, by: number | null, at: Date): Promise<number[]> {
    const rows = await this.db
      .updateTable('mediation_tasks')
      .set({ status: 'cancelled', closing_note: note, finished_at: at, finished_by: by, updated_at: at })
      .where('event_id', '=', eventId)
      .where('status', 'in', OPEN)
      .returning('member_id')
      .execute();
    return rows.map((r) => r.member_id);
  }

  async endMediatorAssignment(eventId: number, personId: number, at: Date): Promise<void> {
    await this.db
      .updateTable('event_assignments')
      .set({ active: false, ended_at: at })
      .where('event_id', '=', eventId)
      .where('person_id', '=', personId)
      .where('assignment_role', '=', MEDIATOR_ASSIGNMENT_ROLE)
      .where('active', '=', true)
      .execute();
  }
}
