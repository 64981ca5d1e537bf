/**
 * Benchmark `exports`: event-list exports (事件清单导出) as the background worker runs them —
 * `runNextExport` reading by keyset pages of 2,000 and streaming to disk — on PostgreSQL (a fresh
 * schema, dropped afterwards; 1M events by default) and on the embedded database (PGlite in a
 * temporary folder, deleted afterwards; 100k).
 *
 * The data: the real migrations and reference data, the demo county's organisation (scale 1,
 * without events), then events made set-wise (INSERT … SELECT … FROM generate_series, with a
 * deterministic hash per row, the same on every run) — placed in real grids, the demo's titles and
 * descriptions, a quarter open, phones on the citizens' reports, reported_at rising with the id
 * (so a `to` filter picks exactly the first n events).
 *
 * Figures, as the county operator (every event), each next to a baseline of the same run:
 *   - CSV of every event, and XLSX of the first EXPORTS_BENCH_XLSX_ROWS: rows/s of the export vs
 *     rows/s of the same keyset-paginated SELECT of the same rows and columns (EventRepository.
 *     exportPage), read and dropped — run before and after the export, the mean counts;
 *   - memory: the peak growth of the V8 heap and of the RSS during the export (sampled every
 *     50 ms from a collected heap) vs the size of the file written — the point being that memory
 *     stays a small constant while the file grows with the rows (the peak includes garbage not
 *     yet collected: V8 collects lazily);
 *   - flatness: the live heap after a full GC (every 50,000 rows, from the export's own progress
 *     callback) at the last look vs the first — a leak of rows would make the ratio grow with n.
 *
 * EXPORTS_BENCH_ROWS (default 1,000,000), EXPORTS_BENCH_XLSX_ROWS (default 200,000, at most the
 * former), EXPORTS_BENCH_PGLITE_ROWS (default 100,000; 0 skips), BENCH_DATABASE_URL. Two to five
 * minutes on a shared 2-core machine.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../server/db/schema.js';
import type { Database } from '../server/db/database.js';
import { EventRepository } from '../server/events/event.repository.js';
import { filtersFrom } from '../server/events/event.routes.js';
import { ExportRepository } from '../server/exports/export.repository.js';
import { EXPORT_PAGE_SIZE, exportFilePath, runNextExport } from '../server/exports/export.service.js';
import { eventScopeOf, type CurrentUser } from '../core/access/current-user.js';
import type { Role } from '../core/access/roles.js';
import type { JurisdictionLevel } from '../core/organisation/division-code.js';
import { defineBenchmark, gc, type BenchContext, type DbKind } from './harness.js';
import {
  createBenchGrids,
  createBenchU,
  demoEventTexts,
  insertBenchTexts,
  loadDemoOrganisation,
  postgresReachable,
  removeTemporaryFolder,
  runTasks,
  sizeLabel,
  temporaryFolder,
  withPglite,
  withPostgresSchema,
} from './bench-database.js';

const ROWS = count('EXPORTS_BENCH_ROWS', 1_000_000, 1000);
const XLSX_ROWS = Math.min(ROWS, count('EXPORTS_BENCH_XLSX_ROWS', 200_000, 1000));
const PGLITE_ROWS = count('EXPORTS_BENCH_PGLITE_ROWS', 100_000, 0);
/** Events per generating statement. */
const CHUNK = { postgres: 250_000, pglite: 100_000 } as const;
const SAMPLE_MS = 50;
/** A full collection and a look at the live heap every this many rows (a few dozen ms each). */
const LIVE_EVERY = 50_000;
const MB = 1e6;

function count(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || (n < min && n !== 0) || (n === 0 && min > 0))
    throw new Error(`${name}: expected a whole number of at least ${min}, got ${raw}`);
  return n;
}

export default defineBenchmark({
  name: 'exports',
  description:
    'CSV/XLSX export jobs (rows/s, heap and RSS growth) vs a keyset SELECT of the same rows and the file size, on PostgreSQL and PGlite',
  timeoutMs: 25 * 60_000,
  async run(ctx) {
    if (await postgresReachable(ctx, ['server_version', 'shared_buffers', 'work_mem'], 'its half is skipped')) {
      await withPostgresSchema(
        ctx,
        { name: 'exports', poolSize: 4, label: `postgres ${sizeLabel(ROWS)}` },
        (database) => benchDatabase(ctx, 'postgres', database, ROWS, XLSX_ROWS),
      );
    }
    if (PGLITE_ROWS > 0)
      await withPglite('exports', (database) => benchDatabase(ctx, 'pglite', database, PGLITE_ROWS, 0));
  },
});

// ---------------------------------------------------------------------------------------------
// One database
// ---------------------------------------------------------------------------------------------

async function benchDatabase(
  ctx: BenchContext,
  kind: DbKind,
  database: Database,
  rows: number,
  xlsxRows: number,
): Promise<void> {
  const { db } = database;
  ctx.usedDatabase(kind);
  const label = `${kind} ${sizeLabel(rows)}`;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);

  await loadDemoOrganisation(ctx, label, db, now);
  const t0 = performance.now();
  const spacing = await generate(ctx, kind, db, rows, now);
  ctx.info(`${label}: ${rows.toLocaleString('en-US')} events generated`, (performance.now() - t0) / 1000, 's');

  const user = await countyOperator(db);
  const exportsDir = temporaryFolder('yiwang-bench-exports-');
  try {
    await measure(ctx, kind, db, user, exportsDir, now, { format: 'csv', rows, filters: {} });
    if (xlsxRows > 0) {
      // reported_at rises by `spacing` seconds per id from the first event: the first n events are
      // those reported before the (n + ½)-th instant.
      const first = await db.selectFrom('events').select('reported_at').where('id', '=', 1).executeTakeFirstOrThrow();
      const to = new Date(first.reported_at.getTime() + (xlsxRows - 0.5) * spacing * 1000).toISOString();
      await measure(ctx, kind, db, user, exportsDir, now, { format: 'xlsx', rows: xlsxRows, filters: { to } });
    }
  } finally {
    removeTemporaryFolder(exportsDir);
  }
}

async function countyOperator(db: Kysely<Schema>): Promise<CurrentUser> {
  const p = await db
    .selectFrom('people as p')
    .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
    .select([
      'p.id',
      'p.name',
      'p.role',
      'p.jurisdiction_code',
      'p.department_id',
      'j.level',
      'j.name as jurisdiction_name',
    ])
    .where('p.role', '=', 'county_operator')
    .where('j.level', '=', 'county')
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  return {
    id: p.id,
    name: p.name,
    role: p.role as Role,
    jurisdictionCode: p.jurisdiction_code,
    jurisdictionLevel: p.level as JurisdictionLevel,
    jurisdictionName: p.jurisdiction_name,
    departmentId: p.department_id,
  };
}

interface Run {
  format: 'csv' | 'xlsx';
  rows: number;
  filters: Record<string, unknown>;
}

/** The baseline: every page of the same keyset SELECT, read and dropped. */
async function keysetSelect(
  db: Kysely<Schema>,
  user: CurrentUser,
  filters: Record<string, unknown>,
): Promise<{ rows: number; ms: number }> {
  const events = new EventRepository(db);
  const scope = eventScopeOf(user);
  const f = filtersFrom(user, filters);
  const t0 = performance.now();
  let rows = 0;
  let afterId = 0;
  for (;;) {
    const page = await events.exportPage(scope, user.id, f, afterId, EXPORT_PAGE_SIZE);
    rows += page.length;
    if (page.length) afterId = page[page.length - 1].id;
    if (page.length < EXPORT_PAGE_SIZE) break;
  }
  return { rows, ms: performance.now() - t0 };
}

interface Sample {
  rows: number;
  heap: number;
  rss: number;
  external: number;
}

async function measure(
  ctx: BenchContext,
  kind: DbKind,
  db: Kysely<Schema>,
  user: CurrentUser,
  exportsDir: string,
  now: Date,
  run: Run,
): Promise<void> {
  const tag = `${kind}_${sizeLabel(run.rows)}`;
  const label = `${kind} ${run.format} ${sizeLabel(run.rows)}`;

  ctx.log(`${label}: baseline keyset SELECT…`);
  const before = await keysetSelect(db, user, run.filters);
  if (before.rows !== run.rows)
    throw new Error(`${label}: the keyset SELECT read ${before.rows} rows, expected ${run.rows}`);

  const job = await new ExportRepository(db).create(
    { requestedBy: user.id, jurisdictionCode: user.jurisdictionCode, format: run.format, filters: run.filters, now },
    3,
  );
  if (!job) throw new Error(`${label}: could not queue the export`);
  gc?.();
  gc?.();
  const start = process.memoryUsage();
  let written = 0;
  const samples: Sample[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({
      rows: written,
      heap: m.heapUsed - start.heapUsed,
      rss: m.rss - start.rss,
      external: m.external + m.arrayBuffers - start.external - start.arrayBuffers,
    });
  };
  const live: { rows: number; mb: number }[] = [];
  let nextLive = LIVE_EVERY;
  const timer = setInterval(sample, SAMPLE_MS);
  ctx.log(`${label}: export…`);
  const t0 = performance.now();
  let outcome;
  try {
    outcome = await runNextExport({
      db,
      now: () => new Date(),
      exportsDir,
      afterPage: (_, n) => {
        written = n;
        // Every LIVE_EVERY rows, the heap after a full collection: what the export really holds.
        if (gc && n >= nextLive) {
          gc();
          live.push({ rows: n, mb: (process.memoryUsage().heapUsed - start.heapUsed) / MB });
          nextLive += LIVE_EVERY;
        }
      },
    });
  } finally {
    clearInterval(timer);
  }
  const exportMs = performance.now() - t0;
  sample();
  if (!outcome || outcome.status !== 'done' || outcome.jobId !== job.id || outcome.rows !== run.rows)
    throw new Error(`${label}: the export ended ${JSON.stringify(outcome)}`);

  ctx.log(`${label}: baseline keyset SELECT again…`);
  const after = await keysetSelect(db, user, run.filters);
  const selectMs = (before.ms + after.ms) / 2;

  const file = exportFilePath(exportsDir, outcome.fileName);
  const fileMb = outcome.fileBytes / MB;
  const check = run.format === 'csv' ? await csvRecords(file) : await xlsxRows(file);
  if (check !== run.rows) throw new Error(`${label}: the file holds ${check} rows, expected ${run.rows}`);
  fs.rmSync(file);

  const peak = (key: keyof Sample, from = 0, to = Infinity) =>
    Math.max(0, ...samples.filter((s) => s.rows >= from && s.rows <= to).map((s) => s[key])) / MB;
  const quarters = [0, 1, 2, 3].map((q) => peak('heap', (q * run.rows) / 4, ((q + 1) * run.rows) / 4));
  ctx.info(
    `${label}: export`,
    `${(exportMs / 1000).toFixed(1)} s, ${Math.round(run.rows / (exportMs / 1000))} rows/s; keyset SELECT ${(before.ms / 1000).toFixed(1)} s and ${(after.ms / 1000).toFixed(1)} s`,
  );
  ctx.info(
    `${label}: file`,
    fileMb,
    `MB (${(outcome.fileBytes / run.rows).toFixed(0)} bytes/row), checked: ${check} rows`,
  );
  ctx.info(
    `${label}: memory growth, peak`,
    `heap ${peak('heap').toFixed(1)} MB, RSS ${peak('rss').toFixed(1)} MB, external+arrayBuffers ${peak('external').toFixed(1)} MB over ${samples.length} samples`,
  );
  ctx.info(`${label}: heap growth peak per quarter of the rows`, quarters.map((mb) => mb.toFixed(1)).join(', '), 'MB');
  if (live.length)
    ctx.info(
      `${label}: live heap growth after a full GC, every ${LIVE_EVERY.toLocaleString('en-US')} rows`,
      live.map((l) => l.mb.toFixed(1)).join(', '),
      'MB',
    );

  const f = run.format;
  ctx.record(`${f}_export_rows_per_s_${tag}`, run.rows / (exportMs / 1000), 'rows/s', {
    name: `keyset_select_rows_per_s_${tag}_${f}`,
    value: run.rows / (selectMs / 1000),
  });
  ctx.record(`${f}_export_heap_growth_mb_${tag}`, peak('heap'), 'MB', { name: `${f}_file_mb_${tag}`, value: fileMb });
  ctx.record(`${f}_export_rss_growth_mb_${tag}`, peak('rss'), 'MB', { name: `${f}_file_mb_${tag}`, value: fileMb });
  // Flat: the live heap (after a full GC) at the last look against the first — rows grew, it should not.
  if (live.length >= 2) {
    const first = live[0];
    const last = live[live.length - 1];
    ctx.record(`${f}_export_live_heap_mb_at_${sizeLabel(last.rows)}_${tag}`, Math.max(0.01, last.mb), 'MB', {
      name: `${f}_export_live_heap_mb_at_${sizeLabel(first.rows)}_${tag}`,
      value: Math.max(0.01, first.mb),
    });
  }
}

/** Data rows of a CSV export: CRLFs less the header's (the generated text has no line breaks). */
async function csvRecords(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  }
  return lines - 1;
}

/** Data rows of an XLSX export, read back with exceljs's streaming reader. */
async function xlsxRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const _row of sheet) rows++;
  }
  return rows - 1;
}

// ---------------------------------------------------------------------------------------------
// Generating the events, set-wise
// ---------------------------------------------------------------------------------------------

/**
 * `size` events in chunks (two connections on PostgreSQL), the events' user triggers (the
 * analytics rollups) off during the load. Returns the seconds between consecutive reports.
 */
async function generate(ctx: BenchContext, kind: DbKind, db: Kysely<Schema>, size: number, now: Date): Promise<number> {
  await createBenchU(db);
  const grids = await createBenchGrids(db);
  // Some titles with a comma, to be quoted.
  const texts = demoEventTexts((title, k) => title.slice(0, 90) + (k % 5 === 0 ? '，涉及多户, 需协调' : ''));
  await insertBenchTexts(db, texts);

  // Three years of reports up to a day before now, one every `spacing` whole seconds.
  const spacing = Math.max(1, Math.floor((3 * 365 * 86400) / size));
  const startS = Math.floor(now.getTime() / 1000) - 86400 - spacing * size;
  await sql`ALTER TABLE events DISABLE TRIGGER USER`.execute(db);
  const chunks: [number, number][] = [];
  for (let a = 1; a <= size; a += CHUNK[kind]) chunks.push([a, Math.min(size, a + CHUNK[kind] - 1)]);
  let done = 0;
  const t0 = performance.now();
  await runTasks(
    db,
    kind,
    chunks.map(([a, b]) => ({
      what: `events ${a}…${b}`,
      rows: b - a + 1,
      run: (conn: Kysely<Schema>) => insertEvents(conn, a, b, startS, spacing, grids, texts.length),
    })),
    {
      settings: kind === 'postgres' ? { synchronous_commit: 'off' } : {},
      onDone: (task) => {
        done += task.rows;
        ctx.log(
          `${kind}: events ${done.toLocaleString('en-US')} / ${size.toLocaleString('en-US')} (${Math.round(done / ((performance.now() - t0) / 1000) / 1000)}k/s)`,
        );
      },
    },
  );
  await sql`ALTER TABLE events ENABLE TRIGGER USER`.execute(db);
  await sql`SELECT setval(pg_get_serial_sequence('events', 'id'), ${size}::bigint + 1, false)`.execute(db);
  await sql`SELECT setval('event_serial_seq', ${size}::bigint)`.execute(db);
  await sql`VACUUM (ANALYZE) events`.execute(db);
  const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM events`.execute(db)).rows[0].n);
  if (n !== size) throw new Error(`generated ${n} events, expected ${size}`);
  return spacing;
}

/**
 * Events a…b: open (25 %: dispatched, accepted, handling, some yellow or red) or closed (with
 * signing, resolving and closing times, a satisfaction on most), placed in a grid, the demo's
 * words; a phone on citizens' and hotline reports.
 */
async function insertEvents(
  db: Kysely<Schema>,
  a: number,
  b: number,
  startS: number,
  spacing: number,
  grids: number,
  texts: number,
): Promise<void> {
  await sql`
    INSERT INTO events (id, serial_no, channel, event_type, category_code, risk_level, high_risk, title, description, lng, lat, address,
      reporter_id, reporter_name, reporter_phone, status, status_kind, jurisdiction_code, county_code, town_code, village_code, grid_code,
      dispatch_reason, tracking_token, reported_at, created_at, updated_at, accepted_at, resolved_at, closed_at, version,
      tier, light, resolved_tier, overdue, satisfaction, supervisor_code)
    OVERRIDING SYSTEM VALUE
    SELECT i, 'YW' || to_char(to_timestamp(x.rep) AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(i::text, 8, '0'),
      t.channel, t.event_type, t.category_code, x.risk, x.risk = 'red' AND r.u3 < 0.5, t.title, t.description,
      g.lng + (r.u3 - 0.5) * 0.004, g.lat + (r.u4 - 0.5) * 0.004, g.address,
      CASE WHEN t.channel = 'grid_patrol' THEN g.worker_id END,
      CASE WHEN t.channel = 'grid_patrol' THEN g.worker_name ELSE (ARRAY['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士'])[1 + floor(r.u3 * 6)::int] END,
      CASE WHEN t.channel IN ('citizen', 'hotline_12345') THEN '13' || lpad(floor(r.u4 * 1e9)::bigint::text, 9, '0') END,
      x.status, x.kind, g.grid_code, g.county_code, g.town_code, g.village_code, g.grid_code,
      'in_grid', md5('yiwang-bench-exports-' || i), to_timestamp(x.rep), to_timestamp(x.rep), to_timestamp(x.rep + 3600),
      CASE WHEN x.status IN ('accepted', 'handling', 'closed') THEN to_timestamp(x.rep + 1800) END,
      CASE WHEN x.status = 'closed' THEN to_timestamp(x.rep + 3 * 86400) END,
      CASE WHEN x.status = 'closed' THEN to_timestamp(x.rep + 4 * 86400) END,
      CASE WHEN x.kind = 'open' THEN 2 ELSE 5 END, x.tier,
      CASE WHEN x.kind = 'open' AND r.u5 < 0.05 THEN 'red' WHEN x.kind = 'open' AND r.u5 < 0.15 THEN 'yellow' ELSE 'green' END,
      CASE WHEN x.status = 'closed' THEN x.tier END,
      r.u5 < 0.04,
      CASE WHEN x.status = 'closed' AND r.u6 < 0.6 THEN CASE WHEN r.u6 < 0.45 THEN 'satisfied' WHEN r.u6 < 0.57 THEN 'basically_satisfied' ELSE 'dissatisfied' END END,
      g.town_code
    FROM generate_series(${a}::integer, ${b}::integer) i
    CROSS JOIN LATERAL (
      SELECT bench_u(i, 1) AS u1, bench_u(i, 2) AS u2, bench_u(i, 3) AS u3, bench_u(i, 4) AS u4, bench_u(i, 5) AS u5,
             bench_u(i, 6) AS u6, bench_u(i, 7) AS u7, bench_u(i, 8) AS u8, bench_u(i, 9) AS u9, bench_u(i, 10) AS u10) r
    CROSS JOIN LATERAL (
      SELECT CASE WHEN r.u1 < 0.25 THEN CASE WHEN r.u2 < 0.35 THEN 'dispatched' WHEN r.u2 < 0.6 THEN 'accepted' ELSE 'handling' END ELSE 'closed' END AS status,
             CASE WHEN r.u1 < 0.25 THEN 'open' ELSE 'closed' END AS kind,
             (${startS}::bigint + i::bigint * ${spacing}::bigint)::float8 AS rep,
             CASE WHEN r.u9 < 0.08 THEN 'red' WHEN r.u9 < 0.30 THEN 'yellow' ELSE 'blue' END AS risk,
             CASE WHEN r.u10 < 0.72 THEN 'grid' WHEN r.u10 < 0.92 THEN 'village' ELSE 'town' END AS tier) x
    JOIN bench_grids g ON g.n = floor(r.u7 * ${grids})::integer
    JOIN bench_texts t ON t.n = floor(r.u8 * ${texts})::integer`.execute(db);
}
