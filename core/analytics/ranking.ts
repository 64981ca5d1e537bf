/**
 * Rankings (排名) of towns, villages or departments by one KPI. The volume behind each rate is
 * shown beside it, and a place whose volume is under the minimum is listed but not ranked — two
 * events resolved out of two must not top a list of villages that handled hundreds. Rates compare
 * exactly (a/b against c/d by cross-multiplication), so equal rates tie: they share a rank and
 * the next rank skips (1, 2, 2, 4).
 *
 * A centre's own bucket (本级: events held at the county or town centre itself) is a breakdown
 * row, never a ranked place: it is not a town or a village, and anonymous reports from outside the
 * county land in it, so anyone could push it up a league table.
 */
import type { KpiCounters } from './kpi-counters.js';
import { computeKpi, type KpiDefinition, type KpiValue } from './kpi-formulas.js';
import { levelOfCode } from '../organisation/division-code.js';

/** The place levels figures are grouped by (and towns and villages ranked by). */
export type PlaceLevel = 'town' | 'village' | 'grid';

/**
 * 本级: whether a place group of this level is a centre's own bucket — a key of a level above the
 * places grouped (the county's code among its towns, a town's among villages, a village's among
 * grids), holding the events handled at that centre rather than in any place below it.
 */
export function isOwnBucket(level: PlaceLevel, key: string): boolean {
  return levelOfCode(key) !== level;
}

export interface RankCandidate {
  key: string;
  name: string;
  counters: KpiCounters;
  /** A centre's own bucket (isOwnBucket): never ranked nor listed. */
  own?: boolean;
}

export interface RankedRow {
  /** 1-based; null when not ranked (volume under the minimum, or no value). */
  rank: number | null;
  key: string;
  name: string;
  value: KpiValue;
  /** The rate's denominator, or for a count the events entered. */
  volume: number;
  /** Why the row is not ranked. */
  unranked?: 'below_minimum_volume' | 'no_value';
}

/** Negative when a ranks before b. */
function compareValues(a: KpiValue, b: KpiValue, higherIsBetter: boolean): number {
  let diff: number;
  if (a.kind === 'rate') diff = a.numerator * (b.denominator ?? 0) - b.numerator * (a.denominator ?? 0);
  else diff = (a.value ?? 0) - (b.value ?? 0);
  return higherIsBetter ? -diff : diff;
}

/** The places ranked by one KPI: ranked rows first, then the unranked with the reason; a centre's own bucket is left out. */
export function rankByKpi(
  candidates: readonly RankCandidate[],
  definition: KpiDefinition,
  options: { minVolume: number },
): RankedRow[] {
  const rows = candidates
    .filter((c) => !c.own)
    .map((c) => {
      const value = computeKpi(definition, c.counters);
      const volume = definition.kind === 'rate' ? (value.denominator ?? 0) : c.counters.entered;
      return { key: c.key, name: c.name, value, volume };
    });
  const eligible = rows.filter((r) => r.value.value !== null && r.volume >= options.minVolume && r.volume > 0);
  const others = rows.filter((r) => !eligible.includes(r));
  eligible.sort(
    (a, b) =>
      compareValues(a.value, b.value, definition.higherIsBetter) || b.volume - a.volume || a.key.localeCompare(b.key),
  );
  const ranked: RankedRow[] = [];
  eligible.forEach((row, i) => {
    const previous = ranked[i - 1];
    const tied = previous && compareValues(previous.value, row.value, definition.higherIsBetter) === 0;
    ranked.push({ ...row, rank: tied ? previous.rank : i + 1 });
  });
  others.sort((a, b) => b.volume - a.volume || a.key.localeCompare(b.key));
  for (const row of others) {
    ranked.push({
      ...row,
      rank: null,
      unranked: row.value.value === null || row.volume === 0 ? 'no_value' : 'below_minimum_volume',
    });
  }
  return ranked;
}
