/**
 * The parts of a figures answer (GET /api/analytics/…) a page test does not look at but a real
 * answer always carries: every counter, and the source the figures were read from.
 */
import { KPI_COUNTERS, type KpiCounter } from '../../../core/analytics/kpi-counters';

/** Every counter at zero (an answer lists them all). */
export function zeroCounters(): Record<KpiCounter, number> {
  return Object.fromEntries(KPI_COUNTERS.map((c) => [c, 0])) as Record<KpiCounter, number>;
}

/** Where the figures came from (the rollup of a place and day). */
export const FIGURE_SOURCE = 'kpi_place_day';
