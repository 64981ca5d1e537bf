/**
 * All SQL behind the supervision figures: counter sums over a jurisdiction subtree and one or
 * more spans, from the rollups when one answers the question and from the raw events otherwise.
 * The raw path is the same GROUP BY a straightforward implementation would run; the tests use it
 * as the oracle for the rollups and the benchmark as their baseline.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.js';
import {
  KPI_COUNTERS,
  counterColumn,
  emptyCounters,
  type KpiCounter,
  type KpiCounters,
} from '../../core/analytics/kpi-counters.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';
import { COUNTER_COLUMNS, REPORT_DAY, counterExpression, counterSums } from './kpi-sql.js';
import { rebuildRollupsSql } from './rollup-migration.js';
import { chinaDayStartOf } from '../../core/time/china-time.js';

export const KPI_GROUPS = [
  'town',
  'village',
  'grid',
  'event_type',
  'channel',
  'risk_level',
  'tier',
  'day',
  'week',
  'month',
] as const;
export type KpiGroup = (typeof KPI_GROUPS)[number];

export interface KpiFilters {
  eventType?: string;
  channel?: string;
  riskLevel?: string;
  tier?: string;
}

export interface KpiQuery {
  scope: { code: string; level: JurisdictionLevel };
  /** China-date spans [from, to); a row is returned per span index and group. */
  spans: readonly { from: string; to: string }[];
  filters?: KpiFilters;
  groupBy?: KpiGroup;
}

export interface CounterRow {
  period: number;
  group: string | null;
  counters: KpiCounters;
}

export type KpiSource = 'kpi_place_day' | 'kpi_place_type_day' | 'kpi_town_dim_day' | 'events';

const DIMS = ['channel', 'risk_level', 'tier'] as const;
type Dim = (typeof DIMS)[number];
const FILTER_DIM: Record<Exclude<keyof KpiFilters, 'eventType'>, Dim> = {
  channel: 'channel',
  riskLevel: 'risk_level',
  tier: 'tier',
};

/** The dimension columns (channel, risk level, tier) a query filters or groups on. */
function dimsOf(q: KpiQuery): Set<Dim> {
  const dims = new Set<Dim>();
  for (const [key, dim] of Object.entries(FILTER_DIM) as [keyof typeof FILTER_DIM, Dim][])
    if (q.filters?.[key] !== undefined) dims.add(dim);
  if (q.groupBy && (DIMS as readonly string[]).includes(q.groupBy)) dims.add(q.groupBy as Dim);
  return dims;
}

/**
 * Which table answers a query: the smallest rollup that holds every column it filters and groups
 * on, else the events themselves (grid scopes, grid grouping, two dimensions at once …).
 */
export function planSource(q: KpiQuery): KpiSource {
  if (q.scope.level === 'grid' || q.groupBy === 'grid') return 'events';
  const dims = dimsOf(q);
  const typed = q.filters?.eventType !== undefined || q.groupBy === 'event_type';
  if (dims.size === 0) return typed ? 'kpi_place_type_day' : 'kpi_place_day';
  if (dims.size === 1 && !typed && q.scope.level !== 'village' && q.groupBy !== 'village') return 'kpi_town_dim_day';
  return 'events';
}

const TIME_GROUP = (day: string): Partial<Record<KpiGroup, string>> => ({
  day: `to_char(${day}, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')`,
  month: `to_char(${day}, 'YYYY-MM')`,
});

const PLACE_EXPR = `COALESCE(e.village_code, e.town_code, e.county_code, e.jurisdiction_code)`;

/** How each source names the scope column, the group expressions and the filters. */
const SOURCES: Record<
  KpiSource,
  {
    scope: Partial<Record<JurisdictionLevel, string>>;
    group: Partial<Record<KpiGroup, string>>;
    filter: Partial<Record<keyof KpiFilters, string>>;
    day: string;
  }
> = {
  kpi_place_day: {
    scope: { county: 'r.county_code', town: 'r.town_code', village: 'r.place_code' },
    group: {
      town: 'COALESCE(r.town_code, r.county_code, r.place_code)',
      village: 'r.place_code',
      ...TIME_GROUP('r.day'),
    },
    filter: {},
    day: 'r.day',
  },
  kpi_place_type_day: {
    scope: { county: 'r.county_code', town: 'r.town_code', village: 'r.place_code' },
    group: {
      town: 'COALESCE(r.town_code, r.county_code, r.place_code)',
      village: 'r.place_code',
      event_type: 'r.event_type',
      ...TIME_GROUP('r.day'),
    },
    filter: { eventType: 'r.event_type' },
    day: 'r.day',
  },
  kpi_town_dim_day: {
    scope: { county: 'r.county_code', town: 'r.town_key' },
    group: { town: 'r.town_key', channel: 'r.value', risk_level: 'r.value', tier: 'r.value', ...TIME_GROUP('r.day') },
    filter: { channel: 'r.value', riskLevel: 'r.value', tier: 'r.value' },
    day: 'r.day',
  },
  events: {
    scope: { county: 'e.county_code', town: 'e.town_code', village: 'e.village_code', grid: 'e.grid_code' },
    group: {
      town: 'COALESCE(e.town_code, e.county_code, e.jurisdiction_code)',
      village: PLACE_EXPR,
      grid: `COALESCE(e.grid_code, ${PLACE_EXPR})`,
      event_type: 'e.event_type',
      channel: 'e.channel',
      risk_level: 'e.risk_level',
      tier: 'e.tier',
      ...TIME_GROUP(REPORT_DAY),
    },
    filter: { eventType: 'e.event_type', channel: 'e.channel', riskLevel: 'e.risk_level', tier: 'e.tier' },
    day: REPORT_DAY,
  },
};

function rowToCounters(row: Record<string, unknown>): KpiCounters {
  const counters = emptyCounters();
  for (const c of KPI_COUNTERS) counters[c] = Number(row[counterColumn(c)] ?? 0);
  return counters;
}

function spansValues(spans: KpiQuery['spans'], asInstants: boolean): RawBuilder<unknown> {
  return sql.join(
    spans.map((s, i) =>
      asInstants
        ? sql`(${i}::int, ${chinaDayStartOf(s.from)}::timestamptz, ${chinaDayStartOf(s.to)}::timestamptz)`
        : sql`(${i}::int, ${s.from}::date, ${s.to}::date)`,
    ),
  );
}

export class KpiRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Counter sums per span and group, from the source planSource picks (or the one given). */
  async counters(q: KpiQuery, source: KpiSource = planSource(q)): Promise<{ source: KpiSource; rows: CounterRow[] }> {
    if (source !== 'events' && source !== planSource(q) && planSource(q) === 'events')
      throw new Error(`${source} cannot answer this query`);
    if (!q.spans.length) return { source, rows: [] };
    const spec = SOURCES[source];
    const scopeColumn = spec.scope[q.scope.level];
    if (!scopeColumn) throw new Error(`${source} cannot scope to a ${q.scope.level}`);
    const groupExpr = q.groupBy ? spec.group[q.groupBy] : 'NULL::text';
    if (!groupExpr) throw new Error(`${source} cannot group by ${q.groupBy}`);
    const where: RawBuilder<unknown>[] = [sql`${sql.raw(scopeColumn)} = ${q.scope.code}`];
    for (const [key, value] of Object.entries(q.filters ?? {}) as [keyof KpiFilters, string | undefined][]) {
      if (value === undefined) continue;
      const column = spec.filter[key];
      if (!column) throw new Error(`${source} cannot filter on ${key}`);
      where.push(sql`${sql.raw(column)} = ${value}`);
    }
    if (source === 'kpi_town_dim_day') {
      const [dim] = [...dimsOf(q)];
      where.push(sql`r.dim = ${dim}`);
    }
    const raw = source === 'events';
    const table = raw ? sql.raw('events e') : sql.raw(`${source} r`);
    const sums = raw
      ? sql.raw(counterSums())
      : sql.raw(COUNTER_COLUMNS.map((c) => `COALESCE(SUM(r.${c}), 0)::int AS ${c}`).join(', '));
    const inSpan = raw ? sql`e.reported_at >= p.f AND e.reported_at < p.t` : sql`r.day >= p.f AND r.day < p.t`;
    // One aggregate per span (LATERAL), so each is an index range scan: a join of the table to
    // the spans' VALUES defeats the planner's estimates (a full scan at 10M events).
    const result = await sql<Record<string, unknown>>`
      SELECT p.i AS period, s.*
      FROM (VALUES ${spansValues(q.spans, raw)}) AS p(i, f, t)
      CROSS JOIN LATERAL (
        SELECT ${sql.raw(groupExpr)} AS grp, ${sums}
        FROM ${table}
        WHERE ${sql.join(where, sql` AND `)} AND ${inSpan}
        GROUP BY 1) s
      ORDER BY 1, 2`.execute(this.db);
    return {
      source,
      rows: result.rows.map((row) => ({
        period: Number(row.period),
        group: (row.grp as string | null) ?? null,
        counters: rowToCounters(row),
      })),
    };
  }

  /** The direct computation over raw events (oracle and baseline). */
  countersFromEvents(q: KpiQuery): Promise<{ source: KpiSource; rows: CounterRow[] }> {
    return this.counters(q, 'events');
  }

  /**
   * Counter sums per department over the events it was ever assigned (牵头 or 协办) within a
   * scope and span — from the events: the rollups do not know departments.
   */
  async departmentCounters(q: {
    scope: { code: string; level: JurisdictionLevel };
    span: { from: string; to: string };
    departmentId?: number;
  }): Promise<Map<number, KpiCounters>> {
    const column = SOURCES.events.scope[q.scope.level]!;
    const result = await sql<Record<string, unknown>>`
      SELECT a.department_id AS department_id, ${sql.raw(counterSums())}
      FROM events e
      JOIN (SELECT DISTINCT event_id, department_id FROM event_assignments WHERE department_id IS NOT NULL) a ON a.event_id = e.id
      WHERE ${sql.raw(column)} = ${q.scope.code}
        AND e.reported_at >= ${chinaDayStartOf(q.span.from)} AND e.reported_at < ${chinaDayStartOf(q.span.to)}
        ${q.departmentId !== undefined ? sql`AND a.department_id = ${q.departmentId}` : sql``}
      GROUP BY a.department_id`.execute(this.db);
    return new Map(result.rows.map((row) => [Number(row.department_id), rowToCounters(row)]));
  }

  /**
   * The events behind a number (下钻): those in the scope and span (and group) counted by any of
   * the counters (a figure summing several counters lists the events of each), newest first, paged.
   */
  async drillDown(
    q: {
      scope: { code: string; level: JurisdictionLevel };
      span: { from: string; to: string };
      filters?: KpiFilters;
      groupBy?: KpiGroup;
      group?: string | null;
    },
    anyOf: readonly KpiCounter[],
    offset: number,
    limit: number,
  ) {
    const spec = SOURCES.events;
    const where: RawBuilder<unknown>[] = [
      sql`${sql.raw(spec.scope[q.scope.level]!)} = ${q.scope.code}`,
      sql`e.reported_at >= ${chinaDayStartOf(q.span.from)}`,
      sql`e.reported_at < ${chinaDayStartOf(q.span.to)}`,
      sql`(${sql.join(
        anyOf.map((c) => sql`${sql.raw(counterExpression(c))} = 1`),
        sql` OR `,
      )})`,
    ];
    for (const [key, value] of Object.entries(q.filters ?? {}) as [keyof KpiFilters, string | undefined][]) {
      if (value !== undefined) where.push(sql`${sql.raw(spec.filter[key]!)} = ${value}`);
    }
    if (q.groupBy && q.group !== undefined) {
      const expr = sql.raw(spec.group[q.groupBy]!);
      where.push(q.group === null ? sql`${expr} IS NULL` : sql`${expr} = ${q.group}`);
    }
    const condition = sql.join(where, sql` AND `);
    const [{ total }] = (
      await sql<{ total: number }>`SELECT count(*)::int AS total FROM events e WHERE ${condition}`.execute(this.db)
    ).rows;
    const items = (
      await sql<{
        id: number;
        serial_no: string;
        title: string;
        event_type: string;
        channel: string;
        risk_level: string;
        status: string;
        tier: string;
        light: string;
        overdue: boolean;
        jurisdiction_code: string;
        jurisdiction_name: string | null;
        reported_at: Date;
        resolved_at: Date | null;
      }>`
      SELECT e.id, e.serial_no, e.title, e.event_type, e.channel, e.risk_level, e.status, e.tier, e.light, e.overdue,
             e.jurisdiction_code, j.name AS jurisdiction_name, e.reported_at, e.resolved_at
      FROM events e LEFT JOIN jurisdictions j ON j.code = e.jurisdiction_code
      WHERE ${condition}
      ORDER BY e.reported_at DESC, e.id DESC
      OFFSET ${offset} LIMIT ${limit}`.execute(this.db)
    ).rows;
    return { total: Number(total), items };
  }

  /**
   * Runs a bulk load (the demo county, an import from an older system) with the rollup trigger
   * off, then rebuilds the rollups set-wise — seconds instead of a trigger per row. Only for a
   * database nobody else writes to meanwhile (first start, a maintenance window): events changed
   * by another process during the load would be counted by the rebuild, but any change after it
   * and before the trigger is back would not. A crash in between leaves the trigger off;
   * ensureRollupsLive() at the next start repairs that.
   */
  async deferRollups<T>(load: () => Promise<T>): Promise<T> {
    await sql`ALTER TABLE events DISABLE TRIGGER events_kpi_rollup`.execute(this.db);
    try {
      return await load();
    } finally {
      await this.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE events ENABLE TRIGGER events_kpi_rollup`.execute(trx);
        await sql.raw(rebuildRollupsSql()).execute(trx);
      });
    }
  }

  /** Turns the rollup trigger back on and rebuilds if a bulk load was cut off. Returns whether it had to. */
  async ensureRollupsLive(): Promise<boolean> {
    const state = await sql<{ tgenabled: string }>`
      SELECT t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'events_kpi_rollup' AND c.relname = 'events' AND c.relnamespace = to_regnamespace(current_schema())`.execute(
      this.db,
    );
    if (state.rows[0]?.tgenabled !== 'D') return false;
    await this.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE events ENABLE TRIGGER events_kpi_rollup`.execute(trx);
      await sql.raw(rebuildRollupsSql()).execute(trx);
    });
    return true;
  }

  /** Rebuilds the rollups from the events (after a bulk load with triggers off, or to repair). */
  async rebuildRollups(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql.raw(rebuildRollupsSql()).execute(trx);
    });
  }

  /** Names of jurisdictions and departments for labelling groups. */
  async jurisdictionNames(codes: readonly string[]): Promise<Map<string, { name: string; level: string }>> {
    if (!codes.length) return new Map();
    const rows = await this.db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'level'])
      .where('code', 'in', [...codes])
      .execute();
    return new Map(rows.map((r) => [r.code, { name: r.name, level: r.level }]));
  }

  /** The jurisdictions one level below a code (towns of a county, villages of a town), for listing groups with no events too. */
  childrenOf(code: string, level: JurisdictionLevel) {
    return this.db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'level'])
      .where('parent_code', '=', code)
      .where('level', '=', level)
      .orderBy('code')
      .execute();
  }

  /** Villages (and communities) under a scope. */
  villagesUnder(scope: { code: string; level: JurisdictionLevel }) {
    let q = this.db.selectFrom('jurisdictions').select(['code', 'name', 'parent_code']).where('level', '=', 'village');
    if (scope.level === 'county') q = q.where('code', 'like', `${scope.code.slice(0, 6)}%`);
    else if (scope.level === 'town') q = q.where('parent_code', '=', scope.code);
    else q = q.where('code', '=', scope.code);
    return q.orderBy('code').execute();
  }

  departmentsUnder(scope: { code: string; level: JurisdictionLevel }) {
    let q = this.db.selectFrom('departments').select(['id', 'code', 'name', 'jurisdiction_code']);
    if (scope.level === 'county') q = q.where('jurisdiction_code', 'like', `${scope.code.slice(0, 6)}%`);
    else q = q.where('jurisdiction_code', '=', scope.code);
    return q.orderBy('id').execute();
  }

  async jurisdiction(code: string) {
    return this.db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'level', 'parent_code'])
      .where('code', '=', code)
      .executeTakeFirst();
  }
}
