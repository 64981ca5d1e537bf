/**
 * The supervision KPIs (督查考核指标): each one a count of a counter or the ratio of two, with its
 * Chinese and English name. Pure: counters in, figures out. docs/metrics.md is the prose version
 * of this table; core/analytics/kpi-formulas.test.ts keeps the two in step.
 */
import type { KpiCounter, KpiCounters } from './kpi-counters.js';

export interface KpiDefinition {
  key: string;
  zh: string;
  en: string;
  kind: 'count' | 'rate';
  /** Counters summed for the figure (a count) or its numerator (a rate). */
  numerator: readonly KpiCounter[];
  /** Counters summed for the denominator (rates only). */
  denominator?: readonly KpiCounter[];
  /** For rankings: is a higher value better? */
  higherIsBetter: boolean;
}

const count = (key: string, zh: string, en: string, counter: KpiCounter, higherIsBetter = true): KpiDefinition => ({
  key,
  zh,
  en,
  kind: 'count',
  numerator: [counter],
  higherIsBetter,
});
const rate = (
  key: string,
  zh: string,
  en: string,
  numerator: readonly KpiCounter[],
  denominator: readonly KpiCounter[],
  higherIsBetter = true,
): KpiDefinition => ({
  key,
  zh,
  en,
  kind: 'rate',
  numerator,
  denominator,
  higherIsBetter,
});

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  count('received', '接报总量', 'Received', 'received'),
  count('entered', '受理量', 'Entered', 'entered'),
  count('dispatched', '分拨量', 'Dispatched', 'dispatched'),
  count('handled', '处置量', 'Handled', 'handled'),
  count('completed', '办结量', 'Completed', 'completed'),
  count('resolved', '化解量', 'Resolved', 'closed'),
  count('open', '在办量', 'Open', 'open', false),
  count('overdue', '逾期量', 'Overdue', 'overdue', false),
  count('openRed', '红灯在办', 'Open, red light', 'openRed', false),
  count('openYellow', '黄灯在办', 'Open, yellow light', 'openYellow', false),
  rate('dispatchRate', '分拨率', 'Dispatch rate', ['dispatched'], ['entered']),
  rate('signedOnTimeRate', '及时签收率', 'Signed for in time', ['signedOnTime'], ['signSettled']),
  rate('handledRate', '处置率', 'Handled rate', ['handled'], ['entered']),
  rate('completionRate', '办结率', 'Completion rate', ['completed'], ['entered']),
  rate('onTimeCompletionRate', '按期办结率', 'Completed on time', ['completedOnTime'], ['completed']),
  rate('overdueRate', '逾期率', 'Overdue rate', ['overdue'], ['entered'], false),
  rate('extensionRate', '延期率', 'Extension rate', ['extended'], ['entered'], false),
  rate('returnRate', '回退率', 'Return rate', ['returned'], ['entered'], false),
  rate('reworkRate', '返工率', 'Rework rate', ['reworked'], ['completed'], false),
  rate('escalationRate', '提级率', 'Escalation rate', ['escalated'], ['entered'], false),
  rate('resolutionRate', '化解率', 'Resolution rate', ['closed'], ['entered']),
  rate('gridShare', '网格办结占比', 'Completed at grid', ['completedGrid'], ['completed']),
  rate('villageShare', '村级办结占比', 'Completed at village', ['completedVillage'], ['completed']),
  rate('townShare', '镇级办结占比', 'Completed at town', ['completedTown'], ['completed']),
  rate('departmentShare', '部门办结占比', 'Completed by departments', ['completedDepartment'], ['completed']),
  rate('countyShare', '县级办结占比', 'Completed at county', ['completedCounty'], ['completed']),
  rate(
    'villageOrBelowShare',
    '小事不出村占比',
    'Completed in the village or below',
    ['completedGrid', 'completedVillage'],
    ['completed'],
  ),
  rate(
    'townOrBelowShare',
    '大事不出镇占比',
    'Completed at town or below',
    ['completedGrid', 'completedVillage', 'completedTown'],
    ['completed'],
  ),
  rate('followUpRate', '回访率', 'Follow-up rate', ['followedUp'], ['closed']),
  rate('satisfactionRate', '满意率', 'Satisfaction', ['satisfied'], ['rated']),
];

export const KPI_BY_KEY: ReadonlyMap<string, KpiDefinition> = new Map(KPI_DEFINITIONS.map((k) => [k.key, k]));

export function isKpiKey(key: string): boolean {
  return KPI_BY_KEY.has(key);
}

/** One computed figure. A rate with a zero denominator has value null and displays "—". */
export interface KpiValue {
  key: string;
  kind: 'count' | 'rate';
  value: number | null;
  numerator: number;
  denominator: number | null;
  display: string;
}

const sum = (counters: KpiCounters, names: readonly KpiCounter[]) => names.reduce((s, n) => s + counters[n], 0);

export function computeKpi(definition: KpiDefinition, counters: KpiCounters): KpiValue {
  const numerator = sum(counters, definition.numerator);
  if (definition.kind === 'count') {
    return {
      key: definition.key,
      kind: 'count',
      value: numerator,
      numerator,
      denominator: null,
      display: formatCount(numerator),
    };
  }
  const denominator = sum(counters, definition.denominator ?? []);
  const value = denominator === 0 ? null : numerator / denominator;
  return {
    key: definition.key,
    kind: 'rate',
    value,
    numerator,
    denominator,
    display: formatRate(numerator, denominator),
  };
}

export function computeKpis(
  counters: KpiCounters,
  keys: readonly string[] = KPI_DEFINITIONS.map((k) => k.key),
): Record<string, KpiValue> {
  const out: Record<string, KpiValue> = {};
  for (const key of keys) {
    const def = KPI_BY_KEY.get(key);
    if (def) out[key] = computeKpi(def, counters);
  }
  return out;
}

export const NO_VALUE = '—';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A rate as the notices print it: at most one decimal ("91.5%", "90%"), two where rates crowd
 * near the top (≥ 99%: "99.66%", "99.1%") so that villages can be told apart; trailing zeros
 * dropped. Never "100%" unless every item counts (9,999 of 10,000 shows 99.99%), never NaN: a
 * zero denominator shows "—". These reproduce the articles' figures exactly.
 */
export function formatRate(numerator: number, denominator: number): string {
  if (denominator === 0) return NO_VALUE;
  if (numerator === denominator) return '100%';
  const percent = (numerator / denominator) * 100;
  const decimals = percent >= 99 ? 2 : 1;
  const factor = 10 ** decimals;
  // Round half up on an integer scale to avoid binary artefacts (x.xx5 → x.xy).
  let rounded = Math.round(percent * factor + 1e-9) / factor;
  if (numerator < denominator && rounded >= 100) rounded = 100 - 1 / factor;
  if (numerator > 0 && rounded === 0) return `<${(1 / factor).toFixed(decimals)}%`;
  return `${trimZeros(rounded.toFixed(decimals))}%`;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** How a figure moved against a comparison period: counts by difference and per cent, rates by percentage points. */
export interface KpiChange {
  previous: KpiValue;
  /** Count: current − previous. Rate: percentage points (current − previous) × 100; null when either rate is. */
  delta: number | null;
  /** Counts only: (current − previous) / previous; null when previous is 0. */
  ratio: number | null;
  display: string;
}

export function compareKpi(current: KpiValue, previous: KpiValue): KpiChange {
  if (current.kind === 'count') {
    const delta = (current.value ?? 0) - (previous.value ?? 0);
    const ratio = previous.value ? delta / previous.value : null;
    const sign = delta > 0 ? '+' : '';
    return {
      previous,
      delta,
      ratio,
      display:
        ratio === null ? (delta === 0 ? '0' : `${sign}${formatCount(delta)}`) : `${sign}${(ratio * 100).toFixed(1)}%`,
    };
  }
  if (current.value === null || previous.value === null)
    return { previous, delta: null, ratio: null, display: NO_VALUE };
  const points = Math.round((current.value - previous.value) * 10000) / 100;
  return { previous, delta: points, ratio: null, display: `${points > 0 ? '+' : ''}${points.toFixed(2)}pp` };
}
