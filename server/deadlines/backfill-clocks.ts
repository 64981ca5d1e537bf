/**
 * Clocks for events that arrived without them — loaded in bulk (the demo county, an import from
 * an older system): each gets its tier and the clocks it would have had from its report time,
 * the finished ones closed on time or late by when the event was resolved, the running ones lit
 * by how much of their time is used now.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { clocksOnDispatch, type ClockSettings, type PlannedClock } from '../../core/deadlines/clocks.js';
import { initialTier, type Tier } from '../../core/deadlines/tiers.js';
import { levelOfCode } from '../../core/organisation/division-code.js';
import { finishedOnTime } from '../../core/deadlines/traffic-light.js';
import { BackfillRepository, type EventWithoutClocks } from './backfill.repository.js';
import { plannedClockRow } from './deadline.repository.js';

export async function backfillClocks(
  db: Kysely<Schema>,
  settings: ClockSettings,
  now: Date,
  batchSize = 2000,
): Promise<number> {
  const repo = new BackfillRepository(db);
  let done = 0;
  let afterId = 0;
  for (;;) {
    const batch = await repo.eventsWithoutClocks(afterId, batchSize);
    if (!batch.length) return done;
    afterId = batch[batch.length - 1].id;
    // when each step really happened, from the history
    const happened = await repo.firstSteps(
      batch.map((e) => e.id),
      ['accept', 'start', 'record', 'resolve'],
    );
    const rows: Record<string, unknown>[] = [];
    const tiers = new Map<string, number[]>();
    for (const e of batch) {
      const level = levelOfCode(e.jurisdiction_code) ?? 'county';
      const toCentre = e.dispatch_reason !== 'in_grid' && e.dispatch_reason !== 'named_jurisdiction';
      const tier = initialTier(level, toCentre);
      tiers.set(tier, [...(tiers.get(tier) ?? []), e.id]);
      if (e.status !== 'reported') rows.push(...clockRowsOf(e, tier, happened, settings, now));
    }
    await repo.writeBatch(
      tiers,
      rows,
      batch.map((e) => e.id),
    );
    done += batch.length;
  }
}

/** The clocks one event would have had from its report time, finished by the steps it took. */
function clockRowsOf(
  e: EventWithoutClocks,
  tier: Tier,
  happened: Map<string, Date>,
  settings: ClockSettings,
  now: Date,
): Record<string, unknown>[] {
  const firstOf = (actions: string[]) =>
    actions
      .map((a) => happened.get(`${e.id}:${a}`))
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  // a stored rule the engine cannot count falls back to the default, and the clock says so
  const clocks: PlannedClock[] = clocksOnDispatch(
    settings,
    { eventType: e.event_type, riskLevel: e.risk_level },
    tier,
    e.reported_at,
    true,
  ).clocks;
  const resolvedAt = firstOf(['resolve']) ?? e.resolved_at;
  const stepDone: Record<string, Date | null> = {
    sign: firstOf(['accept', 'resolve']),
    respond: firstOf(['start', 'record', 'resolve']),
    resolve: resolvedAt,
    tier: resolvedAt,
  };
  return clocks.map((c) => {
    let completedAt: Date | null = stepDone[c.step] ?? null;
    let outcome: string | null = completedAt ? (finishedOnTime(completedAt, c.dueAt) ? 'on_time' : 'late') : null;
    if (!completedAt && e.status_kind !== 'open') {
      // ended without this step (merged, cancelled): the clock stops with the event
      completedAt = e.closed_at ?? e.updated_at;
      outcome = 'cancelled';
    }
    // the light the clock had when it finished (or has now): the core's rule either way
    return { ...plannedClockRow(e.id, c, now, completedAt ?? now), completed_at: completedAt, outcome };
  });
}
