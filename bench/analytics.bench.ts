/**
 * Benchmark `analytics`: the supervision dashboard (督查考核) at province scale — one county of 1M
 * and 10M events on PostgreSQL (each in a fresh schema, dropped afterwards) and 1M on the embedded
 * database (PGlite in a temporary folder, deleted afterwards).
 *
 * The organisation is made set-wise after the real migrations and reference data: county
 * 620999000000 (基准县), 18 towns (3 subdistricts, 15 towns), exactly 325 villages and communities,
 * a few departments. The events are made set-wise too (INSERT … SELECT … FROM generate_series,
 * chunks of up to 1M, two connections on PostgreSQL), each placed in a village (no grids), valid
 * for every constraint, with a deterministic hash per row (the same data on every run): village
 * load skewed (the busiest village ~13× the average), type, channel, risk and tier mixes, ~90 %
 * completed, the open ones recent with lights, a few merged and cancelled, the supervision
 * counters and the sign-late / overdue / follow-up / satisfaction flags on a few percent.
 * reported_at spreads over the last 12 whole months (24 from 5M events up), rising with the id as a
 * table filled over time would (and with a day-time peak), so a month is a contiguous ~1/12
 * (~1/24) of the table. The load runs with the rollup trigger and the events' secondary indexes and
 * unique / foreign-key constraints off; they are re-created from their own definitions (checked
 * to be the migrations'), then `KpiRepository.rebuildRollups()` is timed, then VACUUM (ANALYZE).
 *
 * Figures, each against the plain GROUP BY over the raw events (`source: 'events'`, what a
 * straightforward implementation runs) in the same run, interleaved:
 *   - the dashboard KPI set (`kpiReport`: the month, its 环比 and 同比 in one query) for the county,
 *     over 8 months × 3 rounds;
 *   - the 325-village ranking (`ranking(level 'village')`, by resolutionRate and completionRate
 *     alternately) over the same months;
 *   - freshness: from before a one-row INSERT transaction to the first `kpiReport` showing it;
 *   - the write cost of the trigger: a one-row event INSERT and a resolve UPDATE (autocommit) with
 *     the trigger on vs off;
 *   - the rollup rebuild vs one raw GROUP BY of every event;
 *   - rows: the rollups' rows against the events they sum (all, and in one month).
 * Before timing, rollups and raw events must give identical reports and rankings for every month
 * measured; any difference fails the run. Printed only: generation phases, row counts, the mix
 * made, table sizes, the four queries' EXPLAIN (ANALYZE, BUFFERS), every sample, and the KPI set's
 * sums written by hand as one aggregate per span (a LATERAL subquery; checked equal) timed against
 * the repository's SQL, which has that shape since it kept the 10M KPI set off the index when it
 * joined the rollups to the spans' VALUES (see bench/README.md).
 *
 * ANALYTICS_BENCH_SIZES=1000000,10000000 (default): PostgreSQL sizes. ANALYTICS_BENCH_PGLITE_SIZE
 * (default 1000000; 0 skips): the embedded database's — 1M builds in about 30 s there and the whole
 * PGlite part takes under 2 minutes, so it keeps the full 1M. The default run takes 9–15 minutes
 * on a shared 2-core machine, two thirds of it the 10M events (making them, rebuilding the
 * rollups, and the raw GROUP BYs of the baseline at 2–8 s each); see bench/README.md.
 */
import { isDeepStrictEqual } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { EventsTable, Schema } from '../server/db/schema.js';
import type { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { seedReferenceData } from '../server/db/reference-data.js';
import { KpiRepository, type KpiSource } from '../server/analytics/kpi.repository.js';
import { kpiReport, ranking, resolveScope, type KpiReport, type Scope } from '../server/analytics/analytics.service.js';
import {
  addMonths,
  daysBetween,
  monthSpan,
  monthStart,
  previousPeriod,
  samePeriodLastYear,
} from '../core/analytics/periods.js';
import { KPI_COUNTERS, counterColumn } from '../core/analytics/kpi-counters.js';
import { COUNTER_COLUMNS } from '../server/analytics/kpi-sql.js';
import { placementOf } from '../core/organisation/division-code.js';
import { CHANNELS } from '../core/events/event-catalog.js';
import { DEFAULT_TAXONOMY } from '../core/events/default-taxonomy.js';
import { ASPECT_TEXT, CHANNEL_LEAD } from '../cli/demo/demo-event-text.js';
import { defineBenchmark, median, quantile, type BenchContext, type DbKind } from './harness.js';
import {
  BULK_SETTINGS,
  assertSameSchema,
  dropIndexesAndConstraints,
  executionTime,
  explainQuery,
  explainRolledBack,
  fillDemoText,
  parseSizes,
  printPlans,
  restoreIndexesAndConstraints,
  runTasks,
  schemaFingerprint,
  sizeLabel,
  tableSizes,
  runOnSizes,
} from './bench-database.js';
import { chinaDateOf, chinaDayStartOf } from '../core/time/china-time.js';
const COUNTY = '620999000000';
const COUNTY_NAME = '基准县';
/** Villages per town (18 towns, 325 villages). */
const VILLAGES_PER_TOWN = [12, 14, 15, 16, 17, 17, 18, 18, 18, 19, 19, 19, 20, 20, 20, 21, 21, 21];
const VILLAGES = VILLAGES_PER_TOWN.reduce((a, b) => a + b, 0);
/** Towns 1–3 are subdistricts (街道, with communities), the rest towns (镇, with villages). */
const SUBDISTRICTS = 3;
/** Months measured (the last of the data), and rounds over them. */
const MEASURED_MONTHS = 8;
const ROUNDS = 3;
/** Freshness repetitions (each path), and write-cost rounds × statements per round and mode. */
const FRESHNESS_REPS = 6;
const WRITE_ROUNDS = 8;
const WRITES_PER_ROUND = 40;
/** The issue's targets on the server database. */
const TARGET_KPI_MS = 100;
const TARGET_RANKING_MS = 200;
/** Events per generating statement; PostgreSQL runs two at a time. */
const CHUNK = { postgres: 1_000_000, pglite: 250_000 } as const;

export default defineBenchmark({
  name: 'analytics',
  description:
    'dashboard KPI set and 325-village ranking from rollups vs GROUP BY over 1M/10M raw events; freshness; trigger write cost',
  timeoutMs: 45 * 60_000,
  async run(ctx) {
    const sizes = parseSizes('ANALYTICS_BENCH_SIZES', process.env.ANALYTICS_BENCH_SIZES || '1000000,10000000', 20_000);
    const pgliteSize = parseSizes(
      'ANALYTICS_BENCH_PGLITE_SIZE',
      process.env.ANALYTICS_BENCH_PGLITE_SIZE ?? '1000000',
      20_000,
      true,
    )[0];
    await runOnSizes(
      ctx,
      'analytics',
      {
        sizes,
        pgliteSize,
        settings: [
          'server_version',
          'fsync',
          'synchronous_commit',
          'shared_buffers',
          'work_mem',
          'jit',
          'max_parallel_workers_per_gather',
        ],
      },
      (kind, database, size) => benchDatabase(ctx, kind, database, size),
    );
  },
});

// ---------------------------------------------------------------------------------------------
// One database, one size
// ---------------------------------------------------------------------------------------------

/** The data's calendar: whole China months [start, end); "now" is the end (the current month's first instant). */
interface Calendar {
  months: number;
  startDate: string;
  endDate: string;
  startS: number;
  endS: number;
  days: number;
}

function calendarFor(size: number, now: Date): Calendar {
  const months = size >= 5_000_000 ? 24 : 12;
  const endDate = monthStart(chinaDateOf(now));
  const startDate = addMonths(endDate, -months);
  return {
    months,
    startDate,
    endDate,
    startS: chinaDayStartOf(startDate).getTime() / 1000,
    endS: chinaDayStartOf(endDate).getTime() / 1000,
    days: daysBetween(startDate, endDate),
  };
}

async function benchDatabase(ctx: BenchContext, kind: DbKind, database: Database, size: number): Promise<void> {
  const { db } = database;
  const tag = `${kind}_${sizeLabel(size)}`;
  const label = `${kind} ${sizeLabel(size)}`;
  ctx.usedDatabase(kind);
  const cal = calendarFor(size, new Date());
  const started = performance.now();

  let t0 = performance.now();
  await migrate(db);
  await seedReferenceData(db);
  await createOrganisation(db);
  ctx.info(
    `${label}: migrations, reference data, organisation`,
    performance.now() - t0,
    `ms (1 county, ${VILLAGES_PER_TOWN.length} towns, ${VILLAGES} villages)`,
  );

  const generated = await generate(ctx, kind, db, size, cal);
  ctx.info(
    `${label}: generation time`,
    generated.phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', '),
  );

  // The rollups from the loaded events, and the baseline: one raw GROUP BY of every event.
  const repo = new KpiRepository(db);
  const scope = await resolveScope(repo, COUNTY);
  const allSpan = { from: cal.startDate, to: cal.endDate };
  const rawAll = async () => {
    const s0 = performance.now();
    const r = await repo.counters({ scope, spans: [allSpan] }, 'events');
    return { ms: performance.now() - s0, received: r.rows[0]?.counters.received ?? 0 };
  };
  const countAll = async () => {
    const s0 = performance.now();
    await sql`SELECT count(*) FROM events`.execute(db);
    return performance.now() - s0;
  };
  const countMs = await countAll();
  const rawBefore = await rawAll();
  ctx.log(`${label}: rebuilding the rollups…`);
  t0 = performance.now();
  await repo.rebuildRollups();
  const rebuildMs = performance.now() - t0;
  const rawAfter = await rawAll();
  if (rawBefore.received !== size || rawAfter.received !== size)
    throw new Error(
      `${label}: the raw GROUP BY counted ${rawBefore.received}/${rawAfter.received} events, expected ${size}`,
    );
  const rawAllMs = (rawBefore.ms + rawAfter.ms) / 2;
  t0 = performance.now();
  await sql`VACUUM (ANALYZE) kpi_place_day`.execute(db);
  await sql`VACUUM (ANALYZE) kpi_place_type_day`.execute(db);
  await sql`VACUUM (ANALYZE) kpi_town_dim_day`.execute(db);
  ctx.info(
    `${label}: rollups rebuilt`,
    rebuildMs / 1000,
    `s (then VACUUM ANALYZE ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  ctx.info(
    `${label}: raw reads of every event`,
    `GROUP BY of all counters ${rawBefore.ms.toFixed(0)} ms before the rebuild, ${rawAfter.ms.toFixed(0)} ms after; SELECT count(*) FROM events ${countMs.toFixed(0)} ms`,
  );
  ctx.record(`rebuild_rollups_ms_${tag}`, rebuildMs, 'ms', {
    name: `raw_group_by_all_events_ms_${tag}`,
    value: rawAllMs,
  });

  // Rows: the rollups against the events they sum.
  const lastMonth = addMonths(cal.endDate, -1).slice(0, 7);
  const counts = await rowCounts(db, monthSpan(lastMonth));
  if (counts.events !== size || counts.placeDayReceived !== size)
    throw new Error(`${label}: ${JSON.stringify(counts)} after the rebuild, expected ${size} events`);
  ctx.info(
    `${label}: rows`,
    `events ${fmt(counts.events)} (${fmt(Math.round(counts.events / cal.months))} a month over ${cal.months} months; ${lastMonth}: ${fmt(counts.monthEvents)}), ` +
      `kpi_place_day ${fmt(counts.placeDay)} (${lastMonth}: ${fmt(counts.monthPlaceDay)}), kpi_place_type_day ${fmt(counts.placeTypeDay)}, kpi_town_dim_day ${fmt(counts.townDimDay)}`,
  );
  await reportMix(ctx, label, db);
  ctx.record(`rollup_rows_place_day_${tag}`, counts.placeDay, 'rows', { name: `events_${tag}`, value: counts.events });
  ctx.record(`rollup_rows_place_type_day_${tag}`, counts.placeTypeDay, 'rows', {
    name: `events_${tag}`,
    value: counts.events,
  });
  ctx.record(`rollup_rows_town_dim_day_${tag}`, counts.townDimDay, 'rows', {
    name: `events_${tag}`,
    value: counts.events,
  });
  ctx.record(`month_rollup_rows_${tag}`, counts.monthPlaceDay, 'rows', {
    name: `month_events_${tag}`,
    value: counts.monthEvents,
  });
  await tableSizes(ctx, label, db, ['events', 'kpi_place_day', 'kpi_place_type_day', 'kpi_town_dim_day']);

  // The months measured: the last of the data (with 24 months, each has its 同比 year too).
  const months = Array.from({ length: MEASURED_MONTHS }, (_, k) =>
    addMonths(cal.endDate, k - MEASURED_MONTHS).slice(0, 7),
  );
  const report = (month: string, source?: KpiSource) => kpiReport(db, { scope, span: monthSpan(month), source });
  const rank = (month: string, kpi: string, source?: KpiSource) =>
    ranking(db, { scope, span: monthSpan(month), level: 'village', kpi, source });

  // Sanity: rollups and raw events answer alike, for every month measured (this warms up too).
  t0 = performance.now();
  for (const month of months) {
    const fast = await report(month);
    const raw = await report(month, 'events');
    if (fast.source !== 'kpi_place_day' || raw.source !== 'events')
      throw new Error(`${label}: sources ${fast.source} / ${raw.source}`);
    if (!isDeepStrictEqual(withoutSource(fast), withoutSource(raw))) {
      throw new Error(
        `${label}: ${month}: the KPI report from the rollups differs from the raw GROUP BY:\n${JSON.stringify(diffCounters(fast, raw))}`,
      );
    }
    if (fast.counters.received === 0) throw new Error(`${label}: ${month} has no events`);
    for (const kpi of ['resolutionRate', 'completionRate']) {
      const f = await rank(month, kpi);
      const r = await rank(month, kpi, 'events');
      if (f.source !== 'kpi_place_day') throw new Error(`${label}: ranking source ${f.source}`);
      // Every village is listed; at 1M events and up each has far more than the minimum volume, so every one is ranked.
      const unranked = f.rows.filter((row) => row.rank === null).length;
      if (f.rows.length !== VILLAGES || (size >= 1_000_000 && unranked > 0))
        throw new Error(
          `${label}: ${month}: the ranking has ${f.rows.length} rows (${unranked} unranked), expected ${VILLAGES} ranked`,
        );
      if (!isDeepStrictEqual(f.rows, r.rows))
        throw new Error(`${label}: ${month}: the ${kpi} ranking from the rollups differs from the raw GROUP BY`);
    }
  }
  ctx.info(
    `${label}: checked`,
    `KPI reports (month, 环比, 同比) and ${VILLAGES}-village rankings by resolutionRate and completionRate identical from rollups and raw events for ${months.join(', ')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const sample = await report(months.at(-1)!);
  ctx.info(
    `${label}: ${months.at(-1)} county KPIs`,
    `received ${fmt(sample.counters.received)}, entered ${fmt(sample.counters.entered)}, completion ${sample.kpis.completionRate.display}, resolution ${sample.kpis.resolutionRate.display}, ` +
      `on-time ${sample.kpis.onTimeCompletionRate.display}, satisfaction ${sample.kpis.satisfactionRate.display}, open ${fmt(sample.counters.open)} (red ${sample.counters.openRed}, yellow ${sample.counters.openYellow})`,
  );

  // Plans of the four queries (the rollup path and the raw one), for the last month.
  const planMonth = months.at(-1)!;
  const plans: [string, string[]][] = [
    [
      'kpiReport — rollups (kpi_place_day)',
      await explainRolledBack(db, (trx) => kpiReport(trx, { scope, span: monthSpan(planMonth) })),
    ],
    [
      "kpiReport — raw events (source: 'events')",
      await explainRolledBack(db, (trx) => kpiReport(trx, { scope, span: monthSpan(planMonth), source: 'events' })),
    ],
    [
      'ranking(village) — rollups',
      await explainRolledBack(db, (trx) =>
        ranking(trx, { scope, span: monthSpan(planMonth), level: 'village', kpi: 'resolutionRate' }),
      ),
    ],
    [
      "ranking(village) — raw events (source: 'events')",
      await explainRolledBack(db, (trx) =>
        ranking(trx, { scope, span: monthSpan(planMonth), level: 'village', kpi: 'resolutionRate', source: 'events' }),
      ),
    ],
  ];
  printPlans(`${label}: query plans for ${planMonth} (EXPLAIN (ANALYZE, BUFFERS))`, plans);
  for (const [what, plan] of plans) ctx.log(`${label}: ${what}: ${executionTime(plan)}`);

  // 1. The dashboard KPI set, and 2. the village ranking: rollups vs raw, interleaved.
  const kpiFast: number[] = [];
  const kpiRaw: number[] = [];
  const rankFast: number[] = [];
  const rankRaw: number[] = [];
  const timed = async (list: number[], work: () => Promise<unknown>) => {
    const s0 = performance.now();
    await work();
    list.push(performance.now() - s0);
  };
  ctx.log(`${label}: timing KPI sets and rankings over ${months.length} months × ${ROUNDS} rounds…`);
  for (let round = 0; round < ROUNDS; round++) {
    for (let m = 0; m < months.length; m++) {
      const k = round * months.length + m;
      const month = months[m];
      const kpi = k % 2 === 0 ? 'resolutionRate' : 'completionRate';
      const pairs: [number[], () => Promise<unknown>][] = [
        [kpiFast, () => report(month)],
        [kpiRaw, () => report(month, 'events')],
        [rankFast, () => rank(month, kpi)],
        [rankRaw, () => rank(month, kpi, 'events')],
      ];
      // Alternate which path goes first.
      const order = k % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
      for (const i of order) await timed(pairs[i][0], pairs[i][1]);
    }
    ctx.log(
      `${label}: round ${round + 1}/${ROUNDS}: KPI median ${median(kpiFast).toFixed(1)} ms vs raw ${median(kpiRaw).toFixed(0)} ms; ranking ${median(rankFast).toFixed(1)} ms vs raw ${median(rankRaw).toFixed(0)} ms`,
    );
  }
  const p95 = (list: number[]) =>
    quantile(
      [...list].sort((a, b) => a - b),
      0.95,
    );
  ctx.info(`${label}: KPI set ms, rollups`, kpiFast.map((ms) => ms.toFixed(1)).join(', '));
  ctx.info(`${label}: KPI set ms, raw`, kpiRaw.map((ms) => ms.toFixed(0)).join(', '));
  ctx.info(`${label}: ranking ms, rollups`, rankFast.map((ms) => ms.toFixed(1)).join(', '));
  ctx.info(`${label}: ranking ms, raw`, rankRaw.map((ms) => ms.toFixed(0)).join(', '));
  ctx.record(`kpi_report_per_s_${tag}`, 1000 / median(kpiFast), 'reports/s', {
    name: `raw_kpi_report_per_s_${tag}`,
    value: 1000 / median(kpiRaw),
  });
  ctx.record(`kpi_report_ms_p50_${tag}`, median(kpiFast), 'ms', {
    name: `raw_kpi_report_ms_p50_${tag}`,
    value: median(kpiRaw),
  });
  ctx.record(`kpi_report_ms_p95_${tag}`, p95(kpiFast), 'ms', {
    name: `raw_kpi_report_ms_p95_${tag}`,
    value: p95(kpiRaw),
  });
  ctx.record(`village_ranking_per_s_${tag}`, 1000 / median(rankFast), 'rankings/s', {
    name: `raw_village_ranking_per_s_${tag}`,
    value: 1000 / median(rankRaw),
  });
  ctx.record(`village_ranking_ms_p50_${tag}`, median(rankFast), 'ms', {
    name: `raw_village_ranking_ms_p50_${tag}`,
    value: median(rankRaw),
  });
  ctx.record(`village_ranking_ms_p95_${tag}`, p95(rankFast), 'ms', {
    name: `raw_village_ranking_ms_p95_${tag}`,
    value: p95(rankRaw),
  });
  if (kind === 'postgres') {
    const verdict = (what: string, list: number[], target: number) =>
      `${what}: p50 ${median(list).toFixed(1)} ms, p95 ${p95(list).toFixed(1)} ms, max ${Math.max(...list).toFixed(1)} ms — target ≤ ${target} ms ${p95(list) <= target ? 'met' : 'MISSED'}`;
    ctx.info(
      `${label}: targets`,
      `${verdict('KPI set', kpiFast, TARGET_KPI_MS)}; ${verdict('village ranking', rankFast, TARGET_RANKING_MS)}`,
    );
  }

  // Not recorded: the same month / 环比 / 同比 sums as one aggregate per span (a LATERAL subquery,
  // which the planner cannot flatten into the VALUES join, so each span is an index range scan),
  // against the repository's SQL itself (now of that shape too: the two should take about as long).
  await compareSpanShapes(ctx, label, db, scope, months);

  // 3a. Freshness: a new event in the latest month, until the dashboard shows it.
  await benchFreshness(ctx, label, tag, db, scope, months.at(-1)!, report);
  // 3b. The write cost of the trigger (last: the trigger-off writes leave the rollups behind).
  await benchWrites(ctx, label, tag, db, months.at(-1)!);
  ctx.info(`${label}: total`, (performance.now() - started) / 1000, 's');
}

/** The three spans of a month's report, summed from kpi_place_day with one aggregate per span. */
function perSpanAggregates(code: string, month: string) {
  const span = monthSpan(month);
  const spans = [span, previousPeriod(span), samePeriodLastYear(span)];
  return sql<Record<string, number>>`
    SELECT p.i AS period, s.*
    FROM (VALUES ${sql.join(spans.map((x, i) => sql`(${i}::int, ${x.from}::date, ${x.to}::date)`))}) AS p(i, f, t)
    CROSS JOIN LATERAL (
      SELECT ${sql.raw(COUNTER_COLUMNS.map((c) => `COALESCE(SUM(r.${c}), 0)::int AS ${c}`).join(', '))}
      FROM kpi_place_day r WHERE r.county_code = ${code} AND r.day >= p.f AND r.day < p.t) s
    ORDER BY 1`;
}

async function compareSpanShapes(
  ctx: BenchContext,
  label: string,
  db: Kysely<Schema>,
  scope: Scope,
  months: string[],
): Promise<void> {
  const repo = new KpiRepository(db);
  const current: number[] = [];
  const perSpan: number[] = [];
  for (const month of months) {
    const span = monthSpan(month);
    const expected = await repo.counters({ scope, spans: [span, previousPeriod(span), samePeriodLastYear(span)] });
    const got = (await perSpanAggregates(scope.code, month).execute(db)).rows;
    for (const row of expected.rows) {
      const other = got.find((g) => Number(g.period) === row.period);
      for (const c of KPI_COUNTERS) {
        if (Number(other?.[counterColumn(c)] ?? 0) !== row.counters[c])
          throw new Error(`${label}: ${month}: per-span aggregates disagree on ${c} of period ${row.period}`);
      }
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [m, month] of months.entries()) {
      const span = monthSpan(month);
      const a = async () => {
        const t0 = performance.now();
        await repo.counters({ scope, spans: [span, previousPeriod(span), samePeriodLastYear(span)] });
        current.push(performance.now() - t0);
      };
      const b = async () => {
        const t0 = performance.now();
        await perSpanAggregates(scope.code, month).execute(db);
        perSpan.push(performance.now() - t0);
      };
      if ((round + m) % 2 === 0) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
    }
  }
  const plan = await explainQuery(db, perSpanAggregates(scope.code, months.at(-1)!));
  printPlans(`${label}: (not recorded) the KPI set's sums as one aggregate per span (LATERAL), ${months.at(-1)}`, [
    ['per-span aggregates', plan],
  ]);
  const p95 = (list: number[]) =>
    quantile(
      [...list].sort((x, y) => x - y),
      0.95,
    );
  ctx.info(
    `${label}: (not recorded) KPI set SQL from kpi_place_day`,
    `the repository's SQL p50 ${median(current).toFixed(1)} ms, p95 ${p95(current).toFixed(1)} ms; one aggregate per span p50 ${median(perSpan).toFixed(1)} ms, p95 ${p95(perSpan).toFixed(1)} ms (same sums)`,
  );
}

function withoutSource(r: KpiReport): Omit<KpiReport, 'source'> {
  const { source: _source, ...rest } = r;
  return rest;
}

function diffCounters(a: KpiReport, b: KpiReport): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [key, value] of Object.entries(a.counters))
    if (b.counters[key as keyof typeof b.counters] !== value)
      out[key] = [value, b.counters[key as keyof typeof b.counters]];
  return out;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

interface RowCounts {
  events: number;
  placeDay: number;
  placeTypeDay: number;
  townDimDay: number;
  placeDayReceived: number;
  monthEvents: number;
  monthPlaceDay: number;
}

async function rowCounts(db: Kysely<Schema>, month: { from: string; to: string }): Promise<RowCounts> {
  const r = (
    await sql<Record<string, number>>`
      SELECT (SELECT count(*) FROM events) AS events,
             (SELECT count(*) FROM kpi_place_day) AS place_day,
             (SELECT count(*) FROM kpi_place_type_day) AS place_type_day,
             (SELECT count(*) FROM kpi_town_dim_day) AS town_dim_day,
             (SELECT sum(received) FROM kpi_place_day) AS place_day_received,
             (SELECT count(*) FROM events WHERE reported_at >= ${chinaDayStartOf(month.from)} AND reported_at < ${chinaDayStartOf(month.to)}) AS month_events,
             (SELECT count(*) FROM kpi_place_day WHERE day >= ${month.from}::date AND day < ${month.to}::date) AS month_place_day`.execute(
      db,
    )
  ).rows[0];
  return {
    events: Number(r.events),
    placeDay: Number(r.place_day),
    placeTypeDay: Number(r.place_type_day),
    townDimDay: Number(r.town_dim_day),
    placeDayReceived: Number(r.place_day_received),
    monthEvents: Number(r.month_events),
    monthPlaceDay: Number(r.month_place_day),
  };
}

/** What the generator made: shares of statuses, flags and the village skew (printed). */
async function reportMix(ctx: BenchContext, label: string, db: Kysely<Schema>): Promise<void> {
  const r = (
    await sql<Record<string, number>>`
      SELECT count(*) AS n,
             avg((status_kind <> 'open' AND status NOT IN ('merged', 'cancelled'))::int) AS completed,
             avg((status_kind = 'open')::int) AS open,
             avg((status IN ('merged', 'cancelled'))::int) AS void,
             avg((status = 'closed')::int) AS closed,
             avg((light = 'red' AND status_kind = 'open')::int) AS open_red,
             avg(overdue::int) AS overdue, avg(sign_late::int) AS sign_late, avg(followed_up::int) AS followed_up,
             avg((satisfaction IS NOT NULL)::int) AS rated, avg((escalation_count > 0)::int) AS escalated,
             avg((urge_count > 0)::int) AS urged, avg((supervised_at IS NOT NULL)::int) AS supervised
      FROM events`.execute(db)
  ).rows[0];
  const pct = (x: number) => `${(Number(x) * 100).toFixed(1)} %`;
  const skew = (
    await sql<{ max: number; min: number; avg: number }>`
      SELECT max(n) AS max, min(n) AS min, avg(n) AS avg FROM (SELECT village_code, count(*) AS n FROM events GROUP BY 1) x`.execute(
      db,
    )
  ).rows[0];
  ctx.info(
    `${label}: mix`,
    `completed ${pct(r.completed)} (closed ${pct(r.closed)}), open ${pct(r.open)} (red ${pct(r.open_red)}), merged+cancelled ${pct(r.void)}; ` +
      `overdue ${pct(r.overdue)}, sign late ${pct(r.sign_late)}, followed up ${pct(r.followed_up)}, rated ${pct(r.rated)}, escalated ${pct(r.escalated)}, ` +
      `urged ${pct(r.urged)}, supervised ${pct(r.supervised)}; events per village: max ${fmt(Number(skew.max))}, mean ${fmt(Math.round(Number(skew.avg)))}, min ${fmt(Number(skew.min))}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Freshness and the write cost of the rollup trigger
// ---------------------------------------------------------------------------------------------

let newEvents = 0;

/** A new event as intake writes it: dispatched to a village, reported at `at`. */
function newEvent(village: string, at: Date): Insertable<EventsTable> {
  const k = ++newEvents;
  return {
    serial_no: `YWBENCH${String(k).padStart(8, '0')}`,
    channel: 'citizen',
    event_type: 'appeal',
    category_code: 'appeal.livelihood.water',
    risk_level: 'blue',
    title: '基准村自来水停水三天',
    description: '群众随手拍反映：村里自来水已停水三天，老人取水困难，请尽快协调恢复供水。',
    lng: 104.5,
    lat: 35.5,
    address: '基准县第一镇',
    reporter_name: '王先生',
    reporter_phone: '13800000000',
    status: 'dispatched',
    status_kind: 'open',
    jurisdiction_code: village,
    ...placementOf(village),
    dispatch_reason: 'named_jurisdiction',
    tracking_token: randomBytes(16).toString('hex'),
    reported_at: at,
    created_at: new Date(),
    updated_at: new Date(),
    tier: 'village',
    supervisor_code: placementOf(village).town_code!,
  };
}

async function benchFreshness(
  ctx: BenchContext,
  label: string,
  tag: string,
  db: Kysely<Schema>,
  scope: Scope,
  month: string,
  report: (month: string, source?: KpiSource) => Promise<KpiReport>,
): Promise<void> {
  const village = (
    await sql<{ code: string }>`SELECT code FROM jurisdictions WHERE level = 'village' ORDER BY code LIMIT 1`.execute(
      db,
    )
  ).rows[0].code;
  // In the middle of the month, China time.
  const at = new Date(chinaDayStartOf(`${month}-15`).getTime() + 10 * 3600_000);
  if (
    !(
      await sql<{
        on: boolean;
      }>`SELECT tgenabled = 'O' AS on FROM pg_trigger WHERE tgname = 'events_kpi_rollup' AND tgrelid = 'events'::regclass`.execute(
        db,
      )
    ).rows[0]?.on
  ) {
    throw new Error(`${label}: the rollup trigger is not enabled`);
  }
  let entered = (await report(month)).counters.entered;
  const fast: number[] = [];
  const raw: number[] = [];
  const attempts: number[] = [];
  const once = async (source: KpiSource | undefined, list: number[]) => {
    const t0 = performance.now();
    await db.transaction().execute((trx) => trx.insertInto('events').values(newEvent(village, at)).execute());
    entered++;
    let tries = 0;
    let seen: number;
    do {
      tries++;
      seen = (await report(month, source)).counters.entered;
    } while (seen !== entered && performance.now() - t0 < 10_000);
    if (seen !== entered)
      throw new Error(
        `${label}: after 10 s the ${source ?? 'rollup'} report shows ${seen} events entered in ${month}, expected ${entered}`,
      );
    list.push(performance.now() - t0);
    if (source === undefined) attempts.push(tries);
  };
  for (let k = 0; k < FRESHNESS_REPS; k++) {
    if (k % 2 === 0) {
      await once(undefined, fast);
      await once('events', raw);
    } else {
      await once('events', raw);
      await once(undefined, fast);
    }
  }
  // Both paths agree after the new events (the trigger kept the rollups exact).
  const f = await report(month);
  const r = await report(month, 'events');
  if (!isDeepStrictEqual(withoutSource(f), withoutSource(r)))
    throw new Error(
      `${label}: after the new events the rollups differ from the raw events: ${JSON.stringify(diffCounters(f, r))}`,
    );
  ctx.info(
    `${label}: freshness`,
    `${FRESHNESS_REPS} new events per path in ${month} (${scope.name}); the rollup report showed each at its first read after commit (reads: ${attempts.join(', ')}); ` +
      `ms rollups ${fast.map((ms) => ms.toFixed(1)).join(', ')}; raw ${raw.map((ms) => ms.toFixed(0)).join(', ')}`,
  );
  if (attempts.some((n) => n !== 1))
    throw new Error(`${label}: the rollups lagged behind a committed event (reads: ${attempts.join(', ')})`);
  ctx.record(`freshness_ms_${tag}`, median(fast), 'ms', { name: `raw_freshness_ms_${tag}`, value: median(raw) });
}

async function setTrigger(db: Kysely<Schema>, on: boolean): Promise<void> {
  await sql.raw(`ALTER TABLE events ${on ? 'ENABLE' : 'DISABLE'} TRIGGER events_kpi_rollup`).execute(db);
}

/**
 * One-row autocommit INSERTs of new events and resolve UPDATEs of open events (handling →
 * resolved), with the rollup trigger on and off, in rounds alternating which goes first.
 */
async function benchWrites(
  ctx: BenchContext,
  label: string,
  tag: string,
  db: Kysely<Schema>,
  month: string,
): Promise<void> {
  const span = monthSpan(month);
  const needed = WRITE_ROUNDS * 2 * WRITES_PER_ROUND;
  const open = (
    await sql<{ id: number }>`
      SELECT id FROM events WHERE status = 'handling' AND reported_at >= ${chinaDayStartOf(span.from)} AND reported_at < ${chinaDayStartOf(span.to)}
      ORDER BY id LIMIT ${needed}`.execute(db)
  ).rows.map((r) => r.id);
  if (open.length < needed) throw new Error(`${label}: only ${open.length} open events in ${month}, need ${needed}`);
  const village = (
    await sql<{
      code: string;
    }>`SELECT code FROM jurisdictions WHERE level = 'village' ORDER BY code DESC LIMIT 1`.execute(db)
  ).rows[0].code;
  const at = new Date(chinaDayStartOf(`${month}-20`).getTime() + 15 * 3600_000);
  const times = {
    insertOn: [] as number[],
    insertOff: [] as number[],
    updateOn: [] as number[],
    updateOff: [] as number[],
  };
  let next = 0;
  const phase = async (on: boolean) => {
    await setTrigger(db, on);
    for (let k = 0; k < WRITES_PER_ROUND; k++) {
      const row = newEvent(village, at);
      const t0 = performance.now();
      await db.insertInto('events').values(row).execute();
      (on ? times.insertOn : times.insertOff).push(performance.now() - t0);
    }
    for (let k = 0; k < WRITES_PER_ROUND; k++) {
      const id = open[next++];
      const t0 = performance.now();
      const r = await db
        .updateTable('events')
        .set({
          status: 'resolved',
          status_kind: 'resolved',
          resolved_at: new Date(),
          resolved_tier: sql<string>`tier`,
          updated_at: new Date(),
          version: sql<number>`version + 1`,
        })
        .where('id', '=', id)
        .where('status', '=', 'handling')
        .executeTakeFirst();
      (on ? times.updateOn : times.updateOff).push(performance.now() - t0);
      if (Number(r.numUpdatedRows) !== 1) throw new Error(`${label}: event ${id} was not resolved`);
    }
  };
  try {
    // One untimed warm-up of each.
    for (const on of [true, false]) {
      await setTrigger(db, on);
      await db.insertInto('events').values(newEvent(village, at)).execute();
    }
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      if (round % 2 === 0) {
        await phase(true);
        await phase(false);
      } else {
        await phase(false);
        await phase(true);
      }
    }
  } finally {
    await setTrigger(db, true);
  }
  const ms = (list: number[]) => median(list).toFixed(2);
  ctx.info(
    `${label}: one-row autocommit writes (median ms)`,
    `INSERT ${ms(times.insertOn)} with the trigger, ${ms(times.insertOff)} without; resolve UPDATE ${ms(times.updateOn)} with, ${ms(times.updateOff)} without ` +
      `(${WRITE_ROUNDS} rounds × ${WRITES_PER_ROUND} each; p95 INSERT ${quantile(
        [...times.insertOn].sort((a, b) => a - b),
        0.95,
      ).toFixed(2)} / ${quantile(
        [...times.insertOff].sort((a, b) => a - b),
        0.95,
      ).toFixed(2)}, ` +
      `UPDATE ${quantile(
        [...times.updateOn].sort((a, b) => a - b),
        0.95,
      ).toFixed(2)} / ${quantile(
        [...times.updateOff].sort((a, b) => a - b),
        0.95,
      ).toFixed(2)})`,
  );
  ctx.record(`event_insert_ms_p50_${tag}`, median(times.insertOn), 'ms', {
    name: `event_insert_no_trigger_ms_p50_${tag}`,
    value: median(times.insertOff),
  });
  ctx.record(`event_resolve_ms_p50_${tag}`, median(times.updateOn), 'ms', {
    name: `event_resolve_no_trigger_ms_p50_${tag}`,
    value: median(times.updateOff),
  });
}

// ---------------------------------------------------------------------------------------------
// The organisation, set-wise
// ---------------------------------------------------------------------------------------------

async function createOrganisation(db: Kysely<Schema>): Promise<void> {
  const towns = sql.raw(`ARRAY[${VILLAGES_PER_TOWN.join(', ')}]`);
  const townNames = sql.raw(
    `ARRAY[${[
      '城关',
      '东城',
      '西城',
      '柳泉',
      '石桥',
      '河湾',
      '青山',
      '白杨',
      '新庄',
      '马营',
      '龙王',
      '红柳',
      '三岔',
      '双井',
      '高家',
      '黄花',
      '大坪',
      '古城',
    ]
      .map((n, i) => `'${n}${i < SUBDISTRICTS ? '街道' : '镇'}'`)
      .join(', ')}]`,
  );
  await sql`
    INSERT INTO jurisdictions (code, parent_code, level, kind, name, centroid_lng, centroid_lat)
    VALUES (${COUNTY}, NULL, 'county', 'county', ${COUNTY_NAME}, 104.6, 35.6)`.execute(db);
  // Towns: 001–003 subdistricts, 101… towns (the statistical convention), on a 6 × 3 layout.
  await sql`
    INSERT INTO jurisdictions (code, parent_code, level, kind, name, centroid_lng, centroid_lat)
    SELECT ${COUNTY.slice(0, 6)} || lpad((CASE WHEN t <= ${SUBDISTRICTS} THEN t ELSE 100 + t - ${SUBDISTRICTS} END)::text, 3, '0') || '000',
           ${COUNTY}, 'town', CASE WHEN t <= ${SUBDISTRICTS} THEN 'subdistrict' ELSE 'town' END, (${townNames})[t],
           104.2 + ((t - 1) % 6) * 0.15, 35.4 + ((t - 1) / 6) * 0.15
    FROM generate_series(1, ${VILLAGES_PER_TOWN.length}) t`.execute(db);
  // Villages: communities 001… under a subdistrict, villages 201… under a town.
  await sql`
    INSERT INTO jurisdictions (code, parent_code, level, kind, name, centroid_lng, centroid_lat, households)
    SELECT substr(j.code, 1, 9) || lpad((CASE WHEN j.kind = 'subdistrict' THEN v ELSE 200 + v END)::text, 3, '0'),
           j.code, 'village', CASE WHEN j.kind = 'subdistrict' THEN 'community' ELSE 'village' END,
           (ARRAY['东', '西', '南', '北', '前', '后', '上', '下', '新', '大', '小', '中'])[1 + (v * 7 + t) % 12]
             || (ARRAY['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '胡', '郭', '何'])[1 + (v * 5 + t * 3) % 16]
             || CASE WHEN j.kind = 'subdistrict' THEN '社区' ELSE (ARRAY['村', '庄', '家村', '堡村'])[1 + (v + t) % 4] END,
           j.centroid_lng + ((v - 1) % 5 - 2) * 0.025, j.centroid_lat + ((v - 1) / 5 - 2) * 0.02,
           300 + (hashint8extended(v * 100 + t, 7) & 2047)::integer
    FROM (SELECT row_number() OVER (ORDER BY code) AS t, code, kind, centroid_lng, centroid_lat FROM jurisdictions WHERE level = 'town') j
    CROSS JOIN LATERAL generate_series(1, (${towns})[j.t::integer]) v`.execute(db);
  await sql`
    INSERT INTO departments (code, name, jurisdiction_code)
    VALUES ('justice', '县司法局', ${COUNTY}), ('petitions', '县信访局', ${COUNTY}), ('housing', '县住建局', ${COUNTY}),
           ('emergency', '县应急管理局', ${COUNTY}), ('market_regulation', '县市场监管局', ${COUNTY}), ('civil_affairs', '县民政局', ${COUNTY})`.execute(
    db,
  );
  const n = Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM jurisdictions WHERE level = 'village'`.execute(db)).rows[0].n,
  );
  if (n !== VILLAGES) throw new Error(`made ${n} villages, expected ${VILLAGES}`);
}

// ---------------------------------------------------------------------------------------------
// The events, set-wise
// ---------------------------------------------------------------------------------------------

/**
 * The demo's words per aspect (titles and descriptions at a few places), numbered within each
 * event type: the generator picks a type, then a text of that type.
 */
function eventTexts(): { eventType: string; k: number; categoryCode: string; title: string; description: string }[] {
  const places = ['村委会旁', '文化广场', '农贸市场', '小学门口'];
  const fill = fillDemoText;
  const perType = new Map<string, number>();
  const out: { eventType: string; k: number; categoryCode: string; title: string; description: string }[] = [];
  for (const category of DEFAULT_TAXONOMY) {
    const text = ASPECT_TEXT[category.code];
    if (!category.parent || !text) continue;
    let j = 0;
    for (const title of text.titles) {
      for (const place of places) {
        const k = perType.get(category.type) ?? 0;
        perType.set(category.type, k + 1);
        out.push({
          eventType: category.type,
          k,
          categoryCode: category.code,
          title: fill(title, place).slice(0, 100),
          description: fill(text.details[j % text.details.length], place),
        });
        j++;
      }
    }
  }
  for (const type of ['hazard', 'dispute', 'petition', 'appeal', 'uncivil'])
    if (!perType.get(type)) throw new Error(`no demo text for ${type}`);
  return out;
}

async function createHelpers(db: Kysely<Schema>): Promise<Map<string, number>> {
  // Villages by busyness rank (a hash order, so busy villages are spread over the towns), with a
  // "quality" in [0, 1) that moves their completion, resolution and lateness.
  await sql`
    CREATE TABLE bench_villages AS
    SELECT (row_number() OVER (ORDER BY md5(v.code)) - 1)::integer AS rank, v.code, t.code AS town_code, v.centroid_lng AS lng, v.centroid_lat AS lat,
           t.name || v.name AS address, (hashint8extended(v.code::bigint, 42) & 1048575)::float8 / 1048576 AS quality
    FROM jurisdictions v JOIN jurisdictions t ON t.code = v.parent_code WHERE v.level = 'village'`.execute(db);
  await sql`ALTER TABLE bench_villages ADD PRIMARY KEY (rank)`.execute(db);
  const texts = eventTexts();
  await sql`CREATE TABLE bench_texts (event_type text, k integer, category_code text, title text, description text, PRIMARY KEY (event_type, k))`.execute(
    db,
  );
  for (let i = 0; i < texts.length; i += 500) {
    const rows = texts
      .slice(i, i + 500)
      .map((t) => sql`(${t.eventType}, ${t.k}, ${t.categoryCode}, ${t.title}, ${t.description})`);
    await sql`INSERT INTO bench_texts (event_type, k, category_code, title, description) VALUES ${sql.join(rows)}`.execute(
      db,
    );
  }
  // Every text's category must be an aspect of its type in the reference data.
  const bad = await sql<{ n: number }>`
    SELECT count(*) AS n FROM bench_texts t LEFT JOIN event_categories c ON c.code = t.category_code AND c.event_type = t.event_type WHERE c.code IS NULL`.execute(
    db,
  );
  if (Number(bad.rows[0].n) > 0) throw new Error(`${bad.rows[0].n} texts with an unknown category`);
  await sql`ANALYZE bench_villages`.execute(db);
  await sql`ANALYZE bench_texts`.execute(db);
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t.eventType, (counts.get(t.eventType) ?? 0) + 1);
  return counts;
}

/** A uniform draw in [0, 1) from 20 bits of a 64-bit hash. */
const u = (h: string, slot: 0 | 1 | 2) => `((${h} >> ${slot * 20}) & 1048575)::float8 / 1048576`;

/**
 * Events a…b of n. The report time rises with the id (a table filled over time), spread over the
 * calendar's days with a day-time peak; the village is drawn with a skew (rank r gets a share
 * ∝ r^-0.44); type, channel, risk and tier from fixed mixes; the state from the event's age and
 * its village's quality: recent events are often open, older ones nearly all finished.
 */
function insertEventsSql(a: number, b: number, n: number, cal: Calendar, textCounts: Map<string, number>) {
  const channelLead = sql.raw(
    `CASE c.channel ${CHANNELS.map((ch) => `WHEN '${ch}' THEN '${CHANNEL_LEAD[ch] ?? ''}'`).join(' ')} ELSE '' END`,
  );
  const textCount = sql.raw(
    `CASE c.event_type ${[...textCounts].map(([t, k]) => `WHEN '${t}' THEN ${k}`).join(' ')} END`,
  );
  const U = (h: number, slot: 0 | 1 | 2) => sql.raw(u(`hh.h${h}`, slot));
  return sql`
    INSERT INTO events (id, serial_no, channel, event_type, category_code, risk_level, high_risk, title, description, lng, lat, address,
      reporter_name, reporter_phone, status, status_kind, jurisdiction_code, county_code, town_code, village_code, grid_code, dispatch_reason,
      merged_into_id, tracking_token, reported_at, created_at, updated_at, accepted_at, resolved_at, closed_at, version, tier, light,
      resolved_tier, suspended_at, supervised_at, urge_count, escalation_count, extension_count, return_count, rework_count,
      sign_late, overdue, followed_up, satisfaction, supervisor_code)
    OVERRIDING SYSTEM VALUE
    SELECT i, 'YW' || to_char(${cal.startDate}::date + z.d, 'YYYYMMDD') || lpad(i::text, 8, '0'),
      c.channel, c.event_type, tx.category_code, c.risk, c.risk = 'red' AND ${U(5, 0)} < 0.5, tx.title, ${channelLead} || tx.description,
      v.lng + (${U(5, 1)} - 0.5) * 0.02, v.lat + (${U(5, 2)} - 0.5) * 0.016, v.address,
      CASE WHEN c.channel IN ('citizen', 'hotline_12345') THEN (ARRAY['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士'])[1 + floor(${U(5, 1)} * 6)::int]
           WHEN c.channel = 'grid_patrol' THEN '网格员' WHEN c.channel IN ('police_110', 'police_push') THEN '县公安局指挥中心'
           WHEN c.channel = 'court_push' THEN '县人民法院' WHEN c.channel = 'online_opinion' THEN '县委网信办舆情监测' ELSE '县综治中心' END,
      CASE WHEN c.channel IN ('citizen', 'hotline_12345') THEN '13' || lpad(floor(${U(5, 2)} * 1e9)::bigint::text, 9, '0') END,
      s.status, s.status_kind, v.code, ${COUNTY}, v.town_code, v.code, NULL, 'named_jurisdiction',
      CASE WHEN s.status = 'merged' THEN i - 1 - floor(${U(6, 0)} * 200)::int END,
      md5('yiwang-analytics-' || i), to_timestamp(z.t), to_timestamp(z.t),
      to_timestamp(COALESCE(x.closed_s, x.resolved_s, x.accepted_s, z.t) + 60),
      to_timestamp(x.accepted_s), to_timestamp(x.resolved_s), to_timestamp(x.closed_s),
      CASE WHEN s.status_kind = 'open' THEN 2 WHEN s.status IN ('merged', 'cancelled') THEN 3 ELSE 5 END,
      c.tier, x.light, CASE WHEN x.completed THEN c.tier END,
      CASE WHEN s.status_kind = 'open' AND ${U(6, 1)} < 0.01 THEN to_timestamp(z.t + 86400) END,
      CASE WHEN x.valid AND ${U(6, 2)} < 0.015 + 0.02 * (1 - v.quality) THEN to_timestamp(z.t + 2 * 86400) END,
      CASE WHEN x.valid AND ${U(4, 2)} < 0.04 THEN 1 + (${U(4, 2)} < 0.01)::int ELSE 0 END,
      CASE WHEN x.valid AND c.tier IN ('town', 'department', 'county') AND ${U(4, 1)} < 0.3 THEN 1 ELSE 0 END,
      CASE WHEN x.valid AND ${U(6, 1)} > 0.98 THEN 1 ELSE 0 END,
      CASE WHEN s.status = 'returned' OR (x.valid AND ${U(6, 2)} > 0.975) THEN 1 ELSE 0 END,
      CASE WHEN x.completed AND ${U(4, 2)} > 0.98 THEN 1 ELSE 0 END,
      x.sign_late, x.overdue, x.followed_up, x.satisfaction,
      CASE WHEN c.tier IN ('county', 'department') THEN ${COUNTY} ELSE v.town_code END
    FROM generate_series(${a}::integer, ${b}::integer) i
    -- OFFSET 0 keeps each layer a computed row: flattened, every reference would re-evaluate its whole expression
    CROSS JOIN LATERAL (SELECT hashint8extended(i, 1) AS h1, hashint8extended(i, 2) AS h2, hashint8extended(i, 3) AS h3,
                               hashint8extended(i, 4) AS h4, hashint8extended(i, 5) AS h5, hashint8extended(i, 6) AS h6 OFFSET 0) hh
    CROSS JOIN LATERAL (SELECT ((i - 1) + ${U(1, 0)}) * ${cal.days}::float8 / ${n}::float8 AS p OFFSET 0) pp
    CROSS JOIN LATERAL (SELECT floor(pp.p)::integer AS d, pp.p - floor(pp.p) AS f OFFSET 0) z0
    -- whole seconds; the time of day warped so that noon is four times as busy as midnight
    CROSS JOIN LATERAL (SELECT z0.d, floor(${cal.startS}::float8 + z0.d * 86400 + 86400 * (z0.f + 0.6 * sin(2 * pi() * z0.f) / (2 * pi()))) AS t OFFSET 0) z
    JOIN bench_villages v ON v.rank = floor(${sql.raw(String(VILLAGES))} * power(${U(1, 1)}, 1.8))::integer
    CROSS JOIN LATERAL (SELECT
        CASE WHEN ${U(1, 2)} < 0.35 THEN 'appeal' WHEN ${U(1, 2)} < 0.60 THEN 'dispute' WHEN ${U(1, 2)} < 0.80 THEN 'hazard'
             WHEN ${U(1, 2)} < 0.95 THEN 'uncivil' ELSE 'petition' END AS event_type,
        CASE WHEN ${U(2, 1)} < 0.45 THEN 'grid_patrol' WHEN ${U(2, 1)} < 0.63 THEN 'citizen' WHEN ${U(2, 1)} < 0.78 THEN 'hotline_12345'
             WHEN ${U(2, 1)} < 0.86 THEN 'cadre_survey' WHEN ${U(2, 1)} < 0.91 THEN 'police_110' WHEN ${U(2, 1)} < 0.95 THEN 'police_push'
             WHEN ${U(2, 1)} < 0.98 THEN 'online_opinion' ELSE 'court_push' END AS channel,
        CASE WHEN ${U(2, 2)} < 0.05 THEN 'red' WHEN ${U(2, 2)} < 0.25 THEN 'yellow' ELSE 'blue' END AS risk,
        CASE WHEN ${U(3, 0)} < 0.58 THEN 'grid' WHEN ${U(3, 0)} < 0.85 THEN 'village' WHEN ${U(3, 0)} < 0.95 THEN 'town'
             WHEN ${U(3, 0)} < 0.99 THEN 'department' ELSE 'county' END AS tier,
        (${cal.endS}::float8 - z.t) / 86400 AS age OFFSET 0) c
    JOIN bench_texts tx ON tx.event_type = c.event_type AND tx.k = floor(${U(2, 0)} * ${textCount})::integer
    CROSS JOIN LATERAL (
      SELECT st.status, CASE WHEN st.status IN ('reported', 'dispatched', 'returned', 'accepted', 'handling') THEN 'open'
                             WHEN st.status IN ('resolved', 'verified') THEN 'resolved' ELSE 'closed' END AS status_kind
      FROM (SELECT
        CASE WHEN ${U(3, 1)} < CASE WHEN c.age < 7 THEN 0.55 WHEN c.age < 30 THEN 0.3 - 0.15 * v.quality WHEN c.age < 60 THEN 0.06 ELSE 0.012 END
               THEN CASE WHEN ${U(3, 2)} < 0.02 THEN 'reported' WHEN ${U(3, 2)} < 0.30 THEN 'dispatched' WHEN ${U(3, 2)} < 0.33 THEN 'returned'
                         WHEN ${U(3, 2)} < 0.55 THEN 'accepted' ELSE 'handling' END
             WHEN ${U(3, 2)} < 0.02 AND i > 1000 THEN 'merged'
             WHEN ${U(3, 2)} < 0.05 THEN 'cancelled'
             WHEN ${U(4, 0)} < CASE WHEN c.age < 14 THEN 0.35 ELSE 0.70 + 0.28 * v.quality END THEN 'closed'
             WHEN ${U(4, 0)} < CASE WHEN c.age < 14 THEN 0.70 ELSE 0.85 + 0.14 * v.quality END THEN 'verified'
             ELSE 'resolved' END AS status OFFSET 0) st
      OFFSET 0
    ) s
    CROSS JOIN LATERAL (
      SELECT y.*,
        CASE WHEN s.status = 'closed' THEN y.resolved_s + least(86400 * (1 + 2 * ${U(4, 1)}), greatest(${cal.endS}::float8 - y.resolved_s - 30, 30))
             WHEN s.status IN ('merged', 'cancelled') THEN z.t + 3600 * (1 + 20 * ${U(4, 1)}) END AS closed_s,
        CASE WHEN s.status_kind = 'open' AND y.overdue THEN 'red' WHEN s.status_kind = 'open' AND ${U(5, 0)} < 0.12 THEN 'yellow' ELSE 'green' END AS light,
        y.completed AND s.status = 'closed' AND ${U(6, 0)} < 0.8 AS followed_up,
        CASE WHEN s.status = 'closed' AND ${U(6, 0)} < 0.8 * 0.92 THEN
          CASE WHEN ${U(6, 2)} < 0.78 + 0.15 * v.quality THEN 'satisfied' WHEN ${U(6, 2)} < 0.93 + 0.05 * v.quality THEN 'basically_satisfied' ELSE 'dissatisfied' END
        END AS satisfaction
      FROM (SELECT
        s.status NOT IN ('merged', 'cancelled') AS valid,
        s.status IN ('resolved', 'verified', 'closed') AS completed,
        CASE WHEN s.status IN ('accepted', 'handling', 'resolved', 'verified', 'closed') THEN z.t + 300 + ${U(4, 1)} * 6 * 3600 * (1.5 - v.quality) END AS accepted_s,
        CASE WHEN s.status IN ('resolved', 'verified', 'closed')
             THEN z.t + least(86400 * (0.1 + ${U(4, 2)} * 10 * (1.6 - v.quality)), greatest(${cal.endS}::float8 - z.t - 60, 60)) END AS resolved_s,
        s.status NOT IN ('reported', 'merged', 'cancelled') AND ${U(5, 1)} < 0.03 + 0.07 * (1 - v.quality) AS sign_late,
        CASE WHEN s.status IN ('merged', 'cancelled') THEN false
             WHEN s.status_kind = 'open' THEN ${U(5, 2)} < CASE WHEN c.age > 30 THEN 0.6 WHEN c.age > 10 THEN 0.15 ELSE 0.03 END
             ELSE ${U(5, 2)} < 0.02 + 0.10 * (1 - v.quality) END AS overdue OFFSET 0) y
      OFFSET 0
    ) x`;
}

interface Generated {
  phases: [string, number][];
  totalMs: number;
}

/**
 * `size` events over the calendar. The rollup trigger is disabled and the events' secondary
 * indexes, unique and foreign-key constraints dropped for the load, then everything is put back
 * from its own definition (validating the constraints over the whole data) and checked against
 * the schema before; then VACUUM (ANALYZE). The rollups are left empty (the caller rebuilds them).
 */
async function generate(
  ctx: BenchContext,
  kind: DbKind,
  db: Kysely<Schema>,
  size: number,
  cal: Calendar,
): Promise<Generated> {
  const label = `${kind} ${sizeLabel(size)}`;
  const phases: [string, number][] = [];
  const started = performance.now();
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await work();
    phases.push([name, performance.now() - t0]);
    return out;
  };
  const chunk = kind === 'postgres' ? Math.min(CHUNK.postgres, Math.ceil(size / 2)) : CHUNK.pglite;
  const chunks: [number, number][] = [];
  for (let a = 1; a <= size; a += chunk) chunks.push([a, Math.min(size, a + chunk - 1)]);

  // The generator's per-row layers never repeat: caching them (Memoize) only costs.
  const settings = { ...BULK_SETTINGS[kind], enable_memoize: 'off' };
  const textCounts = await phase('helpers', () => createHelpers(db));
  const before = await schemaFingerprint(db, ['events']);
  await sql`ALTER TABLE events DISABLE TRIGGER events_kpi_rollup`.execute(db);
  const dropped = await phase('drop indexes', () => dropIndexesAndConstraints(db, ['events']));
  ctx.log(
    `${label}: making ${fmt(size)} events over ${cal.months} months (${cal.startDate} … ${cal.endDate}) in ${chunks.length} statements…`,
  );
  const t0 = performance.now();
  await runTasks(
    db,
    kind,
    chunks.map(([a, b]) => ({
      what: `events ${a}…${b}`,
      run: (conn: Kysely<Schema>) => insertEventsSql(a, b, size, cal, textCounts).execute(conn),
    })),
    {
      settings,
      onDone: (_, __, done) => {
        const rows = chunks.slice(0, done).reduce((n, [a, b]) => n + b - a + 1, 0);
        ctx.log(
          `${label}: events ${fmt(rows)} / ${fmt(size)} (${Math.round(rows / ((performance.now() - t0) / 1000) / 1000)}k/s)`,
        );
      },
    },
  );
  phases.push(['events', performance.now() - t0]);
  await phase('sequences', async () => {
    await sql`SELECT setval(pg_get_serial_sequence('events', 'id'), ${size}::bigint + 1, false)`.execute(db);
    await sql`SELECT setval('event_serial_seq', ${size}::bigint)`.execute(db);
  });
  await phase('indexes + constraints', () => restoreIndexesAndConstraints(ctx, label, db, kind, dropped, settings));
  await sql`ALTER TABLE events ENABLE TRIGGER events_kpi_rollup`.execute(db);
  assertSameSchema(label, before, await schemaFingerprint(db, ['events']));
  await phase('vacuum analyze', () => sql`VACUUM (ANALYZE) events`.execute(db));
  const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM events`.execute(db)).rows[0].n);
  if (n !== size) throw new Error(`${label}: generated ${n} events, expected ${size}`);
  const totalMs = performance.now() - started;
  phases.push(['total', totalMs]);
  return { phases, totalMs };
}
