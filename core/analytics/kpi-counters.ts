/**
 * The per-event counters every supervision figure is built from (统计口径). Each counter is 0 or
 * 1 for one event, judged on the event's state now; a KPI sums them over the events *reported*
 * in a span (the span's cohort) and divides one sum by another (kpi-formulas.ts).
 *
 * "Valid" (有效) events are all events except those merged into another (合并: the duplicate is
 * counted once, in the event it joined) and those cancelled (撤销: not a real matter). Every
 * counter but `received` counts valid events only. The exact definitions are in docs/metrics.md;
 * the SQL that evaluates them is server/analytics/kpi-sql.ts.
 */
export const KPI_COUNTERS = [
  'received', // 接报总量: every event reported, valid or not
  'entered', // 受理: valid events
  'dispatched', // 分拨: valid events that left the "reported" state
  'signedOnTime', // 及时签收: signed for (签收) and no sign-for clock ever ran out
  'signSettled', // 应签收: signed for, or a sign-for clock ran out unsigned
  'handled', // 处置: handling started or finished
  'completed', // 办结: the handler finished (resolved, verified or closed)
  'completedOnTime', // 按期办结: completed and never overdue
  'closed', // 化解 / 结案: verified and closed
  'open', // 在办: still open
  'openYellow', // open with a yellow light now
  'openRed', // open with a red light now
  'overdue', // 逾期: a resolve clock ran out (counted from the sweep that turned it red, open or not)
  'extended', // 延期: at least one approved extension
  'returned', // 回退: returned (退回/退单) at least once
  'reworked', // 返工: sent back for rework or reopened at least once
  'escalated', // 提级: escalated at least once
  'urged', // 催办: urged at least once
  'supervised', // 督办: put under supervision
  'completedGrid', // completed at grid tier (网格)
  'completedVillage', // … village (村/社区)
  'completedTown', // … town (镇/街道)
  'completedDepartment', // … department (部门)
  'completedCounty', // … county (县)
  'followedUp', // 回访: closed and followed up at least once
  'rated', // 评价: a satisfaction rating was recorded
  'satisfied', // 满意: rated satisfied or basically satisfied
] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
export type KpiCounters = Record<KpiCounter, number>;

export function emptyCounters(): KpiCounters {
  return Object.fromEntries(KPI_COUNTERS.map((c) => [c, 0])) as KpiCounters;
}

export function addCounters(into: KpiCounters, more: KpiCounters): KpiCounters {
  for (const c of KPI_COUNTERS) into[c] += more[c];
  return into;
}

/** snake_case column name of a counter in the rollup tables and raw queries. */
export function counterColumn(counter: KpiCounter): string {
  return counter.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}
