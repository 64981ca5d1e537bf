/**
 * Benchmark `load`: sustained mixed load on the real platform. The server is `cli/yiwang.ts
 * start` as a child process (e2e/platform.ts), on a demo county prepared beforehand with
 * `cli/yiwang.ts demo`, plus sign-ins for several grid workers; the load comes from another
 * process (bench/load-generator.ts) on loopback: K virtual users, a mix of intake, dashboard
 * reads and workflow actions for a bounded time. The abuse limits are lifted by environment (all
 * the load comes from one address, and the sign-ins of the run exceed the per-username limit).
 *
 * Baseline, in the same run against the same server by the same users and connections:
 * GET /api/health — segments of it alternate with segments of the mix. Memory: the server's RSS
 * (VmRSS of the child) at the start of the measured window, its peak and its end.
 *
 * On the embedded database always; on PostgreSQL (a fresh schema of BENCH_DATABASE_URL, dropped
 * afterwards) when it is reachable.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../server/db/database.js';
import { hashPassword } from '../server/auth/password.js';
import { bboxOf, pointInGeometry, type AreaGeometry } from '../core/geo/geometry.js';
import { DEMO_PASSWORD } from '../cli/demo/demo-county.js';
import { startPlatformWith } from '../e2e/platform.js';
import { defineBenchmark, quantile, seededRandom, median, type BenchContext, type DbKind } from './harness.js';
import {
  POSTGRES_URL,
  postgresReachable,
  registerCleanup,
  temporaryFolder,
  removeTemporaryFolder,
  unregisterCleanup,
} from './bench-database.js';
import { processAlive } from '../server/db/folder-lock.js';
// types only: importing the generator's module would run it
import type { GeneratorConfig, GeneratorMessage, GeneratorResult, Kind } from './load-generator.js';

const MIX_KINDS: Exclude<Kind, 'health'>[] = ['intake', 'kpis', 'rankings', 'event_list', 'event_detail', 'action'];

const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
};

/** Seconds of the mixed load (measured), split over ROUNDS rounds. */
const SECONDS = env('LOAD_SECONDS', 60);
const WARMUP_SECONDS = env('LOAD_WARMUP_SECONDS', 10);
/** Virtual users (requests in flight at once). */
const USERS = env('LOAD_USERS', 16);
const ROUNDS = 6;
/** The baseline's share of each round: a third of the mix's time. */
const BASELINE_SECONDS_PER_ROUND = Math.max(1, SECONDS / ROUNDS / 3);
/** Grid workers reporting (each with a sign-in of their own). */
const WORKERS = 8;
/** The demo's history: two months start fast and still give 环比 something to compare with. */
const DEMO_MONTHS = '2';

const ENVIRONMENT: Record<string, string> = {
  // one address, many sign-ins: lift the abuse limits (0 = unlimited) and the lockout
  RATE_LIMIT_LOGIN_PER_ADDRESS: '0',
  RATE_LIMIT_LOGIN_PER_USERNAME: '0',
  RATE_LIMIT_PUBLIC_WRITES: '0',
  RATE_LIMIT_PUBLIC_READS: '0',
  RATE_LIMIT_PER_TOKEN: '0',
  LOGIN_LOCKOUT_FAILURES: '0',
  LOG_LEVEL: 'warn',
};

export default defineBenchmark({
  name: 'load',
  description:
    'sustained mixed load (intake, dashboard reads, workflow actions) from another process vs GET /api/health',
  timeoutMs: 20 * 60_000,
  async run(ctx) {
    ctx.info(
      'load',
      `${USERS} users, ${SECONDS} s measured (${ROUNDS} rounds, + ${BASELINE_SECONDS_PER_ROUND.toFixed(1)} s of baseline each) after ${WARMUP_SECONDS} s of warm-up`,
    );
    const failures: string[] = [];
    failures.push(...(await benchDatabase(ctx, 'pglite')));
    if (await postgresReachable(ctx, ['fsync', 'synchronous_commit', 'server_version'], 'its half is skipped'))
      failures.push(...(await benchDatabase(ctx, 'postgres')));
    if (failures.length) throw new Error(`errors under load (must be 0):\n${failures.join('\n')}`);
  },
});

// ---------------------------------------------------------------------------------------------
// A prepared database: the demo county, sign-ins for several grid workers
// ---------------------------------------------------------------------------------------------

interface Prepared {
  env: Record<string, string>;
  dataDir: string;
  workers: GeneratorConfig['workers'];
  cleanup(): Promise<void>;
}

function runCli(args: string[], environment: Record<string, string>): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'cli/yiwang.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, ...environment },
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (res.status !== 0)
    throw new Error(`yiwang ${args.join(' ')} failed (${res.status}): ${res.stdout}\n${res.stderr}`);
}

async function prepare(ctx: BenchContext, kind: DbKind): Promise<Prepared> {
  const dataDir = temporaryFolder('yiwang-bench-load-');
  let schema: string | null = null;
  let databaseUrl = '';
  if (kind === 'postgres') {
    schema = `bench_load_${randomBytes(5).toString('hex')}`;
    const appName = `yiwang_${schema}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await dropLeftoverSchemas(ctx, admin);
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(
        `COMMENT ON SCHEMA ${schema} IS 'yiwang load benchmark, pid ${process.pid} on ${os.hostname()}'`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('application_name', appName);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    const name = schema;
    registerCleanup(schema, () => {
      spawnSync(
        'psql',
        [
          POSTGRES_URL,
          '-q',
          '-c',
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${appName}'`,
          '-c',
          `DROP SCHEMA IF EXISTS ${name} CASCADE`,
        ],
        { timeout: 30_000, stdio: 'ignore' },
      );
    });
  }
  const environment = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  runCli(['demo', '--months', DEMO_MONTHS], environment);
  ctx.info(`${kind}: demo county (scale 1, ${DEMO_MONTHS} months of events) loaded`, performance.now() - t0, 'ms');

  // Sign-ins for WORKERS grid workers of grids spread over the county, and points in their grids.
  const database = await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 1 } : { dataDir });
  const workers: GeneratorConfig['workers'] = [];
  try {
    const { db } = database;
    const rows = await sql<{ person_id: number; username: string | null; code: string; boundary: unknown }>`
      SELECT DISTINCT ON (j.code) b.person_id, p.username, j.code, j.boundary
      FROM responsibility_bindings b JOIN people p ON p.id = b.person_id JOIN jurisdictions j ON j.code = b.jurisdiction_code
      WHERE b.duty = 'grid_worker' AND j.level = 'grid' AND p.active AND p.role = 'grid_worker'
      ORDER BY j.code, (p.username IS NULL), b.id`.execute(db);
    const all = rows.rows;
    // the demo grid worker first, then every k-th grid
    const own = all.findIndex((r) => r.username === 'grid_worker');
    const step = Math.floor(all.length / WORKERS);
    const chosen = [...(own >= 0 ? [all[own]] : []), ...all.filter((_, i) => i % step === 0 && i !== own)]
      .filter((r, i, list) => list.findIndex((x) => x.person_id === r.person_id) === i)
      .slice(0, WORKERS);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const random = seededRandom(0x10ad + (kind === 'postgres' ? 1 : 0));
    for (const [i, r] of chosen.entries()) {
      const username = r.username ?? `load_grid_worker_${i + 1}`;
      if (!r.username)
        await db
          .updateTable('people')
          .set({ username, password_hash: passwordHash })
          .where('id', '=', r.person_id)
          .execute();
      const boundary = (typeof r.boundary === 'string' ? JSON.parse(r.boundary) : r.boundary) as AreaGeometry;
      const [minX, minY, maxX, maxY] = bboxOf(boundary);
      const points: { lng: number; lat: number }[] = [];
      for (let tries = 0; points.length < 50 && tries < 100_000; tries++) {
        const lng = minX + random() * (maxX - minX);
        const lat = minY + random() * (maxY - minY);
        if (pointInGeometry([lng, lat], boundary))
          points.push({ lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)) });
      }
      if (!points.length) throw new Error(`no point found inside grid ${r.code}`);
      workers.push({ username, personId: r.person_id, points });
    }
  } finally {
    await database.close();
  }
  ctx.info(`${kind}: grid workers reporting`, workers.length, `(${workers.map((w) => w.username).join(', ')})`);
  return {
    env: environment,
    dataDir,
    workers,
    async cleanup() {
      removeTemporaryFolder(dataDir);
      if (schema) {
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
        unregisterCleanup(schema);
      }
    },
  };
}

/** Schemas `bench_load_*` left by a killed run of this host. */
async function dropLeftoverSchemas(ctx: BenchContext, admin: pg.Client): Promise<void> {
  const rows = await admin.query<{ name: string; note: string | null }>(
    `SELECT nspname AS name, obj_description(oid, 'pg_namespace') AS note FROM pg_namespace WHERE nspname LIKE 'bench\\_load\\_%'`,
  );
  for (const { name, note } of rows.rows) {
    const m = /pid (\d+) on (\S+)/.exec(note ?? '');
    if (!m || m[2] !== os.hostname() || processAlive(Number(m[1]))) continue;
    await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    ctx.log(`dropped schema ${name} left behind by process ${m[1]}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

/** VmRSS of a process, MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}

/** Runs the load generator; calls `onPhase` as it moves on; resolves with its figures. */
function runGenerator(
  config: GeneratorConfig,
  onPhase: (phase: 'warmup' | 'measure' | 'done') => void,
): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, LOAD_GENERATOR_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: GeneratorResult | null = null;
    let failed: string | null = null;
    child.on('message', (message: GeneratorMessage) => {
      if (message.type === 'phase') onPhase(message.phase);
      else if (message.type === 'result') result = message;
      else failed = message.message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with ${code}${failed ? `: ${failed}` : ''}`));
    });
  });
}

async function benchDatabase(ctx: BenchContext, kind: DbKind): Promise<string[]> {
  ctx.usedDatabase(kind);
  const prepared = await prepare(ctx, kind);
  try {
    let t0 = performance.now();
    const platform = await startPlatformWith({
      dataDir: prepared.dataDir,
      args: ['--no-build', '--no-demo'],
      env: { ...prepared.env, ...ENVIRONMENT },
    });
    try {
      const pid = platform.pid!;
      ctx.info(`${kind}: platform started`, performance.now() - t0, `ms (pid ${pid}, RSS ${rssMb(pid).toFixed(0)} MB)`);
      const rss = { start: 0, peak: 0, end: 0, afterWarmup: 0 };
      let sampler: NodeJS.Timeout | undefined;
      t0 = performance.now();
      const result = await runGenerator(
        {
          url: platform.url,
          password: DEMO_PASSWORD,
          workers: prepared.workers,
          readers: ['county_operator', 'leader', 'town_operator'],
          users: USERS,
          warmupSeconds: WARMUP_SECONDS,
          seconds: SECONDS,
          rounds: ROUNDS,
          baselineSecondsPerRound: BASELINE_SECONDS_PER_ROUND,
          seed: 0x10ad + (kind === 'postgres' ? 2 : 1),
        },
        (phase) => {
          if (phase === 'warmup') {
            ctx.log(`${kind}: warm-up (${WARMUP_SECONDS} s)`);
          } else if (phase === 'measure') {
            rss.start = rss.peak = rssMb(pid);
            ctx.log(`${kind}: measuring (${SECONDS} s of load + baseline), server RSS ${rss.start.toFixed(0)} MB`);
            sampler = setInterval(() => (rss.peak = Math.max(rss.peak, rssMb(pid))), 250);
          } else {
            clearInterval(sampler);
            rss.end = rssMb(pid);
            rss.peak = Math.max(rss.peak, rss.end);
          }
        },
      );
      clearInterval(sampler);
      ctx.info(`${kind}: load generator`, performance.now() - t0, 'ms (sign-ins, warm-up, measured rounds)');
      return report(ctx, kind, result, rss);
    } catch (error) {
      process.stderr.write(`--- platform log (${kind}) ---\n${platform.log().slice(-4000)}\n`);
      throw error;
    } finally {
      await platform.stop();
    }
  } finally {
    await prepared.cleanup();
  }
}

function report(
  ctx: BenchContext,
  kind: DbKind,
  result: GeneratorResult,
  rss: { start: number; peak: number; end: number },
): string[] {
  const { stats, mixedSeconds, baselineSeconds } = result;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const health = stats.health;
  const healthLat = sorted(health.latenciesMs);
  const healthRate = health.count / baselineSeconds;
  const q = (xs: number[], p: number) => (xs.length ? quantile(xs, p) : NaN);

  const all: Kind[] = MIX_KINDS;
  const allLat = sorted(all.flatMap((k) => stats[k].latenciesMs));
  const total = all.reduce((n, k) => n + stats[k].count, 0);
  const errors = all.reduce((n, k) => n + stats[k].errors, 0) + health.errors;
  const conflicts = stats.action.conflicts;

  // Per kind, printed as a table first (absolute figures, for reading; the ratios are recorded below).
  const lines = [
    `  · ${kind}: per request kind over ${mixedSeconds.toFixed(1)} s of mixed load (${baselineSeconds.toFixed(1)} s of baseline)`,
  ];
  lines.push(
    `      ${'kind'.padEnd(13)} ${'count'.padStart(7)} ${'share'.padStart(6)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)} ${'409'.padStart(5)}`,
  );
  for (const k of [...all, 'health'] as Kind[]) {
    const s = stats[k];
    const lat = sorted(s.latenciesMs);
    const secs = k === 'health' ? baselineSeconds : mixedSeconds;
    const share = k === 'health' ? '' : `${((100 * s.count) / total).toFixed(0)}%`;
    lines.push(
      `      ${k.padEnd(13)} ${String(s.count).padStart(7)} ${share.padStart(6)} ${(s.count / secs).toFixed(1).padStart(7)} ${q(lat, 0.5).toFixed(1).padStart(8)} ${q(lat, 0.95).toFixed(1).padStart(8)} ${q(lat, 0.99).toFixed(1).padStart(8)} ${String(s.errors).padStart(6)} ${String(s.conflicts).padStart(5)}`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  ctx.info(
    `${kind}: actions done`,
    Object.entries(result.actions)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ') +
      `; events resolved ${result.resolved}; actions drawn with no open event (read a list page instead) ${result.actionFallbacks}`,
  );
  ctx.info(`${kind}: per-round mixed req/s`, result.perRound.map((r) => r.mixedPerSec.toFixed(0)).join(', '));
  ctx.info(`${kind}: per-round health req/s`, result.perRound.map((r) => r.baselinePerSec.toFixed(0)).join(', '));
  ctx.info(
    `${kind}: median of per-round ratios mixed/health`,
    median(result.perRound.map((r) => r.mixedPerSec / r.baselinePerSec)).toPrecision(3),
  );
  ctx.info(
    `${kind}: server RSS`,
    `start ${rss.start.toFixed(1)} MB, peak ${rss.peak.toFixed(1)} MB, end ${rss.end.toFixed(1)} MB; growth ${(rss.end - rss.start).toFixed(1)} MB (×${(rss.end / rss.start).toPrecision(3)}), peak growth ${(rss.peak - rss.start).toFixed(1)} MB`,
  );
  if (result.errorExamples.length)
    ctx.info(`${kind}: ERRORS (examples)`, '\n      ' + result.errorExamples.join('\n      '));

  const hb = (metric: string) => `health_${metric}_${kind}`;
  ctx.record(`load_requests_per_s_${kind}`, total / mixedSeconds, 'req/s', {
    name: hb('requests_per_s'),
    value: healthRate,
  });
  for (const [p, label] of [
    [0.5, 'p50'],
    [0.95, 'p95'],
    [0.99, 'p99'],
  ] as const) {
    ctx.record(`load_latency_${label}_ms_${kind}`, q(allLat, p), 'ms', {
      name: hb(`latency_${label}_ms`),
      value: q(healthLat, p),
    });
  }
  for (const k of all) {
    const s = stats[k];
    if (!s.count) continue;
    const lat = sorted(s.latenciesMs);
    ctx.record(`${k}_requests_per_s_${kind}`, s.count / mixedSeconds, 'req/s', {
      name: hb('requests_per_s'),
      value: healthRate,
    });
    for (const [p, label] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      ctx.record(`${k}_latency_${label}_ms_${kind}`, q(lat, p), 'ms', {
        name: hb(`latency_${label}_ms`),
        value: q(healthLat, p),
      });
    }
  }
  // Errors and conflicts as shares of the requests (the error count must be 0).
  ctx.record(`load_errors_${kind}`, errors, 'requests', { name: `requests_sent_${kind}`, value: total + health.count });
  ctx.record(`action_conflicts_409_${kind}`, conflicts, 'requests', {
    name: `action_requests_${kind}`,
    value: Math.max(1, stats.action.count),
  });
  // Memory: the server's RSS at the end and at its peak against its RSS when measuring began.
  ctx.record(`server_rss_end_mb_${kind}`, rss.end, 'MB', { name: `server_rss_start_mb_${kind}`, value: rss.start });
  ctx.record(`server_rss_peak_mb_${kind}`, rss.peak, 'MB', { name: `server_rss_start_mb_${kind}`, value: rss.start });
  return result.errorExamples.length || errors ? [`${kind}: ${errors} errors`, ...result.errorExamples] : [];
}
