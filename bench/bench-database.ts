/**
 * What the database benchmarks (analytics, deadlines, exports, intake) share:
 *
 *   runOnSizes                             — a benchmark at each PostgreSQL size, then at the PGlite one
 *   withPostgresSchema / withPglite        — a fresh database per kind (a PostgreSQL schema marked
 *                                            with its pid and host, or PGlite in a temporary folder),
 *                                            removed afterwards, on exit and on SIGINT/SIGTERM too;
 *                                            schemas left by killed runs are dropped on the next
 *   postgresReachable                      — whether the server answers (printing its settings)
 *   runTasks                               — tasks on N connections set up for bulk work
 *   dropIndexesAndConstraints / restore…   — a bulk load's index and constraint dance, and
 *   schemaFingerprint                        the check that it put back the migrations' schema
 *   explainRolledBack / explainQuery /     — query plans (EXPLAIN (ANALYZE, BUFFERS)) of the
 *   printPlans                               repository's own SQL, rolled back, and printing them
 *   loadDemoOrganisation                   — migrations, reference data, the demo county without events
 *   createBenchU / createBenchGrids /      — the demo county's grids and the demo's words as small
 *   demoEventTexts / insertBenchTexts        tables for set-based event generators
 *   parseSizes, sizeLabel, tableSizes, …   — small helpers
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql, type Kysely, type KyselyPlugin, type RawBuilder, type RootOperationNode } from 'kysely';
import type { Schema } from '../server/db/schema.js';
import { openDatabase, type Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { seedReferenceData } from '../server/db/reference-data.js';
import { loadDemoCounty } from '../cli/demo/load-demo.js';
import { DEFAULT_TAXONOMY } from '../core/events/default-taxonomy.js';
import { ASPECT_TEXT, CHANNEL_LEAD } from '../cli/demo/demo-event-text.js';
import type { BenchContext, DbKind } from './harness.js';
import { processAlive } from '../server/db/folder-lock.js';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------

/** Comma-separated event counts (underscores allowed), each at least `min` (or 0 where allowed). */
export function parseSizes(name: string, text: string, min: number, zeroAllowed = false): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || (n < min && !(zeroAllowed && n === 0)))) {
    throw new Error(`${name}: expected event counts of at least ${min}${zeroAllowed ? ' (or 0)' : ''}, got ${text}`);
  }
  return sizes;
}

/** 1m, 250k, 12345. */
export function sizeLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// Cleaning up even when the run is cut short
// ---------------------------------------------------------------------------------------------

/** Synchronous clean-ups still pending, run on exit (a timed-out run ends with process.exit) or on a signal. */
const pendingCleanups = new Map<string, () => void>();
let exitHooked = false;

function runPendingCleanups(): void {
  for (const [key, fn] of pendingCleanups) {
    try {
      fn();
    } catch {
      // best effort
    }
    pendingCleanups.delete(key);
  }
}

/** Registers a synchronous clean-up to run if the process ends before `unregisterCleanup(key)`. */
export function registerCleanup(key: string, fn: () => void): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', runPendingCleanups);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        runPendingCleanups();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }
  pendingCleanups.set(key, fn);
}

export function unregisterCleanup(key: string): void {
  pendingCleanups.delete(key);
}

/** A temporary folder, removed by `unregister…` or on exit. */
export function temporaryFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  registerCleanup(dir, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function removeTemporaryFolder(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  unregisterCleanup(dir);
}

// ---------------------------------------------------------------------------------------------
// Fresh databases
// ---------------------------------------------------------------------------------------------

/** Whether PostgreSQL answers at POSTGRES_URL; prints the named settings, or a note that its part is skipped. */
export async function postgresReachable(
  ctx: BenchContext,
  settings: readonly string[],
  skipped = 'its part is skipped',
): Promise<boolean> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    const rows = await admin.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name`,
      [settings],
    );
    ctx.info('PostgreSQL settings', rows.rows.map((r) => `${r.name}=${r.setting}`).join(', '));
    return true;
  } catch (error) {
    ctx.info('PostgreSQL', `not reachable at ${POSTGRES_URL} (${(error as Error).message}); ${skipped}`);
    return false;
  } finally {
    await admin.end().catch(() => {});
  }
}

/** Schemas `bench_<name>_*` left behind by a benchmark process of this host that was killed. */
async function dropLeftoverSchemas(ctx: BenchContext, admin: pg.Client, name: string): Promise<void> {
  const rows = await admin.query<{ name: string; note: string | null }>(
    `SELECT nspname AS name, obj_description(oid, 'pg_namespace') AS note FROM pg_namespace WHERE nspname LIKE $1`,
    [`bench\\_${name.replace(/_/g, '\\_')}\\_%`],
  );
  for (const { name: schema, note } of rows.rows) {
    const m = /pid (\d+) on (\S+)/.exec(note ?? '');
    if (!m || m[2] !== os.hostname() || processAlive(Number(m[1]))) continue;
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    ctx.log(`dropped schema ${schema} left behind by process ${m[1]}`);
  }
}

export interface PostgresSchemaOptions {
  /** The benchmark's name: the schema is `bench_<name>_<random>`, its sessions' application_name `yiwang_<schema>`. */
  name: string;
  poolSize: number;
  /** Who is speaking in the progress line when the schema is dropped, e.g. `postgres 1m`. */
  label: string;
}

/**
 * `work` on a fresh schema of POSTGRES_URL (the caller checks `postgresReachable` first), dropped
 * afterwards; if the process ends first (a timeout, a signal), its sessions are ended and the schema
 * dropped on the way out, and a later run drops the schemas of dead processes.
 */
export async function withPostgresSchema<T>(
  ctx: BenchContext,
  options: PostgresSchemaOptions,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const schema = `bench_${options.name}_${randomBytes(5).toString('hex')}`;
  const appName = `yiwang_${schema}`;
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}application_name=${appName}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  registerCleanup(schema, () => {
    spawnSync(
      'psql',
      [
        POSTGRES_URL,
        '-q',
        '-c',
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${appName}'`,
        '-c',
        `SET lock_timeout = '10s'`,
        '-c',
        `DROP SCHEMA IF EXISTS ${schema} CASCADE`,
      ],
      { timeout: 30_000, stdio: 'ignore' },
    );
  });
  try {
    await dropLeftoverSchemas(ctx, admin, options.name);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `COMMENT ON SCHEMA ${schema} IS 'yiwang ${options.name} benchmark, pid ${process.pid} on ${os.hostname()}'`,
    );
    const database = await openDatabase({ url, schema, poolSize: options.poolSize });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    const t0 = performance.now();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    unregisterCleanup(schema);
    ctx.log(`${options.label}: schema dropped (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

/** `work` on PGlite in a fresh temporary folder `yiwang-bench-<name>-db-*`, deleted afterwards (and on exit). */
export async function withPglite<T>(name: string, work: (database: Database, dir: string) => Promise<T>): Promise<T> {
  const dir = temporaryFolder(`yiwang-bench-${name}-db-`);
  try {
    const database = await openDatabase({ dataDir: dir });
    try {
      return await work(database, dir);
    } finally {
      await database.close();
    }
  } finally {
    removeTemporaryFolder(dir);
  }
}

export interface SizesOptions {
  /** Events per PostgreSQL run, each in a fresh schema. */
  sizes: readonly number[];
  /** Events on PGlite (in a fresh folder, whose size is printed afterwards); 0 skips it. */
  pgliteSize: number;
  /** PostgreSQL settings to print. */
  settings: readonly string[];
}

/** `bench` at each PostgreSQL size (skipped with a note when the server is not reachable), then on PGlite. */
export async function runOnSizes(
  ctx: BenchContext,
  name: string,
  options: SizesOptions,
  bench: (kind: DbKind, database: Database, size: number) => Promise<void>,
): Promise<void> {
  const { sizes, pgliteSize } = options;
  ctx.log(
    `sizes: PostgreSQL ${sizes.map(sizeLabel).join(', ')}; PGlite ${pgliteSize ? sizeLabel(pgliteSize) : 'skipped'}`,
  );
  const reachable = await postgresReachable(ctx, options.settings, 'its sizes are skipped');
  for (const size of reachable ? sizes : []) {
    await withPostgresSchema(ctx, { name, poolSize: 4, label: `postgres ${sizeLabel(size)}` }, (database) =>
      bench('postgres', database, size),
    );
  }
  if (pgliteSize > 0) {
    await withPglite(name, async (database, dir) => {
      await bench('pglite', database, pgliteSize);
      ctx.info(`pglite ${sizeLabel(pgliteSize)}: data folder`, Math.round(folderBytes(dir) / 1e6), 'MB');
    });
  }
}

/** The real migrations and reference data, then the demo county's organisation (scale 1, without events). */
export async function loadDemoOrganisation(
  ctx: BenchContext,
  label: string,
  db: Kysely<Schema>,
  now: Date,
): Promise<void> {
  const t0 = performance.now();
  await migrate(db);
  await seedReferenceData(db);
  const org = await loadDemoCounty(db, { scale: 1, events: false, now });
  ctx.info(
    `${label}: organisation (demo county, no events)`,
    performance.now() - t0,
    `ms (${org.grids} grids, ${org.people} people)`,
  );
}

export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Prints the named tables' sizes with their indexes (MB). */
export async function tableSizes(
  ctx: BenchContext,
  label: string,
  db: Kysely<Schema>,
  tables: readonly string[],
): Promise<void> {
  const rows = await sql<{ name: string; mb: number }>`
    SELECT c.relname AS name, round(pg_total_relation_size(c.oid) / 1e6) AS mb
    FROM pg_class c WHERE c.relname = ANY(${[...tables]}::text[]) AND c.relkind = 'r'
      AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
    ORDER BY 1`.execute(db);
  ctx.info(`${label}: table sizes with indexes`, rows.rows.map((r) => `${r.name} ${r.mb} MB`).join(', '));
}

// ---------------------------------------------------------------------------------------------
// Bulk work on several connections
// ---------------------------------------------------------------------------------------------

export interface Task {
  what: string;
  run(conn: Kysely<Schema>): Promise<unknown>;
}

/** Connections working at once: PostgreSQL gets both cores; PGlite has a single connection. */
export const WORKERS = { postgres: 2, pglite: 1 } as const;

/**
 * Session settings for bulk work: no waiting for the WAL flush at commit, more memory for sorts and
 * hashes (index builds; hash joins over millions of rows checking the foreign keys, with less
 * spilling to disk).
 */
export const BULK_SETTINGS: Record<DbKind, Readonly<Record<string, string>>> = {
  postgres: { synchronous_commit: 'off', maintenance_work_mem: '512MB', work_mem: '256MB' },
  pglite: { maintenance_work_mem: '256MB', work_mem: '128MB' },
};

export interface RunTasksOptions<T extends Task> {
  /** Called after each task, with its time and how many tasks are done. */
  onDone?: (task: T, ms: number, done: number) => void;
  /** Session settings of the workers, reset afterwards. Default BULK_SETTINGS[kind]. */
  settings?: Readonly<Record<string, string>>;
}

/**
 * Runs tasks on WORKERS[kind] connections of their own, each with `settings`; the first failure
 * stops the others after their current task and is thrown.
 */
export async function runTasks<T extends Task>(
  db: Kysely<Schema>,
  kind: DbKind,
  tasks: readonly T[],
  options: RunTasksOptions<T> = {},
): Promise<void> {
  const settings = Object.entries(options.settings ?? BULK_SETTINGS[kind]);
  let next = 0;
  let done = 0;
  let failed: unknown = null;
  const worker = () =>
    db.connection().execute(async (conn) => {
      for (const [name, value] of settings) await sql.raw(`SET ${name} = '${value}'`).execute(conn);
      try {
        while (failed === null && next < tasks.length) {
          const task = tasks[next++];
          const t0 = performance.now();
          try {
            await task.run(conn);
          } catch (error) {
            failed ??= error;
            return;
          }
          options.onDone?.(task, performance.now() - t0, ++done);
        }
      } finally {
        for (const [name] of settings)
          await sql
            .raw(`RESET ${name}`)
            .execute(conn)
            .catch(() => {});
      }
    });
  await Promise.all(Array.from({ length: Math.min(WORKERS[kind], tasks.length) }, worker));
  if (failed !== null) throw failed;
}

// ---------------------------------------------------------------------------------------------
// Dropping and re-creating a bulk load's indexes and constraints
// ---------------------------------------------------------------------------------------------

export interface Dropped {
  indexes: { name: string; def: string }[];
  constraints: { table: string; name: string; def: string; type: string }[];
}

const tableList = (tables: readonly string[]) => sql.join(tables.map((t) => sql`${t}::regclass`));

/** Drops the tables' secondary indexes and their unique and foreign-key constraints; returns their definitions. */
export async function dropIndexesAndConstraints(db: Kysely<Schema>, tables: readonly string[]): Promise<Dropped> {
  const constraints = (
    await sql<{ table: string; name: string; def: string; type: string }>`
      SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def, contype AS type
      FROM pg_constraint WHERE conrelid IN (${tableList(tables)}) AND contype IN ('u', 'f') ORDER BY contype, conname`.execute(
      db,
    )
  ).rows;
  const indexes = (
    await sql<{ name: string; def: string }>`
      SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
      WHERE i.indrelid IN (${tableList(tables)})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY 1`.execute(db)
  ).rows;
  // Foreign keys first ('f' sorts before 'u'), then unique constraints, then plain indexes.
  for (const c of constraints) await sql.raw(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`).execute(db);
  for (const i of indexes) await sql.raw(`DROP INDEX ${i.name}`).execute(db);
  return { indexes, constraints };
}

/**
 * Re-creates what `dropIndexesAndConstraints` dropped from its own definitions, on WORKERS[kind]
 * connections: indexes, then unique constraints, then foreign keys (which may need the others to
 * check fast) — validating the constraints over the whole data. Tasks over 5 s are logged.
 * `settings`: the workers' session settings, as for `runTasks`.
 */
export async function restoreIndexesAndConstraints(
  ctx: BenchContext,
  label: string,
  db: Kysely<Schema>,
  kind: DbKind,
  dropped: Dropped,
  settings?: Readonly<Record<string, string>>,
): Promise<void> {
  ctx.log(`${label}: re-creating ${dropped.indexes.length} indexes and ${dropped.constraints.length} constraints…`);
  const onDone = (task: Task, ms: number) => {
    if (ms > 5000) ctx.log(`${label}: ${task.what} (${(ms / 1000).toFixed(1)} s)`);
  };
  await runTasks(
    db,
    kind,
    dropped.indexes.map((i) => ({ what: i.def, run: (conn: Kysely<Schema>) => sql.raw(i.def).execute(conn) })),
    { onDone, settings },
  );
  for (const type of ['u', 'f']) {
    const list = dropped.constraints.filter((c) => c.type === type);
    await runTasks(
      db,
      kind,
      list.map((c) => ({
        what: `${c.table} ${c.name} ${c.def}`,
        run: (conn: Kysely<Schema>) =>
          sql.raw(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`).execute(conn),
      })),
      { onDone, settings },
    );
  }
}

/** The tables' indexes, constraints and user triggers (enabled or not) as text, to check a load put back what it took away. */
export async function schemaFingerprint(db: Kysely<Schema>, tables: readonly string[]): Promise<string> {
  const rows = await sql<{ line: string }>`
    SELECT line FROM (
      SELECT pg_get_indexdef(indexrelid) AS line FROM pg_index WHERE indrelid IN (${tableList(tables)})
      UNION ALL
      SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN (${tableList(tables)})
      UNION ALL
      SELECT tgrelid::regclass::text || ' trigger ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid IN (${tableList(tables)}) AND NOT tgisinternal
    ) x ORDER BY line`.execute(db);
  return rows.rows.map((r) => r.line).join('\n');
}

/** Throws if the schema after a load is not the one before it. */
export function assertSameSchema(label: string, before: string, after: string): void {
  if (after !== before)
    throw new Error(`${label}: the schema after the load differs from the migrations':\n${before}\n---\n${after}`);
}

// ---------------------------------------------------------------------------------------------
// Query plans: the repository's own SQL, prefixed with EXPLAIN ANALYZE, in a transaction rolled back
// ---------------------------------------------------------------------------------------------

/** Turns every raw SQL statement into EXPLAIN (ANALYZE, BUFFERS) of it (builder queries pass unchanged). */
const explainPlugin: KyselyPlugin = {
  transformQuery({ node }): RootOperationNode {
    if (node.kind !== 'RawNode') return node;
    const [first, ...rest] = node.sqlFragments;
    return { ...node, sqlFragments: [`EXPLAIN (ANALYZE, BUFFERS) ${first}`, ...rest] } as RootOperationNode;
  },
  async transformResult({ result }) {
    return result;
  },
};

class Rollback extends Error {}

/**
 * The plan of the first raw statement `work` runs (EXPLAIN ANALYZE of it, in a transaction rolled
 * back). The raw statements' callers get no rows instead of the plans' lines.
 */
export async function explainRolledBack(
  db: Kysely<Schema>,
  work: (trx: Kysely<Schema>) => Promise<unknown>,
): Promise<string[]> {
  let plan: string[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      // A statement's result is its plan: catch it on its way back.
      const catching: KyselyPlugin = {
        transformQuery: ({ node }) => node,
        async transformResult({ result }) {
          const rows = result.rows as Record<string, string>[];
          if (!rows[0] || !('QUERY PLAN' in rows[0])) return result;
          if (!plan.length) plan = rows.map((r) => r['QUERY PLAN']);
          return { ...result, rows: [] };
        },
      };
      await work(trx.withPlugin(explainPlugin).withPlugin(catching));
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return plan;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a raw query of the benchmark's own (executed, not rolled back: for SELECTs). */
export async function explainQuery(db: Kysely<Schema>, query: RawBuilder<unknown>): Promise<string[]> {
  const result = await sql<Record<string, string>>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(db);
  return result.rows.map((r) => r['QUERY PLAN']);
}

/** The plan's "Execution Time: … ms" line. */
export function executionTime(plan: readonly string[]): string {
  return plan.find((l) => l.startsWith('Execution Time')) ?? '?';
}

export function printPlans(title: string, plans: [string, string[]][]): void {
  const lines = [`  · ${title}`];
  for (const [what, plan] of plans) {
    lines.push(`      ${what}`);
    // (an id list in an Index Cond can run to thousands of characters)
    for (const line of plan) lines.push(`        ${line.length > 240 ? `${line.slice(0, 240)}…` : line}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// The demo county's grids and the demo's words, for set-based event generators
// ---------------------------------------------------------------------------------------------

/** `bench_u(k, stream)`: a deterministic uniform draw in [0, 1) (the same data on every run). */
export async function createBenchU(db: Kysely<Schema>): Promise<void> {
  await sql`
    CREATE FUNCTION bench_u(k bigint, stream integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(k, stream) & 4503599627370495)::double precision / 4503599627370496 $$`.execute(db);
}

/**
 * `bench_grids`: the loaded organisation's grids numbered from 0 (`n`), with their village, town and
 * county, centroid, an address and the grid worker (id, name, phone).
 */
export async function createBenchGrids(db: Kysely<Schema>): Promise<number> {
  await sql`
    CREATE TABLE bench_grids AS
    SELECT (row_number() OVER (ORDER BY g.code) - 1)::integer AS n, g.code AS grid_code, v.code AS village_code, t.code AS town_code,
           c.code AS county_code, g.centroid_lng AS lng, g.centroid_lat AS lat, t.name || v.name AS address,
           w.id AS worker_id, w.name AS worker_name, w.phone AS worker_phone
    FROM jurisdictions g
    JOIN jurisdictions v ON v.code = g.parent_code
    JOIN jurisdictions t ON t.code = v.parent_code
    JOIN jurisdictions c ON c.code = t.parent_code
    LEFT JOIN LATERAL (
      SELECT p.id, p.name, p.phone FROM responsibility_bindings b JOIN people p ON p.id = b.person_id
      WHERE b.jurisdiction_code = g.code AND b.duty = 'grid_worker' ORDER BY b.id LIMIT 1) w ON true
    WHERE g.level = 'grid'`.execute(db);
  await sql`ALTER TABLE bench_grids ADD PRIMARY KEY (n)`.execute(db);
  return Number((await sql<{ n: number }>`SELECT count(*) AS n FROM bench_grids`.execute(db)).rows[0].n);
}

/** A demo text with its placeholders filled: the place given, fixed names and figures. */
export function fillDemoText(text: string, place: string): string {
  return text.replace(
    /\{(\w+)\}/g,
    (_, key: string) =>
      ({ place, a: '王某', b: '李某', n: '3', n2: '5', money: '20000', age: '76', topic: '土地补偿' })[key] ?? '某',
  );
}

export interface EventText {
  categoryCode: string;
  eventType: string;
  channel: string;
  title: string;
  description: string;
}

/**
 * The demo's words: every aspect's titles at four places, each through one of its type's channels
 * in turn with one of its descriptions (led by the channel's lead). `title(filled, k)` shapes the
 * k-th title of an aspect (default: the first 100 characters).
 */
export function demoEventTexts(
  title: (filled: string, k: number) => string = (filled) => filled.slice(0, 100),
): EventText[] {
  const places = ['幸福小区3号楼', '东街村文化广场', '南关社区农贸市场', '西沟村村委会旁'];
  const channels: Record<string, string[]> = {
    hazard: ['grid_patrol', 'citizen', 'hotline_12345', 'cadre_survey'],
    dispute: ['grid_patrol', 'police_push', 'hotline_12345', 'citizen', 'court_push'],
    petition: ['hotline_12345', 'citizen', 'cadre_survey'],
    appeal: ['hotline_12345', 'citizen', 'online_opinion', 'grid_patrol'],
    uncivil: ['grid_patrol', 'citizen', 'police_110'],
  };
  const out: EventText[] = [];
  for (const category of DEFAULT_TAXONOMY) {
    const text = ASPECT_TEXT[category.code];
    if (!category.parent || !text) continue;
    const list = channels[category.type] ?? ['citizen'];
    let k = 0;
    for (const t of text.titles) {
      for (const place of places) {
        const channel = list[k % list.length];
        out.push({
          categoryCode: category.code,
          eventType: category.type,
          channel,
          title: title(fillDemoText(t, place), k),
          description: (CHANNEL_LEAD[channel] ?? '') + fillDemoText(text.details[k % text.details.length], place),
        });
        k++;
      }
    }
  }
  if (out.length < 100) throw new Error(`only ${out.length} event texts from the demo catalogue`);
  return out;
}

/** `bench_texts`: the texts numbered from 0 (`n`). */
export async function insertBenchTexts(db: Kysely<Schema>, texts: readonly EventText[]): Promise<void> {
  await sql`CREATE TABLE bench_texts (n integer PRIMARY KEY, category_code text, event_type text, channel text, title text, description text)`.execute(
    db,
  );
  for (let i = 0; i < texts.length; i += 500) {
    const rows = texts
      .slice(i, i + 500)
      .map((t, k) => sql`(${i + k}, ${t.categoryCode}, ${t.eventType}, ${t.channel}, ${t.title}, ${t.description})`);
    await sql`INSERT INTO bench_texts (n, category_code, event_type, channel, title, description) VALUES ${sql.join(rows)}`.execute(
      db,
    );
  }
}
