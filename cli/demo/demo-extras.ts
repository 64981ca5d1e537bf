/**
 * What the demo county gets after its events are loaded: clocks from its history (so the lights
 * and overdue lists are real from the first start), and each village's mediators in its 群英库
 * pool, added by the village's party secretary, with specialties drawn from its dispute mix.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../server/db/schema.js';
import { backfillClocks } from '../../server/deadlines/backfill-clocks.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';

const SPECIALTIES = ['婚姻家庭', '邻里纠纷', '土地山林', '劳资纠纷', '民间借贷', '物业纠纷', '赡养抚养'];

export async function completeDemoCounty(
  db: Kysely<Schema>,
  settings: ClockSettings,
  now: Date,
): Promise<{ clocks: number; mediators: number; followUps: number }> {
  const clocks = await backfillClocks(db, settings, now);
  await recordSupervisionFacts(db);
  const followUps = await recordDemoFollowUps(db, now);
  // deterministic specialties: two per mediator, chosen by the person's id
  const result = await sql<{ n: number }>`
    WITH added AS (
      INSERT INTO mediator_pool_members (village_code, person_id, specialties, added_by, added_at, updated_at)
      SELECT m.jurisdiction_code, m.id,
             jsonb_build_array(
               (${sql.val(SPECIALTIES)}::text[])[1 + m.id % ${SPECIALTIES.length}],
               (${sql.val(SPECIALTIES)}::text[])[1 + (m.id / ${SPECIALTIES.length}) % ${SPECIALTIES.length}]),
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
    SELECT count(*)::int AS n FROM added`.execute(db);
  return { clocks, mediators: result.rows[0]?.n ?? 0, followUps };
}

/**
 * The facts on the event row that the server records as actions happen (签收 time, the tier that
 * resolved it, counts of returns, reworks, escalations …), read back from the demo's history.
 */
async function recordSupervisionFacts(db: Kysely<Schema>): Promise<void> {
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
    WHERE h.event_id = e.id`.execute(db);
  await sql`
    UPDATE events SET resolved_tier = tier
    WHERE resolved_tier IS NULL AND resolved_at IS NOT NULL AND status_kind <> 'open' AND status NOT IN ('merged', 'cancelled')`.execute(
    db,
  );
}

/**
 * Follow-up visits (回访) for the demo's closed events: the day-3 and day-15 visits of each
 * closing, done by phone for most (satisfied or basically satisfied, as the articles report ~99%),
 * missed for a few, still scheduled where the day has not come. The per-event summary the
 * dashboards read is written alongside.
 */
async function recordDemoFollowUps(db: Kysely<Schema>, now: Date): Promise<number> {
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
    SELECT count(*)::int AS n FROM inserted`.execute(db);
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
    GROUP BY f.event_id`.execute(db);
  return visits.rows[0]?.n ?? 0;
}
