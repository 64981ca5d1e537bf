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

export async function completeDemoCounty(db: Kysely<Schema>, settings: ClockSettings, now: Date): Promise<{ clocks: number; mediators: number }> {
  const clocks = await backfillClocks(db, settings, now);
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
  return { clocks, mediators: result.rows[0]?.n ?? 0 };
}
