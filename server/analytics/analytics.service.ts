/**
 * The supervision figures (督查考核) as users ask for them: a KPI set for a jurisdiction and span
 * with 环比 and 同比, a breakdown by sub-jurisdiction / type / channel / risk / tier / time,
 * rankings, and the events behind a number. Authorisation is the routes'; this composes the
 * repository's counter sums with the pure formulas.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { fail } from '../../core/errors.js';
import {
  KPI_COUNTERS,
  addCounters,
  emptyCounters,
  type KpiCounter,
  type KpiCounters,
} from '../../core/analytics/kpi-counters.js';
import {
  KPI_BY_KEY,
  KPI_DEFINITIONS,
  compareKpi,
  computeKpis,
  type KpiChange,
  type KpiValue,
} from '../../core/analytics/kpi-formulas.js';
import {
  PERIOD_PRESETS,
  addDays,
  customSpan,
  daysBetween,
  monthSpan,
  presetSpan,
  previousPeriod,
  samePeriodLastYear,
  type PeriodPreset,
  type Span,
} from '../../core/analytics/periods.js';
import { isOwnBucket, rankByKpi, type PlaceLevel, type RankedRow } from '../../core/analytics/ranking.js';
import { CLIENT_RANGE_TEXT, isClientDate, isClientMonth } from '../../core/time/client-dates.js';
import { countyOf, levelOfCode, type JurisdictionLevel } from '../../core/organisation/division-code.js';
import { CHANNEL_NAMES_ZH, EVENT_TYPE_NAMES_ZH, RISK_LEVEL_NAMES_ZH } from '../../core/events/event-catalog.js';
import { TIER_NAMES_ZH } from '../../core/deadlines/tiers.js';
import { KpiRepository, type KpiFilters, type KpiGroup, type KpiSource } from './kpi.repository.js';
import { chinaDateOf } from '../../core/time/china-time.js';

/** The longest span a figure may cover (a few years: 同比 over several years is several queries). */
const MAX_SPAN_DAYS = 3 * 366 + 1;

export interface PeriodInput {
  preset?: string;
  month?: string;
  from?: string;
  to?: string;
}

/**
 * A span from a preset, a month ('YYYY-MM') or from/to dates (`to` inclusive, as people write it);
 * this month by default. Months and days are held to the one client range (core/time/client-dates.ts),
 * the route schemas' check repeated for every other caller: a span outside it cannot be counted.
 */
export function resolveSpan(input: PeriodInput, now: Date): Span {
  const given = [input.preset, input.month, input.from ?? input.to].filter((v) => v !== undefined).length;
  if (given > 1) fail('PERIOD_INVALID', 'give one of preset, month, or from and to');
  if (input.preset !== undefined) {
    if (!(PERIOD_PRESETS as readonly string[]).includes(input.preset))
      fail('PERIOD_INVALID', `unknown period preset "${input.preset}"; one of ${PERIOD_PRESETS.join(', ')}`);
    return presetSpan(input.preset as PeriodPreset, chinaDateOf(now));
  }
  if (input.month !== undefined) {
    if (!isClientMonth(input.month)) fail('PERIOD_INVALID', `month must be YYYY-MM ${CLIENT_RANGE_TEXT}`);
    return monthSpan(input.month);
  }
  if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined || input.to === undefined) fail('PERIOD_INVALID', 'give both from and to');
    if (!isClientDate(input.from) || !isClientDate(input.to))
      fail('PERIOD_INVALID', `from and to must be dates YYYY-MM-DD ${CLIENT_RANGE_TEXT}`);
    if (input.from > input.to) fail('PERIOD_INVALID', 'from is after to');
    const span = customSpan(input.from, addDays(input.to, 1));
    if (daysBetween(span.from, span.to) > MAX_SPAN_DAYS)
      fail('PERIOD_INVALID', `a span is at most ${MAX_SPAN_DAYS} days`);
    return span;
  }
  return presetSpan('this_month', chinaDateOf(now));
}

export function presentSpan(span: Span) {
  return {
    from: span.from,
    to: addDays(span.to, -1),
    toExclusive: span.to,
    unit: span.unit,
    days: daysBetween(span.from, span.to),
  };
}

export interface Scope {
  code: string;
  level: JurisdictionLevel;
  name: string;
}

export async function resolveScope(repo: KpiRepository, code: string): Promise<Scope> {
  const level = levelOfCode(code);
  if (!level) fail('JURISDICTION_CODE_INVALID', `"${code}" is not a division code`);
  const row = await repo.jurisdiction(code);
  if (!row) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${code}`);
  return { code, level, name: row.name };
}

export function assertKpiKeys(keys: readonly string[]): void {
  for (const key of keys) if (!KPI_BY_KEY.has(key)) fail('KPI_UNKNOWN', `no KPI "${key}"`, { key });
}

export type ComparedKpi = KpiValue & { mom: KpiChange; yoy: KpiChange };

export interface KpiReport {
  scope: Scope;
  span: ReturnType<typeof presentSpan>;
  previous: ReturnType<typeof presentSpan>;
  lastYear: ReturnType<typeof presentSpan>;
  filters: KpiFilters;
  source: KpiSource;
  counters: KpiCounters;
  kpis: Record<string, ComparedKpi>;
}

function compared(
  current: KpiCounters,
  previous: KpiCounters,
  lastYear: KpiCounters,
  keys?: readonly string[],
): Record<string, ComparedKpi> {
  const now = computeKpis(current, keys);
  const mom = computeKpis(previous, keys);
  const yoy = computeKpis(lastYear, keys);
  const out: Record<string, ComparedKpi> = {};
  for (const [key, value] of Object.entries(now))
    out[key] = { ...value, mom: compareKpi(value, mom[key]), yoy: compareKpi(value, yoy[key]) };
  return out;
}

/** The KPI set for one scope and span, with the period before (环比) and the same period last year (同比), in one query. */
export async function kpiReport(
  db: Kysely<Schema>,
  input: {
    scope: Scope;
    span: Span;
    filters?: KpiFilters;
    keys?: readonly string[];
    /** Force a source (the benchmark's raw baseline). */ source?: KpiSource;
  },
): Promise<KpiReport> {
  const repo = new KpiRepository(db);
  const previous = previousPeriod(input.span);
  const lastYear = samePeriodLastYear(input.span);
  const query = { scope: input.scope, spans: [input.span, previous, lastYear], filters: input.filters };
  const { source, rows } = await repo.counters(query, input.source);
  const byPeriod = [emptyCounters(), emptyCounters(), emptyCounters()];
  for (const row of rows) addCounters(byPeriod[row.period], row.counters);
  return {
    scope: input.scope,
    span: presentSpan(input.span),
    previous: presentSpan(previous),
    lastYear: presentSpan(lastYear),
    filters: input.filters ?? {},
    source,
    counters: byPeriod[0],
    kpis: compared(byPeriod[0], byPeriod[1], byPeriod[2], input.keys),
  };
}

/** One row of a breakdown: a place, a type, a channel, a risk level, a tier or a day / week / month. */
export interface BreakdownRow {
  key: string | null;
  name: string;
  /**
   * 本级: the row of events held at the centre itself (the county among its towns, a town among
   * villages, a village among grids — isOwnBucket), named 「…（本级）」, listed after the places;
   * never ranked. Always false outside place groupings.
   */
  own: boolean;
  counters: KpiCounters;
  kpis: Record<string, KpiValue | ComparedKpi>;
}

const DIM_NAMES: Partial<Record<KpiGroup, Record<string, string>>> = {
  event_type: EVENT_TYPE_NAMES_ZH,
  channel: CHANNEL_NAMES_ZH,
  risk_level: RISK_LEVEL_NAMES_ZH,
  tier: TIER_NAMES_ZH,
};

/** The jurisdiction level a place grouping lists under a scope, with every child shown even without events. */
function childLevel(groupBy: KpiGroup, scope: Scope): JurisdictionLevel | null {
  if (groupBy === 'town' && scope.level === 'county') return 'town';
  if (groupBy === 'village' && (scope.level === 'town' || scope.level === 'county')) return 'village';
  return null;
}

const PLACE_GROUPS: readonly KpiGroup[] = ['town', 'village', 'grid'];

/**
 * Figures grouped by sub-jurisdiction, type, channel, risk level, tier, or day / week / month.
 * Every town or village of the scope is listed, with zeros where nothing was reported; a place
 * grouping ends with the centre's own bucket where events were held there (`own`). With
 * `compare`, each row carries 环比 and 同比 too.
 */
export async function breakdown(
  db: Kysely<Schema>,
  input: {
    scope: Scope;
    span: Span;
    groupBy: KpiGroup;
    filters?: KpiFilters;
    keys?: readonly string[];
    compare?: boolean;
    source?: KpiSource;
  },
): Promise<{
  scope: Scope;
  span: ReturnType<typeof presentSpan>;
  groupBy: KpiGroup;
  source: KpiSource;
  rows: BreakdownRow[];
}> {
  const repo = new KpiRepository(db);
  const spans = input.compare ? [input.span, previousPeriod(input.span), samePeriodLastYear(input.span)] : [input.span];
  const { source, rows: sums } = await repo.counters(
    { scope: input.scope, spans, filters: input.filters, groupBy: input.groupBy },
    input.source,
  );
  const byGroup = new Map<string | null, KpiCounters[]>();
  const slot = (key: string | null) => {
    let s = byGroup.get(key);
    if (!s) byGroup.set(key, (s = spans.map(() => emptyCounters())));
    return s;
  };
  const level = childLevel(input.groupBy, input.scope);
  const children =
    level === 'town'
      ? await repo.childrenOf(input.scope.code, 'town')
      : level === 'village'
        ? await repo.villagesUnder(input.scope)
        : [];
  for (const child of children) slot(child.code);
  for (const sum of sums) addCounters(slot(sum.group)[sum.period], sum.counters);

  const names = await groupNames(repo, input.groupBy, [...byGroup.keys()]);
  const placeLevel = PLACE_GROUPS.includes(input.groupBy) ? (input.groupBy as PlaceLevel) : null;
  const rows: BreakdownRow[] = [...byGroup.entries()].map(([key, counters]) => ({
    key,
    name: names(key),
    own: placeLevel !== null && key !== null && isOwnBucket(placeLevel, key),
    counters: counters[0],
    kpis: input.compare
      ? compared(counters[0], counters[1], counters[2], input.keys)
      : computeKpis(counters[0], input.keys),
  }));
  // the places in code order, then the centres' own buckets
  rows.sort((a, b) => Number(a.own) - Number(b.own) || (a.key ?? '').localeCompare(b.key ?? ''));
  return { scope: input.scope, span: presentSpan(input.span), groupBy: input.groupBy, source, rows };
}

async function groupNames(
  repo: KpiRepository,
  groupBy: KpiGroup,
  keys: (string | null)[],
): Promise<(key: string | null) => string> {
  const dim = DIM_NAMES[groupBy];
  if (dim) return (key) => (key === null ? '—' : (dim[key] ?? key));
  if (groupBy === 'town' || groupBy === 'village' || groupBy === 'grid') {
    const names = await repo.jurisdictionNames(keys.filter((k): k is string => k !== null));
    return (key) => {
      if (key === null) return '—';
      const name = names.get(key)?.name ?? key;
      // An event held at a town or county centre, outside every village / town: its own bucket.
      return isOwnBucket(groupBy, key) ? `${name}（本级）` : name;
    };
  }
  return (key) => key ?? '—';
}

export const RANKING_LEVELS = ['town', 'village', 'department'] as const;
export type RankingLevel = (typeof RANKING_LEVELS)[number];

/** Minimum volume before a place is ranked, unless the request says otherwise. */
export const DEFAULT_MIN_VOLUME: Record<RankingLevel, number> = { town: 20, village: 10, department: 10 };

export async function ranking(
  db: Kysely<Schema>,
  input: {
    scope: Scope;
    span: Span;
    level: RankingLevel;
    kpi: string;
    minVolume?: number;
    filters?: KpiFilters;
    departmentId?: number;
    source?: KpiSource;
  },
): Promise<{
  scope: Scope;
  span: ReturnType<typeof presentSpan>;
  level: RankingLevel;
  kpi: { key: string; zh: string; en: string; higherIsBetter: boolean };
  minVolume: number;
  source: KpiSource;
  rows: RankedRow[];
}> {
  const def = KPI_BY_KEY.get(input.kpi);
  if (!def) fail('KPI_UNKNOWN', `no KPI "${input.kpi}"`, { key: input.kpi });
  const minVolume = input.minVolume ?? DEFAULT_MIN_VOLUME[input.level];
  const repo = new KpiRepository(db);
  let candidates: { key: string; name: string; counters: KpiCounters }[];
  let source: KpiSource = 'events';
  if (input.level === 'department') {
    const departments = await repo.departmentsUnder(
      input.scope.level === 'county' ? input.scope : { code: countyOf(input.scope.code), level: 'county' },
    );
    const counters = await repo.departmentCounters({
      scope: input.scope,
      span: input.span,
      departmentId: input.departmentId,
    });
    candidates = departments
      .filter((d) => input.departmentId === undefined || d.id === input.departmentId)
      .map((d) => ({ key: String(d.id), name: d.name, counters: counters.get(d.id) ?? emptyCounters() }));
  } else {
    const result = await breakdown(db, {
      scope: input.scope,
      span: input.span,
      groupBy: input.level,
      filters: input.filters,
      keys: [],
      source: input.source,
    });
    source = result.source;
    // a centre's own bucket (本级) is shown in breakdowns and passed on flagged: rankByKpi leaves it out
    candidates = result.rows
      .filter((g) => g.key !== null)
      .map((g) => ({ key: g.key!, name: g.name, counters: g.counters, own: g.own }));
  }
  return {
    scope: input.scope,
    span: presentSpan(input.span),
    level: input.level,
    kpi: { key: def.key, zh: def.zh, en: def.en, higherIsBetter: def.higherIsBetter },
    minVolume,
    source,
    rows: rankByKpi(candidates, def, { minVolume }),
  };
}

/** The counters a drill-down lists: a count's own counter(s); a rate's numerator, or its denominator. */
export function drillCounters(kpi: string, part: 'numerator' | 'denominator'): readonly KpiCounter[] {
  const def = KPI_BY_KEY.get(kpi);
  if (!def) fail('KPI_UNKNOWN', `no KPI "${kpi}"`, { key: kpi });
  return part === 'denominator' && def.kind === 'rate' ? def.denominator! : def.numerator;
}

export const KPI_CATALOGUE = KPI_DEFINITIONS.map((d) => ({
  key: d.key,
  zh: d.zh,
  en: d.en,
  kind: d.kind,
  numerator: d.numerator,
  denominator: d.denominator ?? null,
  higherIsBetter: d.higherIsBetter,
}));

export { KPI_COUNTERS };
