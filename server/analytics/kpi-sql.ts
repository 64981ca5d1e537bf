/**
 * The KPI counters (core/analytics/kpi-counters.ts) as SQL over one row of `events` aliased `e`.
 * The same expressions serve three places, so they cannot drift apart:
 *   - the direct GROUP BY over raw events (the oracle in tests, the baseline in the benchmark,
 *     and the path for queries no rollup answers);
 *   - the rollup rebuild (INSERT … SELECT … GROUP BY);
 *   - the trigger that keeps the rollups current, through the SQL function kpi_counters(e events)
 *     written into migrations/006_analytics.sql by ./rollup-migration.ts.
 */
import { KPI_COUNTERS, counterColumn, type KpiCounter } from '../../core/analytics/kpi-counters.js';

const VALID = `e.status NOT IN ('merged', 'cancelled')`;
const COMPLETED = `${VALID} AND e.status_kind <> 'open'`;
const OPEN = `${VALID} AND e.status_kind = 'open'`;

const CONDITIONS: Record<KpiCounter, string> = {
  received: 'true',
  entered: VALID,
  dispatched: `${VALID} AND e.status <> 'reported'`,
  signedOnTime: `${VALID} AND e.accepted_at IS NOT NULL AND NOT e.sign_late`,
  signSettled: `${VALID} AND (e.accepted_at IS NOT NULL OR e.sign_late)`,
  handled: `${VALID} AND (e.status_kind <> 'open' OR e.status = 'handling')`,
  completed: COMPLETED,
  completedOnTime: `${COMPLETED} AND NOT e.overdue`,
  closed: `${VALID} AND e.status = 'closed'`,
  open: OPEN,
  openYellow: `${OPEN} AND e.light = 'yellow'`,
  openRed: `${OPEN} AND e.light = 'red'`,
  overdue: `${VALID} AND e.overdue`,
  extended: `${VALID} AND e.extension_count > 0`,
  returned: `${VALID} AND e.return_count > 0`,
  reworked: `${VALID} AND e.rework_count > 0`,
  escalated: `${VALID} AND e.escalation_count > 0`,
  urged: `${VALID} AND e.urge_count > 0`,
  supervised: `${VALID} AND e.supervised_at IS NOT NULL`,
  completedGrid: `${COMPLETED} AND e.resolved_tier = 'grid'`,
  completedVillage: `${COMPLETED} AND e.resolved_tier = 'village'`,
  completedTown: `${COMPLETED} AND e.resolved_tier = 'town'`,
  completedDepartment: `${COMPLETED} AND e.resolved_tier = 'department'`,
  completedCounty: `${COMPLETED} AND e.resolved_tier = 'county'`,
  followedUp: `${VALID} AND e.status = 'closed' AND e.followed_up`,
  rated: `${VALID} AND e.satisfaction IS NOT NULL`,
  satisfied: `${VALID} AND e.satisfaction IN ('satisfied', 'basically_satisfied')`,
};

/** 0 or 1 for one event. */
export function counterExpression(counter: KpiCounter): string {
  return counter === 'received' ? '1' : `(CASE WHEN ${CONDITIONS[counter]} THEN 1 ELSE 0 END)`;
}

/** `SUM(expr)::int AS column` for every counter, for a GROUP BY over events e. */
export function counterSums(): string {
  return KPI_COUNTERS.map((c) => `COALESCE(SUM(${counterExpression(c)}), 0)::int AS ${counterColumn(c)}`).join(',\n  ');
}

/** The China calendar day of an event's report time (fixed UTC+8: China keeps no summer time). */
export const REPORT_DAY = `((e.reported_at AT TIME ZONE 'UTC') + interval '8 hours')::date`;

export const COUNTER_COLUMNS = KPI_COUNTERS.map(counterColumn);
