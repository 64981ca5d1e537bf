/**
 * Applies a clock plan (core/deadlines/clocks.ts) to an event inside the caller's transaction:
 * opens its clocks — a clock counted by a built-in default keeps the fallback on its row — and,
 * when a stored setting could not be counted, tells the county centre once (设置故障). Intake,
 * every action that opens clocks and the sweep's automatic escalation come through here.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { ClockPlan } from '../../core/deadlines/clocks.js';
import { clockFallbackFault } from '../../core/deadlines/deadline-settings.js';
import { DeadlineRepository } from './deadline.repository.js';
import { reportSettingFaults } from '../notify/setting-faults.js';
import { countyOf } from '../../core/organisation/division-code.js';

export async function openPlannedClocks(
  db: Kysely<Schema>,
  event: { id: number; county_code: string | null; jurisdiction_code: string },
  plan: ClockPlan,
  now: Date,
): Promise<void> {
  await new DeadlineRepository(db).open(event.id, plan.clocks, now);
  if (!plan.fallbacks.length) return;
  const county = event.county_code ?? countyOf(event.jurisdiction_code);
  await reportSettingFaults(db, county, plan.fallbacks.map(clockFallbackFault), now, event.id);
}
