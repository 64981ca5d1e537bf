/**
 * Clocks for events that arrived without them — loaded in bulk (the demo county, an import from
 * an older system): each gets its tier and the clocks it would have had from its report time,
 * the finished ones closed on time or late by when the event was resolved, the running ones lit
 * by how much of their time is used now.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { clocksOnDispatch, type ClockSettings, type PlannedClock } from '../../core/deadlines/clocks.js';
import { initialTier } from '../../core/deadlines/tiers.js';
import { levelOfCode } from '../../core/organisation/division-code.js';
import { finishedOnTime, lightAt } from '../../core/deadlines/traffic-light.js';

export async function backfillClocks(
  db: Kysely<Schema>,
  settings: ClockSettings,
  now: Date,
  batchSize = 2000,
): Promise<number> {
  let done = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .selectFrom('events as e')
      .select([
        'e.id',
        'e.event_type',
        'e.risk_level',
        'e.status',
        'e.status_kind',
        'e.jurisdiction_code',
        'e.dispatch_reason',
        'e.reported_at',
        'e.updated_at',
        'e.resolved_at',
        'e.closed_at',
      ])
      .where('e.id', '>', afterId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('event_deadlines as d')
              .select(sql`1`.as('one'))
              .whereRef('d.event_id', '=', 'e.id'),
          ),
        ),
      )
      .orderBy('e.id')
      .limit(batchSize)
      .execute();
    if (!batch.length) return done;
    afterId = batch[batch.length - 1].id;
    // when each step really happened, from the history
    const steps = await db
      .selectFrom('event_history')
      .select(['event_id', 'action', (eb) => eb.fn.min('at').as('at')])
      .where(
        'event_id',
        'in',
        batch.map((e) => e.id),
      )
      .where('action', 'in', ['accept', 'start', 'record', 'resolve'])
      .groupBy(['event_id', 'action'])
      .execute();
    const happened = new Map<string, Date>();
    for (const h of steps) happened.set(`${h.event_id}:${h.action}`, new Date(h.at as unknown as string));
    const firstOf = (id: number, actions: string[]) =>
      actions
        .map((a) => happened.get(`${id}:${a}`))
        .filter((d): d is Date => !!d)
        .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const rows: Record<string, unknown>[] = [];
    const tiers = new Map<string, number[]>();
    for (const e of batch) {
      const level = levelOfCode(e.jurisdiction_code) ?? 'county';
      const toCentre = e.dispatch_reason !== 'in_grid' && e.dispatch_reason !== 'named_jurisdiction';
      const tier = initialTier(level, toCentre);
      tiers.set(tier, [...(tiers.get(tier) ?? []), e.id]);
      if (e.status === 'reported') continue;
      // a stored rule the engine cannot count falls back to the default, and the clock says so
      const clocks: PlannedClock[] = clocksOnDispatch(
        settings,
        { eventType: e.event_type, riskLevel: e.risk_level },
        tier,
        e.reported_at,
        true,
      ).clocks;
      const resolvedAt = firstOf(e.id, ['resolve']) ?? e.resolved_at;
      const stepDone: Record<string, Date | null> = {
        sign: firstOf(e.id, ['accept', 'resolve']),
        respond: firstOf(e.id, ['start', 'record', 'resolve']),
        resolve: resolvedAt,
        tier: resolvedAt,
      };
      for (const c of clocks) {
        let completedAt: Date | null = stepDone[c.step] ?? null;
        let outcome: string | null = completedAt ? (finishedOnTime(completedAt, c.dueAt) ? 'on_time' : 'late') : null;
        if (!completedAt && e.status_kind !== 'open') {
          // ended without this step (merged, cancelled): the clock stops with the event
          completedAt = e.closed_at ?? e.updated_at;
          outcome = 'cancelled';
        }
        rows.push({
          event_id: e.id,
          step: c.step,
          tier: c.tier,
          started_at: c.startedAt,
          warn_at: c.warnAt,
          due_at: c.dueAt,
          amount: c.amount,
          unit: c.unit,
          rule_id: c.ruleId,
          fallback: c.fallback ? JSON.stringify(c.fallback) : null,
          // the light the clock had when it finished (or has now): the core's rule either way
          light: lightAt(completedAt ?? now, c.warnAt, c.dueAt),
          completed_at: completedAt,
          outcome,
          created_at: now,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const [tier, ids] of tiers) await trx.updateTable('events').set({ tier }).where('id', 'in', ids).execute();
      for (let i = 0; i < rows.length; i += 1000) {
        await trx
          .insertInto('event_deadlines')
          .values(rows.slice(i, i + 1000) as never)
          .execute();
      }
      await sql`
        UPDATE events e SET light = COALESCE((
          SELECT CASE MAX(CASE d.light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END) WHEN 2 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END
          FROM event_deadlines d WHERE d.event_id = e.id AND d.completed_at IS NULL), 'green')
        WHERE e.id IN (${sql.join(batch.map((e) => sql`${e.id}`))})`.execute(trx);
    });
    done += batch.length;
  }
}
