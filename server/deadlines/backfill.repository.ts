/**
 * The reads and writes of the clock backfill (server/deadlines/backfill-clocks.ts): events loaded
 * without clocks, when their steps really happened, and the clocks, tiers and lights written for
 * one batch in one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export type EventWithoutClocks = Awaited<ReturnType<BackfillRepository['eventsWithoutClocks']>>[number];

export class BackfillRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The next batch (by id, after `afterId`) of events that have no clock at all. */
  eventsWithoutClocks(afterId: number, batchSize: number) {
    return this.db
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
  }

  /** When each of the events first took each of `actions`, from the history: `${eventId}:${action}` → instant. */
  async firstSteps(eventIds: number[], actions: string[]): Promise<Map<string, Date>> {
    const steps = await this.db
      .selectFrom('event_history')
      .select(['event_id', 'action', (eb) => eb.fn.min('at').as('at')])
      .where('event_id', 'in', eventIds)
      .where('action', 'in', actions)
      .groupBy(['event_id', 'action'])
      .execute();
    const happened = new Map<string, Date>();
    for (const h of steps) happened.set(`${h.event_id}:${h.action}`, new Date(h.at as unknown as string));
    return happened;
  }

  /** One batch in one transaction: each event's tier, its clocks, and its light from its running clocks. */
  async writeBatch(
    tiers: Map<string, number[]>,
    clockRows: Record<string, unknown>[],
    eventIds: number[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [tier, ids] of tiers) await trx.updateTable('events').set({ tier }).where('id', 'in', ids).execute();
      for (let i = 0; i < clockRows.length; i += 1000) {
        await trx
          .insertInto('event_deadlines')
          .values(clockRows.slice(i, i + 1000) as never)
          .execute();
      }
      await sql`
        UPDATE events e SET light = COALESCE((
          SELECT CASE MAX(CASE d.light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END) WHEN 2 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END
          FROM event_deadlines d WHERE d.event_id = e.id AND d.completed_at IS NULL), 'green')
        WHERE e.id IN (${sql.join(eventIds.map((id) => sql`${id}`))})`.execute(trx);
    });
  }
}
