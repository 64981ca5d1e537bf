/**
 * The SQL behind the demo county (示范县): loading the generated organisation and events in bulk,
 * and what the demo gets after its events are loaded — the facts the server records as actions
 * happen, the follow-up visits (回访), the villages' mediator pools (群英库) — plus the logins the
 * start command prints.
 */
import { CompiledQuery, sql, type InsertObject, type Kysely } from 'kysely';
import type { Schema } from '../../server/db/schema.js';

/** Bind parameters per INSERT: under PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS = 1000;

export class DemoRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Whether any jurisdiction at all is there (an organisation, demo or imported). */
  async hasAnyJurisdiction(): Promise<boolean> {
    const row = await this.db.selectFrom('jurisdictions').select('code').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Multi-row INSERTs in chunks that keep each statement under the bind-parameter limit. With
   * `explicitIds`, the rows carry their own ids into a GENERATED ALWAYS column: Kysely has no
   * OVERRIDING clause, so it is spliced into the compiled statement.
   */
  async insertRows<T extends keyof Schema & string>(
    table: T,
    rows: readonly InsertObject<Schema, T>[],
    explicitIds = false,
  ): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]).length;
    const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns)));
    for (let i = 0; i < rows.length; i += size) {
      const query = this.db.insertInto(table).values(rows.slice(i, i + size));
      if (!explicitIds) {
        await query.execute();
        continue;
      }
      const compiled = query.compile();
      const text = compiled.sql.replace(/\) values \(/, ') overriding system value values (');
      if (text === compiled.sql) throw new Error(`could not add OVERRIDING SYSTEM VALUE to the insert into ${table}`);
      await this.db.executeQuery(CompiledQuery.raw(text, [...compiled.parameters]));
    }
  }

  /** Sets a table's identity sequence so that the next generated id is above every id in it. */
  async moveSequencePast(table: 'departments' | 'people' | 'events'): Promise<void> {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${sql.table(table)}), false)`.execute(
      this.db,
    );
  }

  /** The platform numbers its own events YW + date + nextval: moves the sequence to at least `maxSerial`. */
  async moveEventSerialPast(maxSerial: number): Promise<void> {
    await sql`SELECT setval('event_serial_seq', GREATEST((SELECT last_value FROM event_serial_seq), ${maxSerial}::bigint))`.execute(
      this.db,
    );
  }

  /** Moves the boundaries' version on: running servers rebuild their grid index when they see it move. */
  async bumpGeoVersion(): Promise<void> {
    await this.db
      .updateTable('geo_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  }

  /**
   * Puts each village's active mediators in its 群英库 pool, added by the village's party secretary,
   * with two specialties each chosen deterministically by the person's id; returns how many were added.
   */
  async addVillageMediatorsToPools(specialties: readonly string[], now: Date): Promise<number> {
    const result = await sql<{ n: number }>`
    WITH added AS (
      INSERT INTO mediator_pool_members (village_code, person_id, specialties, added_by, added_at, updated_at)
      SELECT m.jurisdiction_code, m.id,
             jsonb_build_array(
               (${sql.val(specialties)}::text[])[1 + m.id % ${specialties.length}],
               (${sql.val(specialties)}::text[])[1 + (m.id / ${specialties.length}) % ${specialties.length}]),
             s.person_id, ${now}, ${now}
      FROM people m
      JOIN jurisdictions j ON j.code = m.jurisdiction_code AND j.level = 'village'
      JOIN LATERAL (
        SELECT b.person_id FROM responsibility_bindings b
        WHERE b.jurisdiction_code = m.jurisdiction_code AND b.duty = 'party_secretary' ORDER BY b.id LIMIT 1
      ) s ON true
      WHERE m.role = 'mediator' AND m.active
      ON CONFLICT (village_code, person_id) DO NOTHING
      RETURNING 1)
    SELECT count(*)::int AS n FROM added`.execute(this.db);
    return result.rows[0]?.n ?? 0;
  }

  /**
   * The facts on the event row that the server records as actions happen (签收 time, the tier that
   * resolved it, counts of returns, reworks, escalations …), read back from the demo's history.
   */
  async recordSupervisionFacts(): Promise<void> {
    await sql`
    UPDATE events e SET
      accepted_at = COALESCE(e.accepted_at, h.accepted_at),
      supervised_at = COALESCE(e.supervised_at, h.supervised_at),
      urge_count = GREATEST(e.urge_count, h.urges),
      return_count = GREATEST(e.return_count, h.returns),
      rework_count = GREATEST(e.rework_count, h.reworks),
      escalation_count = GREATEST(e.escalation_count, h.escalations),
      extension_count = GREATEST(e.extension_count, h.extensions)
    FROM (
      SELECT event_id,
        min(at) FILTER (WHERE action = 'accept') AS accepted_at,
        min(at) FILTER (WHERE action = 'supervise') AS supervised_at,
        (count(*) FILTER (WHERE action = 'urge'))::int AS urges,
        (count(*) FILTER (WHERE action = 'return'))::int AS returns,
        (count(*) FILTER (WHERE action IN ('rework', 'reopen')))::int AS reworks,
        (count(*) FILTER (WHERE action = 'escalate'))::int AS escalations,
        (count(*) FILTER (WHERE action = 'approve_extension'))::int AS extensions
      FROM event_history GROUP BY event_id) h
    WHERE h.event_id = e.id`.execute(this.db);
    await sql`
    UPDATE events SET resolved_tier = tier
    WHERE resolved_tier IS NULL AND resolved_at IS NOT NULL AND status_kind <> 'open' AND status NOT IN ('merged', 'cancelled')`.execute(
      this.db,
    );
  }

  /**
   * Follow-up visits (回访) for closed events that have none: the day-3 and day-15 visits of each
   * closing, done by phone for most (satisfied or basically satisfied), missed for a few, still
   * scheduled where the day has not come; returns how many were written.
   */
  async insertDemoFollowUpVisits(now: Date): Promise<number> {
    const visits = await sql<{ n: number }>`
    WITH planned AS (
      SELECT e.id AS event_id, s.seq, e.closed_at,
             -- the end of the China day that many days after the closing day
             (((((e.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date + s.days + 1)::timestamp) - interval '8 hours' - interval '1 millisecond') AT TIME ZONE 'UTC' AS due_at,
             e.id % 100 AS roll
      FROM events e CROSS JOIN (VALUES (1, 3), (2, 15)) AS s(seq, days)
      WHERE e.status = 'closed' AND e.closed_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.event_id = e.id)),
    inserted AS (
      INSERT INTO follow_ups (event_id, kind, round, seq, closure_at, due_at, status, method, satisfaction, note, done_at, created_at, updated_at)
      SELECT event_id, 'visit', 1, seq, closed_at, due_at,
             CASE WHEN due_at > ${now} THEN 'scheduled' WHEN roll < 3 THEN 'missed' ELSE 'done' END,
             CASE WHEN due_at > ${now} OR roll < 3 THEN NULL WHEN seq = 1 THEN 'phone' ELSE 'visit' END,
             CASE WHEN due_at > ${now} OR roll < 3 THEN NULL WHEN roll < 9 THEN 'basically_satisfied' ELSE 'satisfied' END,
             CASE WHEN due_at > ${now} THEN NULL WHEN roll < 3 THEN '电话未接通' ELSE '群众对处置结果认可' END,
             CASE WHEN due_at > ${now} THEN NULL ELSE LEAST(due_at - interval '6 hours', ${now}) END,
             closed_at, closed_at
      FROM planned
      RETURNING event_id)
    SELECT count(*)::int AS n FROM inserted`.execute(this.db);
    return visits.rows[0]?.n ?? 0;
  }

  /** The per-event summary of the visits (满意度 …) the dashboards read, for events that have none yet. */
  async insertSatisfactionSummaries(now: Date): Promise<void> {
    await sql`
    INSERT INTO event_satisfaction (event_id, visits_planned, visits_done, visits_missed, follow_ups_done, first_followed_up_at,
      last_followed_up_at, satisfaction, satisfaction_source, satisfaction_at, updated_at)
    SELECT f.event_id, count(*)::int, (count(*) FILTER (WHERE f.status = 'done'))::int, (count(*) FILTER (WHERE f.status = 'missed'))::int,
           (count(*) FILTER (WHERE f.status = 'done'))::int,
           min(f.done_at) FILTER (WHERE f.status = 'done'), max(f.done_at) FILTER (WHERE f.status = 'done'),
           (array_agg(f.satisfaction ORDER BY f.done_at DESC) FILTER (WHERE f.status = 'done'))[1],
           CASE WHEN bool_or(f.status = 'done') THEN 'visit' END,
           max(f.done_at) FILTER (WHERE f.status = 'done'), ${now}
    FROM follow_ups f
    WHERE f.kind = 'visit' AND NOT EXISTS (SELECT 1 FROM event_satisfaction s WHERE s.event_id = f.event_id)
    GROUP BY f.event_id`.execute(this.db);
  }

  /** The first `limit` people who can sign in, with their role and place: the logins `start` prints. */
  signInLogins(limit: number) {
    return this.db
      .selectFrom('people as p')
      .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
      .select(['p.username', 'p.role', 'p.name', 'j.name as place'])
      .where('p.username', 'is not', null)
      .orderBy('p.id')
      .limit(limit)
      .execute();
  }
}
