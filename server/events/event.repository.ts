/** All SQL about events: the row, its assignments, its history, listing and GeoJSON. */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { EventRow, NewEvent, Schema } from '../db/schema.js';
import type { EventScope } from '../../core/access/current-user.js';
import type { Placement } from '../../core/organisation/division-code.js';
import { chinaDateStampOf } from '../../core/time/china-time.js';

type Db = Kysely<Schema>;

export interface NewAssignment {
  event_id: number;
  person_id?: number | null;
  department_id?: number | null;
  centre_code?: string | null;
  assignment_role: string;
  duty?: string | null;
  /** The tier the assignment serves (承办层级, core/events/holding.ts). */
  tier: string;
  assigned_at: Date;
}

export interface NewHistory {
  event_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_role: string;
  note?: string | null;
  data?: unknown;
  attachment_ids?: string[];
  at: Date;
}

export interface EventFilters {
  jurisdiction?: { column: keyof Placement; code: string };
  status?: string[];
  statusKind?: string[];
  eventType?: string[];
  categoryCode?: string;
  channel?: string[];
  riskLevel?: string[];
  highRisk?: boolean;
  from?: Date;
  to?: Date;
  q?: string;
  assignedToPersonId?: number;
  /** Only events with geometry (for maps). */
  located?: boolean;
  light?: string[];
  tier?: string[];
  suspended?: boolean;
  /** The reporter's phone / ID number as search hashes (any key's): rows of an anonymous report never match. */
  reporterPhoneHashes?: string[];
  reporterIdNumberHashes?: string[];
}

/** An assignment with the names a person reads. */
export interface AssignmentView {
  id: number;
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  assignment_role: string;
  duty: string | null;
  tier: string;
  active: boolean;
  assigned_at: Date;
  ended_at: Date | null;
  person_name: string | null;
  person_role: string | null;
  person_phone: string | null;
  department_name: string | null;
  centre_name: string | null;
}

export type EventSort = 'reported_at' | 'updated_at' | 'risk_level' | 'serial_no';

export class EventRepository {
  constructor(private readonly db: Db) {}

  findByIdempotencyKey(scope: string, key: string) {
    return this.db
      .selectFrom('events')
      .selectAll()
      .where('idempotency_scope', '=', scope)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  async insert(event: Omit<NewEvent, 'serial_no'>): Promise<EventRow> {
    const stamp = chinaDateStampOf(new Date(event.reported_at as Date));
    return this.db
      .insertInto('events')
      .values({
        ...event,
        // lpad would truncate a seventh digit; pad to at least six instead.
        serial_no: sql<string>`'YW' || ${stamp} || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('event_serial_seq') AS n)`,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async insertAssignments(rows: NewAssignment[]) {
    if (!rows.length) return [];
    return this.db.insertInto('event_assignments').values(rows).returningAll().execute();
  }

  async endActiveAssignments(eventId: number, at: Date): Promise<void> {
    await this.db
      .updateTable('event_assignments')
      .set({ active: false, ended_at: at })
      .where('event_id', '=', eventId)
      .where('active', '=', true)
      .execute();
  }

  /** Appends history records (in order, in one statement); returns the last one's id. */
  async appendHistory(...rows: NewHistory[]): Promise<number> {
    const inserted = await this.db
      .insertInto('event_history')
      .values(
        rows.map((row) => ({
          ...row,
          note: row.note ?? null,
          data: row.data === undefined ? null : JSON.stringify(row.data),
          attachment_ids: JSON.stringify(row.attachment_ids ?? []),
        })),
      )
      .returning('id')
      .execute();
    return Math.max(...inserted.map((r) => r.id));
  }

  /** Links uploaded attachments to an event; returns how many were linkable (unused, same uploader). */
  async linkAttachments(eventId: number, ids: string[], uploaderId: number | null): Promise<number> {
    const result = await this.db
      .updateTable('attachments')
      .set({ event_id: eventId })
      .where('id', 'in', ids)
      .where('event_id', 'is', null)
      .where((eb) => (uploaderId === null ? eb('uploaded_by', 'is', null) : eb('uploaded_by', '=', uploaderId)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  findById(id: number): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the row for the rest of the transaction, so two actions on one event serialise. */
  findForUpdate(id: number): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  findByTrackingToken(token: string): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('tracking_token', '=', token).executeTakeFirst();
  }

  async update(id: number, fields: Partial<Omit<EventRow, 'id'>>): Promise<void> {
    await this.db
      .updateTable('events')
      .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  assignments(eventId: number) {
    return this.db
      .selectFrom('event_assignments as a')
      .leftJoin('people as p', 'p.id', 'a.person_id')
      .leftJoin('departments as d', 'd.id', 'a.department_id')
      .leftJoin('jurisdictions as j', 'j.code', 'a.centre_code')
      .select([
        'a.id',
        'a.person_id',
        'a.department_id',
        'a.centre_code',
        'a.assignment_role',
        'a.duty',
        'a.tier',
        'a.active',
        'a.assigned_at',
        'a.ended_at',
        'p.name as person_name',
        'p.role as person_role',
        'p.phone as person_phone',
        'd.name as department_name',
        'j.name as centre_name',
      ])
      .where('a.event_id', '=', eventId)
      .orderBy('a.id')
      .execute();
  }

  history(eventId: number) {
    return this.db
      .selectFrom('event_history as h')
      .leftJoin('people as p', 'p.id', 'h.actor_id')
      .select([
        'h.id',
        'h.action',
        'h.from_status',
        'h.to_status',
        'h.actor_id',
        'h.actor_role',
        'p.name as actor_name',
        'h.note',
        'h.data',
        'h.attachment_ids',
        'h.at',
      ])
      .where('h.event_id', '=', eventId)
      .orderBy('h.id')
      .execute();
  }

  attachmentsOf(eventId: number) {
    return this.db
      .selectFrom('attachments')
      .select(['id', 'mime_type', 'size_bytes', 'original_name', 'uploaded_by', 'created_at'])
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .execute();
  }

  private scopeCondition(
    eb: ExpressionBuilder<Schema, 'events'>,
    scope: EventScope,
    personId: number,
  ): Expression<SqlBool> {
    const assignedToMe = eb.exists(
      eb
        .selectFrom('event_assignments as a')
        .select(sql`1`.as('one'))
        .whereRef('a.event_id', '=', 'events.id')
        .where('a.person_id', '=', personId),
    );
    switch (scope.kind) {
      case 'placement':
        return eb.or([eb(`events.${scope.column}`, '=', scope.code), assignedToMe]);
      case 'department':
        return eb.or([
          eb.exists(
            eb
              .selectFrom('event_assignments as a')
              .select(sql`1`.as('one'))
              .whereRef('a.event_id', '=', 'events.id')
              .where('a.department_id', '=', scope.departmentId),
          ),
          assignedToMe,
        ]);
      case 'reporter':
        return eb('events.reporter_id', '=', scope.personId);
      case 'involved':
        return eb.or([assignedToMe, eb('events.reporter_id', '=', scope.personId)]);
    }
  }

  private filtered(scope: EventScope, personId: number, f: EventFilters) {
    let q = this.db.selectFrom('events').where((eb) => this.scopeCondition(eb, scope, personId));
    if (f.jurisdiction) q = q.where(`events.${f.jurisdiction.column}`, '=', f.jurisdiction.code);
    if (f.status?.length) q = q.where('events.status', 'in', f.status);
    if (f.statusKind?.length) q = q.where('events.status_kind', 'in', f.statusKind);
    if (f.eventType?.length) q = q.where('events.event_type', 'in', f.eventType);
    if (f.categoryCode) {
      const prefix = f.categoryCode;
      q = q.where((eb) =>
        eb.or([eb('events.category_code', '=', prefix), eb('events.category_code', 'like', `${prefix}.%`)]),
      );
    }
    if (f.channel?.length) q = q.where('events.channel', 'in', f.channel);
    if (f.riskLevel?.length) q = q.where('events.risk_level', 'in', f.riskLevel);
    if (f.highRisk !== undefined) q = q.where('events.high_risk', '=', f.highRisk);
    if (f.from) q = q.where('events.reported_at', '>=', f.from);
    if (f.to) q = q.where('events.reported_at', '<', f.to);
    if (f.located) q = q.where('events.lng', 'is not', null);
    if (f.light?.length) q = q.where('events.light', 'in', f.light).where('events.status_kind', '=', 'open');
    if (f.tier?.length) q = q.where('events.tier', 'in', f.tier);
    if (f.suspended !== undefined) q = q.where('events.suspended_at', f.suspended ? 'is not' : 'is', null);
    if (f.reporterPhoneHashes)
      q = q
        .where('events.reporter_phone_hash', 'in', f.reporterPhoneHashes)
        .where('events.reporter_anonymous', '=', false);
    if (f.reporterIdNumberHashes)
      q = q
        .where('events.reporter_id_number_hash', 'in', f.reporterIdNumberHashes)
        .where('events.reporter_anonymous', '=', false);
    if (f.q) {
      const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('events.title', 'ilike', pattern),
          eb('events.description', 'ilike', pattern),
          eb('events.serial_no', 'ilike', pattern),
          eb('events.address', 'ilike', pattern),
        ]),
      );
    }
    if (f.assignedToPersonId !== undefined) {
      const pid = f.assignedToPersonId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('event_assignments as a')
            .select(sql`1`.as('one'))
            .whereRef('a.event_id', '=', 'events.id')
            .where('a.person_id', '=', pid)
            .where('a.active', '=', true),
        ),
      );
    }
    return q;
  }

  async list(
    scope: EventScope,
    personId: number,
    f: EventFilters,
    sort: EventSort,
    desc: boolean,
    offset: number,
    limit: number,
  ) {
    const base = this.filtered(scope, personId, f);
    const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    let q = base
      .leftJoin('jurisdictions as j', 'j.code', 'events.jurisdiction_code')
      .leftJoin('event_categories as c', 'c.code', 'events.category_code')
      .select([
        'events.id',
        'events.serial_no',
        'events.title',
        'events.channel',
        'events.event_type',
        'events.category_code',
        'c.name_zh as category_name',
        'events.risk_level',
        'events.high_risk',
        'events.status',
        'events.status_kind',
        'events.jurisdiction_code',
        'j.name as jurisdiction_name',
        'events.town_code',
        'events.village_code',
        'events.grid_code',
        'events.address',
        'events.lng',
        'events.lat',
        'events.reported_at',
        'events.updated_at',
        'events.version',
        'events.tier',
        'events.light',
        'events.suspended_at',
      ]);
    if (sort === 'risk_level') {
      q = q.orderBy(
        sql`CASE events.risk_level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END`,
        desc ? 'asc' : 'desc',
      );
      q = q.orderBy('events.reported_at', 'desc');
    } else {
      q = q.orderBy(`events.${sort}`, desc ? 'desc' : 'asc');
    }
    const items = await q
      .orderBy('events.id', desc ? 'desc' : 'asc')
      .offset(offset)
      .limit(limit)
      .execute();
    return { total: Number(total), items };
  }

  /**
   * Candidates for duplicates (重复件): located events of the same type in a lng/lat box, reported
   * within a window, not closed, visible to the user. The caller measures the exact distance.
   */
  nearby(
    scope: EventScope,
    personId: number,
    near: {
      id: number;
      eventType: string;
      box: { minLng: number; maxLng: number; minLat: number; maxLat: number };
      from: Date;
      to: Date;
    },
    limit: number,
  ) {
    return this.filtered(scope, personId, {
      from: near.from,
      to: near.to,
      eventType: [near.eventType],
      statusKind: ['open', 'resolved'],
    })
      .leftJoin('event_categories as c', 'c.code', 'events.category_code')
      .select([
        'events.id',
        'events.serial_no',
        'events.title',
        'events.category_code',
        'c.name_zh as category_name',
        'events.status',
        'events.lng',
        'events.lat',
        'events.reported_at',
      ])
      .where('events.id', '!=', near.id)
      .where('events.lng', '>=', near.box.minLng)
      .where('events.lng', '<=', near.box.maxLng)
      .where('events.lat', '>=', near.box.minLat)
      .where('events.lat', '<=', near.box.maxLat)
      .orderBy('events.reported_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Points for a map, newest first, capped. */
  points(scope: EventScope, personId: number, f: EventFilters, limit: number) {
    return this.filtered(scope, personId, { ...f, located: true })
      .select([
        'events.id',
        'events.serial_no',
        'events.title',
        'events.event_type',
        'events.risk_level',
        'events.status',
        'events.status_kind',
        'events.lng',
        'events.lat',
        'events.reported_at',
      ])
      .orderBy('events.reported_at', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * One page of an export (事件清单导出): the events the list would show, after `afterId` in id
   * order, with the names a reader of the spreadsheet wants. Keyset pagination — never OFFSET — so
   * the millionth row costs what the first did.
   */
  exportPage(scope: EventScope, personId: number, f: EventFilters, afterId: number, limit: number) {
    return this.filtered(scope, personId, f)
      .leftJoin('event_categories as c', 'c.code', 'events.category_code')
      .leftJoin('event_statuses as s', 's.code', 'events.status')
      .leftJoin('jurisdictions as town', 'town.code', 'events.town_code')
      .leftJoin('jurisdictions as village', 'village.code', 'events.village_code')
      .leftJoin('jurisdictions as grid', 'grid.code', 'events.grid_code')
      .leftJoin('people as reporter', 'reporter.id', 'events.reporter_id')
      .select((_eb) => [
        'events.id',
        'events.serial_no',
        'events.title',
        'events.event_type',
        'c.name_zh as category_name',
        'events.channel',
        'events.risk_level',
        'events.status',
        's.name_zh as status_name',
        'events.status_kind',
        'events.tier',
        'events.light',
        'town.name as town_name',
        'village.name as village_name',
        'grid.name as grid_name',
        'events.address',
        'events.reported_at',
        'events.accepted_at',
        'events.resolved_at',
        'events.closed_at',
        'events.overdue',
        'events.satisfaction',
        // masked personal data; an anonymous report (匿名反映) names no one in an export
        sql<
          string | null
        >`CASE WHEN events.reporter_anonymous THEN NULL ELSE coalesce(events.reporter_name, reporter.name) END`.as(
          'reporter_name',
        ),
        sql<string | null>`CASE WHEN events.reporter_anonymous THEN NULL ELSE events.reporter_phone_masked END`.as(
          'reporter_phone_masked',
        ),
        sql<string | null>`CASE WHEN events.reporter_anonymous THEN NULL ELSE reporter.phone END`.as('account_phone'),
        sql<string | null>`CASE WHEN events.reporter_anonymous THEN NULL ELSE events.reporter_id_number_masked END`.as(
          'reporter_id_number_masked',
        ),
      ])
      .where('events.id', '>', afterId)
      .orderBy('events.id')
      .limit(limit)
      .execute();
  }
}
