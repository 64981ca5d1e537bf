/**
 * What the demo county gets after its events are loaded: clocks from its history (so the lights
 * and overdue lists are real from the first start), and each village's mediators in its 群英库
 * pool, added by the village's party secretary, with specialties drawn from its dispute mix.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../server/db/schema.js';
import { backfillClocks } from '../../server/deadlines/backfill-clocks.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';
import { DemoRepository } from './demo.repository.js';

const SPECIALTIES = ['婚姻家庭', '邻里纠纷', '土地山林', '劳资纠纷', '民间借贷', '物业纠纷', '赡养抚养'];

export async function completeDemoCounty(
  db: Kysely<Schema>,
  settings: ClockSettings,
  now: Date,
): Promise<{ clocks: number; mediators: number; followUps: number }> {
  const repo = new DemoRepository(db);
  const clocks = await backfillClocks(db, settings, now);
  await repo.recordSupervisionFacts();
  const followUps = await recordDemoFollowUps(repo, now);
  // deterministic specialties: two per mediator, chosen by the person's id
  const mediators = await repo.addVillageMediatorsToPools(SPECIALTIES, now);
  return { clocks, mediators, followUps };
}

/**
 * Follow-up visits (回访) for the demo's closed events: the day-3 and day-15 visits of each
 * closing, done by phone for most (satisfied or basically satisfied, as the articles report ~99%),
 * missed for a few, still scheduled where the day has not come. The per-event summary the
 * dashboards read is written alongside.
 */
async function recordDemoFollowUps(repo: DemoRepository, now: Date): Promise<number> {
  const visits = await repo.insertDemoFollowUpVisits(now);
  await repo.insertSatisfactionSummaries(now);
  return visits;
}
