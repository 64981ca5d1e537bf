/**
 * Village classes (村级分类): 放心 / 较好 / 一般 / 滞后 from a weighted score of KPIs, kept per
 * month. The county sets the weights and thresholds; the defaults follow what the articles
 * stress — completion, keeping to deadlines, satisfaction. Lagging villages are paired with
 * county departments (挂钩) elsewhere; this module only scores and classes.
 */
import { fail, isDomainError } from '../errors.js';
import type { KpiCounters } from './kpi-counters.js';
import { KPI_BY_KEY, computeKpi } from './kpi-formulas.js';

export const VILLAGE_CLASSES = ['reassured', 'good', 'average', 'lagging'] as const;
export type VillageClass = (typeof VILLAGE_CLASSES)[number];

export const VILLAGE_CLASS_NAMES: Record<VillageClass, { zh: string; en: string }> = {
  reassured: { zh: '放心', en: 'At ease' },
  good: { zh: '较好', en: 'Good' },
  average: { zh: '一般', en: 'Average' },
  lagging: { zh: '滞后', en: 'Lagging' },
};

export interface VillageClassSettings {
  /** KPI key → weight (≥ 0). Only rate KPIs; a lower-is-better rate scores 1 − rate. */
  weights: Record<string, number>;
  /** Minimum scores (0–100) for 放心, 较好 and 一般; below `average` is 滞后. */
  thresholds: { reassured: number; good: number; average: number };
  /** Villages with fewer valid events in the month are not classed (too few to judge). */
  minVolume: number;
}

export const DEFAULT_VILLAGE_CLASS_SETTINGS: VillageClassSettings = {
  weights: {
    completionRate: 30,
    onTimeCompletionRate: 25,
    satisfactionRate: 20,
    signedOnTimeRate: 15,
    overdueRate: 10,
  },
  thresholds: { reassured: 90, good: 80, average: 60 },
  minVolume: 3,
};

export function validateVillageClassSettings(input: VillageClassSettings): VillageClassSettings {
  const entries = Object.entries(input.weights);
  if (!entries.length) fail('VILLAGE_CLASS_SETTINGS_INVALID', 'give at least one KPI weight');
  for (const [key, weight] of entries) {
    const def = KPI_BY_KEY.get(key);
    if (!def) fail('VILLAGE_CLASS_SETTINGS_INVALID', `unknown KPI "${key}"`, { key });
    if (def.kind !== 'rate')
      fail('VILLAGE_CLASS_SETTINGS_INVALID', `"${key}" is a count; weights apply to rates`, { key });
    if (!Number.isFinite(weight) || weight < 0 || weight > 1000)
      fail('VILLAGE_CLASS_SETTINGS_INVALID', `weight of "${key}" must be 0–1000`, { key });
  }
  if (!entries.some(([, w]) => w > 0)) fail('VILLAGE_CLASS_SETTINGS_INVALID', 'at least one weight must be above zero');
  const { reassured, good, average } = input.thresholds;
  for (const v of [reassured, good, average]) {
    if (!Number.isFinite(v) || v < 0 || v > 100)
      fail('VILLAGE_CLASS_SETTINGS_INVALID', 'thresholds are scores from 0 to 100');
  }
  if (!(reassured > good && good > average))
    fail('VILLAGE_CLASS_SETTINGS_INVALID', 'thresholds must descend: 放心 > 较好 > 一般');
  if (!Number.isInteger(input.minVolume) || input.minVolume < 0 || input.minVolume > 100000)
    fail('VILLAGE_CLASS_SETTINGS_INVALID', 'minVolume must be a whole number ≥ 0');
  return input;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The settings a month is scored with: the county's stored ones while they still pass the rules
 * above, else the defaults and why. Settings stored by an older version (a KPI renamed or dropped
 * since, a field missing) must never make the monthly computation fail.
 */
export function usableVillageClassSettings(stored: unknown): {
  settings: VillageClassSettings;
  problem: string | null;
} {
  if (stored === null || stored === undefined) return { settings: DEFAULT_VILLAGE_CLASS_SETTINGS, problem: null };
  const shaped =
    isRecord(stored) &&
    isRecord(stored.weights) &&
    Object.values(stored.weights).every((w) => typeof w === 'number') &&
    isRecord(stored.thresholds) &&
    ['reassured', 'good', 'average'].every(
      (k) => typeof (stored.thresholds as Record<string, unknown>)[k] === 'number',
    ) &&
    typeof stored.minVolume === 'number';
  if (!shaped)
    return {
      settings: DEFAULT_VILLAGE_CLASS_SETTINGS,
      problem: 'the stored settings are not weights, thresholds and minVolume',
    };
  const t = stored.thresholds as VillageClassSettings['thresholds'];
  const candidate: VillageClassSettings = {
    weights: { ...(stored.weights as Record<string, number>) },
    thresholds: { reassured: t.reassured, good: t.good, average: t.average },
    minVolume: stored.minVolume as number,
  };
  try {
    return { settings: validateVillageClassSettings(candidate), problem: null };
  } catch (error) {
    if (isDomainError(error)) return { settings: DEFAULT_VILLAGE_CLASS_SETTINGS, problem: error.message };
    throw error;
  }
}

/** What the county centre is told when its stored settings could not be used (设置故障; SMS length). */
export function villageClassFaultText(problem: string): string {
  return `【一网】村级分类设置无法使用（${problem}），已按默认设置计算。请县综治中心重新保存村级分类设置。`;
}

export interface VillageScore {
  /** 0–100, rounded to one decimal; null when the village cannot be judged. */
  score: number | null;
  villageClass: VillageClass | null;
  /** Each weighted KPI's contribution, for the "why" column of the notice. */
  parts: { key: string; weight: number; value: number | null; points: number | null }[];
  unclassed?: 'below_minimum_volume' | 'no_value';
}

/**
 * The weighted mean of the weighted KPIs' scores (each 0–100). A KPI without a value (zero
 * denominator: nothing rated yet) drops out and the others' weights carry the score.
 */
export function scoreVillage(counters: KpiCounters, settings: VillageClassSettings): VillageScore {
  const parts = Object.entries(settings.weights).map(([key, weight]) => {
    const def = KPI_BY_KEY.get(key)!;
    const value = computeKpi(def, counters).value;
    const points = value === null ? null : (def.higherIsBetter ? value : 1 - value) * 100;
    return { key, weight, value, points };
  });
  if (counters.entered < Math.max(1, settings.minVolume)) {
    return {
      score: null,
      villageClass: null,
      parts,
      unclassed: counters.entered === 0 ? 'no_value' : 'below_minimum_volume',
    };
  }
  const counted = parts.filter((p) => p.points !== null && p.weight > 0);
  const totalWeight = counted.reduce((s, p) => s + p.weight, 0);
  if (totalWeight === 0) return { score: null, villageClass: null, parts, unclassed: 'no_value' };
  const score = Math.round((counted.reduce((s, p) => s + p.weight * p.points!, 0) / totalWeight) * 10) / 10;
  return { score, villageClass: classOfScore(score, settings.thresholds), parts };
}

export function classOfScore(score: number, thresholds: VillageClassSettings['thresholds']): VillageClass {
  if (score >= thresholds.reassured) return 'reassured';
  if (score >= thresholds.good) return 'good';
  if (score >= thresholds.average) return 'average';
  return 'lagging';
}
