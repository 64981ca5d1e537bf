/**
 * A span of figures as the analytics API takes it: a preset (China time, computed by the server)
 * or a custom range of whole days, both ends inclusive.
 */
import { DAY_MS } from '../lib/time';

/** The presets offered in the picker (the server knows a few more: last_quarter, last_year). */
export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'this_year',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export type Period = { preset: PeriodPreset } | { from: string; to: string };

export const DEFAULT_PERIOD: Period = { preset: 'this_month' };

export function periodQuery(period: Period): { preset?: string; from?: string; to?: string } {
  return 'preset' in period ? { preset: period.preset } : { from: period.from, to: period.to };
}

export function samePeriod(a: Period, b: Period): boolean {
  if ('preset' in a) return 'preset' in b && a.preset === b.preset;
  return !('preset' in b) && a.from === b.from && a.to === b.to;
}

/** Days covered by a span given as inclusive ISO dates. */
export function spanDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
