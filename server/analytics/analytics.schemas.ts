/**
 * The answers of the supervision figure routes (督查考核, analytics.routes.ts): the KPI catalogue, a KPI
 * set with 环比/同比, breakdowns, rankings and the drill-down. The figure shapes (a scope, a span, the
 * counters, a KPI value and its change) are shared with the briefing and village-class answers. The
 * web app imports the types, so this file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import { KPI_COUNTERS } from '../../core/analytics/kpi-counters.js';
import { LEVELS } from '../../core/organisation/division-code.js';
import { Instant, Nullable, literalUnion } from '../http/schema-primitives.js';

// ---- shared figure shapes ----

/*
 * Days and months in answers are plain strings with a pattern, not the request side's calendar formats:
 * the serialiser compiles a schema that has a union (every Nullable) with a validator of its own that
 * does not know those formats, and warns about each one on every start.
 */
/** A China day, 'YYYY-MM-DD'. */
export const DayAnswer = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
/** A month, 'YYYY-MM'. */
export const MonthAnswer = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });

/** The jurisdiction a figure is for. */
export const FigureScope = Type.Object({ code: Type.String(), level: literalUnion(LEVELS), name: Type.String() });
export type FigureScope = Static<typeof FigureScope>;

/** A span as answered: first and last day (inclusive), the exclusive end, its unit and length in days. */
export const FigureSpan = Type.Object({
  from: DayAnswer,
  to: DayAnswer,
  toExclusive: DayAnswer,
  unit: literalUnion(['day', 'week', 'month', 'quarter', 'year', 'custom']),
  days: Type.Integer(),
});
export type FigureSpan = Static<typeof FigureSpan>;

/** The per-event counters summed over a span (core/analytics/kpi-counters.ts), every one present. */
export const KpiCounters = Type.Record(literalUnion(KPI_COUNTERS), Type.Integer());
export type KpiCounters = Static<typeof KpiCounters>;

const KpiKind = literalUnion(['count', 'rate']);

/** Counters a figure sums (the server's lists are read-only constants, so the type is too). */
const CounterList = Type.Immutable(Type.Array(literalUnion(KPI_COUNTERS)));

/** One computed figure; a rate's `value` is the exact ratio (0.915), null when there is nothing to divide by. */
export const KpiValue = Type.Object({
  key: Type.String(),
  kind: KpiKind,
  value: Nullable(Type.Number()),
  numerator: Type.Integer(),
  denominator: Nullable(Type.Integer()),
  display: Type.String(),
});
export type KpiValue = Static<typeof KpiValue>;

/** How a figure moved against a comparison period: counts by difference and ratio, rates by percentage points. */
export const KpiChange = Type.Object({
  previous: KpiValue,
  delta: Nullable(Type.Number()),
  ratio: Nullable(Type.Number()),
  display: Type.String(),
});
export type KpiChange = Static<typeof KpiChange>;

/** A figure with 环比 (`mom`) and 同比 (`yoy`). */
export const ComparedKpi = Type.Object({ ...KpiValue.properties, mom: KpiChange, yoy: KpiChange });
export type ComparedKpi = Static<typeof ComparedKpi>;

/** The filters a figure was counted with, as applied (only those given). */
export const FigureFilters = Type.Object({
  eventType: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()),
  riskLevel: Type.Optional(Type.String()),
  tier: Type.Optional(Type.String()),
});

/** Where the sums were read: a rollup table or the events themselves (kpi.repository.ts, planSource). */
const FigureSource = Type.String({ description: 'kpi_place_day, kpi_place_type_day, kpi_town_dim_day or events' });

// ---- GET /api/analytics/definitions ----

export const KpiDefinitionAnswer = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  kind: KpiKind,
  numerator: CounterList,
  denominator: Nullable(CounterList),
  higherIsBetter: Type.Boolean(),
});

export const AnalyticsDefinitionsAnswer = Type.Object({
  kpis: Type.Immutable(Type.Array(KpiDefinitionAnswer)),
  groupBy: Type.Immutable(Type.Array(Type.String())),
  rankingLevels: Type.Immutable(Type.Array(Type.String())),
});
export type AnalyticsDefinitionsAnswer = Static<typeof AnalyticsDefinitionsAnswer>;

// ---- GET /api/analytics/kpis ----

export const KpiReportAnswer = Type.Object({
  scope: FigureScope,
  span: FigureSpan,
  previous: FigureSpan,
  lastYear: FigureSpan,
  filters: FigureFilters,
  source: FigureSource,
  counters: KpiCounters,
  kpis: Type.Record(Type.String(), ComparedKpi),
});
export type KpiReportAnswer = Static<typeof KpiReportAnswer>;

// ---- GET /api/analytics/breakdown ----

export const BreakdownRow = Type.Object({
  /** The place code, type, channel …, day / week / month; null for events without one. */
  key: Nullable(Type.String()),
  name: Type.String(),
  /** 本级: the centre's own row, after the places, never ranked. */
  own: Type.Boolean(),
  counters: KpiCounters,
  /** Each figure; with `compare`, its 环比 and 同比 too. */
  kpis: Type.Record(
    Type.String(),
    Type.Object({ ...KpiValue.properties, mom: Type.Optional(KpiChange), yoy: Type.Optional(KpiChange) }),
  ),
});
export type BreakdownRow = Static<typeof BreakdownRow>;

export const BreakdownAnswer = Type.Object({
  scope: FigureScope,
  span: FigureSpan,
  groupBy: Type.String(),
  source: FigureSource,
  rows: Type.Array(BreakdownRow),
});
export type BreakdownAnswer = Static<typeof BreakdownAnswer>;

// ---- GET /api/analytics/rankings ----

export const RankedRow = Type.Object({
  /** 1-based, ties share a rank; null when not ranked. */
  rank: Nullable(Type.Integer()),
  key: Type.String(),
  name: Type.String(),
  value: KpiValue,
  /** The rate's denominator, or for a count the events entered. */
  volume: Type.Integer(),
  unranked: Type.Optional(literalUnion(['below_minimum_volume', 'no_value'])),
});
export type RankedRow = Static<typeof RankedRow>;

export const RankingAnswer = Type.Object({
  scope: FigureScope,
  span: FigureSpan,
  level: Type.String(),
  kpi: Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String(), higherIsBetter: Type.Boolean() }),
  minVolume: Type.Integer(),
  source: FigureSource,
  rows: Type.Array(RankedRow),
});
export type RankingAnswer = Static<typeof RankingAnswer>;

// ---- GET /api/analytics/drilldown ----

export const DrillEvent = Type.Object({
  id: Type.Integer(),
  serialNo: Type.String(),
  title: Type.String(),
  eventType: Type.String(),
  channel: Type.String(),
  riskLevel: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  tier: Type.String(),
  light: Type.String(),
  overdue: Type.Boolean(),
  jurisdictionCode: Type.String(),
  jurisdictionName: Nullable(Type.String()),
  reportedAt: Instant,
  resolvedAt: Nullable(Instant),
});
export type DrillEvent = Static<typeof DrillEvent>;

export const DrillDownAnswer = Type.Object({
  scope: FigureScope,
  span: FigureSpan,
  kpi: Type.String(),
  part: literalUnion(['numerator', 'denominator']),
  /** The counters an event must count for to be listed (any of them). */
  counters: CounterList,
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(DrillEvent),
});
export type DrillDownAnswer = Static<typeof DrillDownAnswer>;
