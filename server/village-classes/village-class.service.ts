/**
 * Village classes (村级分类) per month: score every village of a county or town from its month's
 * figures with the county's settings, keep the result, and list the lagging villages with the
 * departments paired to them (挂钩). A daily job keeps the current month provisional and keeps
 * the last month for good once it is over.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import {
  scoreVillage,
  usableVillageClassSettings,
  validateVillageClassSettings,
  villageClassFaultText,
  type VillageClassSettings,
} from '../../core/analytics/village-class.js';
import { reportSettingFaults } from '../notify/setting-faults.js';
import { addMonths, monthSpan } from '../../core/analytics/periods.js';
import type { JobDefinition } from '../jobs/job-scheduler.js';
import { breakdown, resolveScope, type Scope } from '../analytics/analytics.service.js';
import { KpiRepository } from '../analytics/kpi.repository.js';
import { VillageClassRepository } from './village-class.repository.js';
import { countyOf } from '../../core/organisation/division-code.js';
import { chinaDateOf } from '../../core/time/china-time.js';

/** The county's settings, or the defaults when none are stored or the stored ones no longer pass (`problem` says why). */
export async function villageClassSettings(
  db: Kysely<Schema>,
  countyCode: string,
): Promise<{ settings: VillageClassSettings; isDefault: boolean; problem: string | null }> {
  const stored = await new VillageClassRepository(db).settings(countyCode);
  const { settings, problem } = usableVillageClassSettings(stored);
  return { settings, isDefault: stored === null || problem !== null, problem };
}

export async function saveVillageClassSettings(
  db: Kysely<Schema>,
  countyCode: string,
  settings: VillageClassSettings,
  personId: number,
  now: Date,
): Promise<VillageClassSettings> {
  const valid = validateVillageClassSettings(settings);
  await new VillageClassRepository(db).saveSettings(countyCode, valid, personId, now);
  return valid;
}

/** Whether a month ('YYYY-MM') is over in China time at `now`. */
export function monthIsOver(month: string, now: Date): boolean {
  return chinaDateOf(now) >= monthSpan(month).to;
}

/** Scores and classes every village under a county or town for a month, and keeps the result. */
export async function computeVillageClasses(db: Kysely<Schema>, input: { scope: Scope; month: string; now: Date }) {
  // stored settings that no longer pass are replaced by the defaults: the month is still computed, the centre told once
  const { settings, problem } = await villageClassSettings(db, countyOf(input.scope.code));
  const span = monthSpan(input.month);
  const figures = await breakdown(db, { scope: input.scope, span, groupBy: 'village', keys: [] });
  const villages = new Map((await new KpiRepository(db).villagesUnder(input.scope)).map((v) => [v.code, v]));
  const final = monthIsOver(input.month, input.now);
  // villages only: a town's or the county's own bucket (本级) is no village and gets no class
  const rows = figures.rows
    .filter((g) => g.key !== null && !g.own && villages.has(g.key))
    .map((g) => {
      const s = scoreVillage(g.counters, settings);
      const village = villages.get(g.key!)!;
      return {
        month: input.month,
        village_code: g.key!,
        town_code: village.parent_code ?? input.scope.code,
        county_code: countyOf(g.key!),
        score: s.score,
        class: s.villageClass,
        unclassed: s.unclassed ?? null,
        entered: g.counters.entered,
        parts: s.parts,
        settings,
        final,
        computed_at: input.now,
      };
    });
  await db.transaction().execute(async (trx) => {
    await new VillageClassRepository(trx).saveMonth(rows);
    if (problem) {
      const fault = {
        key: `village_class_settings:${problem}`,
        setting: 'village_class_settings',
        text: villageClassFaultText(problem),
        detail: { problem },
      };
      await reportSettingFaults(trx, countyOf(input.scope.code), [fault], input.now);
    }
  });
  const summary = { reassured: 0, good: 0, average: 0, lagging: 0, unclassed: 0 };
  for (const r of rows) summary[(r.class ?? 'unclassed') as keyof typeof summary] += 1;
  return { month: input.month, final, villages: rows.length, summary };
}

/** The daily job: every county's current month (provisional) and its last month, kept once over. */
export async function refreshVillageClasses(db: Kysely<Schema>, now: Date): Promise<number> {
  const repo = new VillageClassRepository(db);
  const kpis = new KpiRepository(db);
  const thisMonth = chinaDateOf(now).slice(0, 7);
  const lastMonth = addMonths(`${thisMonth}-01`, -1).slice(0, 7);
  let computed = 0;
  for (const county of await repo.counties()) {
    const scope = await resolveScope(kpis, county);
    if (!(await repo.isFinal(county, lastMonth))) {
      await computeVillageClasses(db, { scope, month: lastMonth, now });
      computed += 1;
    }
    await computeVillageClasses(db, { scope, month: thisMonth, now });
    computed += 1;
  }
  return computed;
}

export function villageClassJob(db: Kysely<Schema>, now: () => Date): JobDefinition {
  return { name: 'village-classes', intervalMs: 6 * 3_600_000, run: () => refreshVillageClasses(db, now()) };
}
