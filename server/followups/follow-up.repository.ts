/** All SQL about follow-up visits (回访), the citizen's rating and the per-event summary. */
import { sql, type Kysely } from 'kysely';
import type { FollowUpRow, Schema } from '../db/schema.js';
import type { Placement } from '../../core/organisation/division-code.js';
import type {
  FollowUpFact,
  FollowUpMethod,
  FollowUpStatus,
  FollowUpSummary,
  Satisfaction,
} from '../../core/followups/follow-up-policy.js';

type Db = Kysely<Schema>;

export interface PlacementScope {
  column: keyof Placement;
  code: string;
}

export interface FollowUpListFilters {
  status: FollowUpStatus | 'all';
  due: 'today' | 'overdue' | 'all';
  now: Date;
  today: { start: Date; end: Date };
}

/** The current closing round of the event aliased `e`, in SQL (see closingRound). */
const CURRENT_ROUND = sql`1 + (SELECT count(*) FROM event_history h WHERE h.event_id = e.id AND h.action = 'reopen')`;

export const STALE_NOTE = '事件已重新办理，本轮回访取消';

export class FollowUpRepository {
  constructor(private readonly db: Db) {}

  findById(id: number): Promise<FollowUpRow | undefined> {
    return this.db.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findForUpdate(id: number): Promise<FollowUpRow | undefined> {
    return this.db.selectFrom('follow_ups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /**
   * Which closing of the event is the current one: 1 + the number of times it was reopened
   * (reopen is the only way out of `closed`). Independent of whether the closing's own history
   * record is written yet, so it can be asked inside the closing transaction.
   */
  async closingRound(eventId: number): Promise<number> {
    const row = await this.db
      .selectFrom('event_history')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('action', '=', 'reopen')
      .executeTakeFirstOrThrow();
    return 1 + Number(row.n);
  }

  /** The visits planned for one closing (round) of an event. */
  visitsForRound(eventId: number, round: number): Promise<FollowUpRow[]> {
    return this.db
      .selectFrom('follow_ups')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('kind', '=', 'visit')
      .where('round', '=', round)
      .orderBy('seq')
      .execute();
  }

  /** Inserts planned visits; a visit already planned (same event, round, seq) is left alone. */
  async insertPlanned(
    rows: { event_id: number; round: number; seq: number; closure_at: Date; due_at: Date; created_at: Date }[],
  ): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('follow_ups')
      .values(
        rows.map((r) => ({ ...r, kind: 'visit' as const, status: 'scheduled' as const, updated_at: r.created_at })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'round', 'seq']).doNothing())
      .execute();
  }

  async recordOutcome(
    id: number,
    fields: {
      status: FollowUpStatus;
      method?: FollowUpMethod | null;
      satisfaction?: Satisfaction | null;
      note: string | null;
      visitor_id: number | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db
      .updateTable('follow_ups')
      .set({
        status: fields.status,
        method: fields.method ?? null,
        satisfaction: fields.satisfaction ?? null,
        note: fields.note,
        visitor_id: fields.visitor_id,
        done_at: fields.at,
        updated_at: fields.at,
      })
      .where('id', '=', id)
      .execute();
  }

  async insertCitizenRating(
    eventId: number,
    satisfaction: Satisfaction,
    comment: string | null,
    at: Date,
  ): Promise<number> {
    const row = await this.db
      .insertInto('follow_ups')
      .values({
        event_id: eventId,
        kind: 'citizen_rating',
        status: 'done',
        method: 'online',
        satisfaction,
        note: comment,
        visitor_id: null,
        done_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  citizenRating(eventId: number): Promise<FollowUpRow | undefined> {
    return this.db
      .selectFrom('follow_ups')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('kind', '=', 'citizen_rating')
      .executeTakeFirst();
  }

  /** Cancels the still-scheduled visits of one event (it was reopened); returns how many. */
  async cancelScheduled(eventId: number, note: string, at: Date): Promise<number> {
    const result = await this.db
      .updateTable('follow_ups')
      .set({ status: 'cancelled', note, done_at: at, updated_at: at })
      .where('event_id', '=', eventId)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Cancels scheduled visits of a closing that no longer holds (the event was reopened since, by a
   * follow-up or by a supervisor); returns the events touched.
   */
  async cancelStale(at: Date, scope?: PlacementScope, eventId?: number): Promise<number[]> {
    const rows = await this.db
      .updateTable('follow_ups')
      .set({ status: 'cancelled', note: STALE_NOTE, done_at: at, updated_at: at })
      .where('status', '=', 'scheduled')
      .$if(eventId !== undefined, (q) => q.where('event_id', '=', eventId!))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('events as e')
            .select(sql`1`.as('one'))
            .whereRef('e.id', '=', 'follow_ups.event_id')
            .where(sql<boolean>`(e.status <> 'closed' OR follow_ups.round < ${CURRENT_ROUND})`)
            .$if(!!scope, (q) => q.where(`e.${scope!.column}`, '=', scope!.code)),
        ),
      )
      .returning('event_id')
      .execute();
    return [...new Set(rows.map((r) => r.event_id))];
  }

  /** Closed events (closed since `since`) whose current closing has no visits planned yet. */
  closedWithoutVisits(since: Date, limit: number, scope?: PlacementScope): Promise<{ id: number }[]> {
    return this.db
      .selectFrom('events as e')
      .select('e.id')
      .where('e.status', '=', 'closed')
      .where('e.closed_at', '>=', since)
      .$if(!!scope, (q) => q.where(`e.${scope!.column}`, '=', scope!.code))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('follow_ups as f')
              .select(sql`1`.as('one'))
              .whereRef('f.event_id', '=', 'e.id')
              .where('f.kind', '=', 'visit')
              .where(sql<boolean>`f.round >= ${CURRENT_ROUND}`),
          ),
        ),
      )
      .orderBy('e.closed_at')
      .limit(limit)
      .execute();
  }

  /** An event's follow-ups (every round, and the citizen's rating), with the visitor's name. */
  forEvent(eventId: number) {
    return this.db
      .selectFrom('follow_ups as f')
      .leftJoin('people as v', 'v.id', 'f.visitor_id')
      .selectAll('f')
      .select(['v.name as visitor_name', 'v.role as visitor_role'])
      .where('f.event_id', '=', eventId)
      .orderBy(sql`f.round IS NULL`)
      .orderBy('f.round')
      .orderBy('f.seq')
      .orderBy('f.id')
      .execute();
  }

  async facts(eventId: number): Promise<FollowUpFact[]> {
    const rows = await this.db
      .selectFrom('follow_ups')
      .select(['id', 'kind', 'status', 'satisfaction', 'done_at'])
      .where('event_id', '=', eventId)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      satisfaction: r.satisfaction,
      doneAt: r.done_at,
    }));
  }

  async saveSummary(eventId: number, s: FollowUpSummary, at: Date): Promise<void> {
    const values = {
      visits_planned: s.visitsPlanned,
      visits_done: s.visitsDone,
      visits_missed: s.visitsMissed,
      follow_ups_done: s.followUpsDone,
      first_followed_up_at: s.firstFollowedUpAt,
      last_followed_up_at: s.lastFollowedUpAt,
      satisfaction: s.satisfaction,
      satisfaction_source: s.satisfactionSource,
      satisfaction_at: s.satisfactionAt,
      citizen_satisfaction: s.citizenSatisfaction,
      dissatisfied_count: s.dissatisfiedCount,
      updated_at: at,
    };
    await this.db
      .insertInto('event_satisfaction')
      .values({ event_id: eventId, ...values })
      .onConflict((oc) => oc.column('event_id').doUpdateSet(values))
      .execute();
  }

  summary(eventId: number) {
    return this.db.selectFrom('event_satisfaction').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  }

  /** Everyone who ever resolved the event (办结): they may not follow it up themselves. */
  async resolverIds(eventId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('event_history')
      .select('actor_id')
      .where('event_id', '=', eventId)
      .where('action', '=', 'resolve')
      .execute();
    return rows.flatMap((r) => (r.actor_id === null ? [] : [r.actor_id]));
  }

  /** The visits in a jurisdiction (events whose placement column is the code), soonest due first. */
  async list(scope: PlacementScope, personId: number, f: FollowUpListFilters, offset: number, limit: number) {
    let base = this.db
      .selectFrom('follow_ups as f')
      .innerJoin('events as e', 'e.id', 'f.event_id')
      .where(`e.${scope.column}`, '=', scope.code)
      .where('f.kind', '=', 'visit');
    if (f.status !== 'all') base = base.where('f.status', '=', f.status);
    if (f.due === 'today') base = base.where('f.due_at', '>=', f.today.start).where('f.due_at', '<', f.today.end);
    if (f.due === 'overdue') base = base.where('f.status', '=', 'scheduled').where('f.due_at', '<', f.now);
    const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const items = await base
      .leftJoin('people as v', 'v.id', 'f.visitor_id')
      .selectAll('f')
      .select([
        'v.name as visitor_name',
        'v.role as visitor_role',
        'e.serial_no',
        'e.title',
        'e.status as event_status',
        'e.jurisdiction_code',
        'e.town_code',
        'e.village_code',
        'e.grid_code',
        'e.address',
        // masked; an anonymous report (匿名反映) names no one to the visitor
        sql<string | null>`CASE WHEN e.reporter_anonymous THEN NULL ELSE e.reporter_name END`.as('reporter_name'),
        sql<string | null>`CASE WHEN e.reporter_anonymous THEN NULL ELSE e.reporter_phone_masked END`.as(
          'reporter_phone',
        ),
        'e.closed_at as event_closed_at',
      ])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('event_history as h')
              .select(sql`1`.as('one'))
              .whereRef('h.event_id', '=', 'f.event_id')
              .where('h.action', '=', 'resolve')
              .where('h.actor_id', '=', personId),
          )
          .as('resolved_by_me'),
      )
      .orderBy('f.due_at')
      .orderBy('f.id')
      .offset(offset)
      .limit(limit)
      .execute();
    return { total: Number(total), items };
  }
}
