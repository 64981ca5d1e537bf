/**
 * Benchmark `intake`: events per second through the whole HTTP intake path — a real listening
 * server, `POST /api/events` as the demo grid worker (Bearer token): authenticate, validate,
 * locate the grid, write the event, its history and assignments, notify through the outbox, all
 * in one transaction — on the embedded database (PGlite in a temporary folder) and on PostgreSQL
 * (a fresh schema, dropped afterwards; skipped with a note if the server is not reachable).
 *
 * Baseline, in the same run on the same database: single-row autocommit INSERTs of a row about
 * as wide as an event, through the same pool at the same concurrency. Rounds of the two
 * alternate, so that both see the same machine and the same growing database.
 */
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../server/db/schema.js';
import type { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { seedReferenceData } from '../server/db/reference-data.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { MemoryStorage } from '../server/storage/attachment-storage.js';
import { DatabaseGridIndex } from '../server/geo/grid-index.js';
import { DatabaseClockSettings, calendarFor } from '../server/deadlines/clock-settings.js';
import { DEFAULT_TAXONOMY } from '../core/events/default-taxonomy.js';
import { bboxOf, pointInGeometry } from '../core/geo/geometry.js';
import { ASPECT_TEXT } from '../cli/demo/demo-event-text.js';
import { DEMO_PASSWORD, generateCounty } from '../cli/demo/demo-county.js';
import { loadDemoCounty } from '../cli/demo/load-demo.js';
import {
  defineBenchmark,
  median,
  quantile,
  runConcurrent,
  seededRandom,
  type BenchContext,
  type DbKind,
} from './harness.js';
import { postgresReachable, withPglite, withPostgresSchema } from './bench-database.js';

/** The demo county's size: 1 ≈ 3,000 grids. */
const SCALE = 1;
/** Requests in flight at once, for intake and for the raw inserts alike. */
const CONCURRENCY = 8;
/** Untimed first: JIT, connection pool, the grid index's first build (raw inserts get twice as many, being cheap). */
const WARMUP = 150;
/**
 * Timed: ROUNDS rounds of PER_ROUND intake requests, each next to a round of RAW_PER_ROUND raw
 * inserts — more of them, so that both rounds last long enough (about a second) to see the same
 * noise.
 */
const ROUNDS = 8;
const PER_ROUND = 200;
const RAW_PER_ROUND = 2_000;

export default defineBenchmark({
  name: 'intake',
  description: 'HTTP event intake per second vs raw single-row INSERTs, on PGlite and PostgreSQL',
  timeoutMs: 240_000,
  async run(ctx) {
    await withPglite('intake', (database) => benchDatabase(ctx, 'pglite', database));
    if (await postgresReachable(ctx, ['fsync', 'synchronous_commit', 'server_version'], 'its half is skipped')) {
      // The pool is as large as the concurrency, so no request waits for a connection.
      await withPostgresSchema(ctx, { name: 'intake', poolSize: CONCURRENCY, label: 'postgres' }, (database) =>
        benchDatabase(ctx, 'postgres', database),
      );
    }
  },
});

// ---------------------------------------------------------------------------------------------
// One database
// ---------------------------------------------------------------------------------------------

interface Organisation {
  username: string;
  password: string;
  /** A random point inside the county. */
  point(random: () => number): { lng: number; lat: number };
}

/** The demo county at scale 1, without events; reports come from its grid worker. */
async function loadOrganisation(ctx: BenchContext, kind: DbKind, db: Kysely<Schema>): Promise<Organisation> {
  const loaded = await loadDemoCounty(db, { scale: SCALE, events: false, now: new Date() });
  ctx.info(`${kind}: demo county loaded`, loaded.ms, `ms (${loaded.grids} grids, ${loaded.people} people)`);
  // The same seed and scale give the same county, so its outline can be had without the database.
  const outline = generateCounty({ scale: SCALE }).county.boundary;
  const [minX, minY, maxX, maxY] = bboxOf(outline);
  return {
    username: 'grid_worker',
    password: DEMO_PASSWORD,
    point(random) {
      for (;;) {
        const lng = minX + random() * (maxX - minX);
        const lat = minY + random() * (maxY - minY);
        if (pointInGeometry([lng, lat], outline)) return { lng, lat };
      }
    },
  };
}

async function benchDatabase(ctx: BenchContext, kind: DbKind, database: Database): Promise<void> {
  const { db } = database;
  ctx.usedDatabase(kind);
  let t0 = performance.now();
  await migrate(db);
  await seedReferenceData(db);
  const org = await loadOrganisation(ctx, kind, db);
  await sql`CREATE TABLE bench_raw (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a text NOT NULL, b text NOT NULL, c text NOT NULL)`.execute(
    db,
  );
  ctx.info(`${kind}: database ready`, performance.now() - t0, 'ms');

  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv),
    db,
    dbKind: kind,
    now: () => new Date(),
    storage: new MemoryStorage(),
    gridIndex: new DatabaseGridIndex(db),
    clocks: new DatabaseClockSettings(db, calendarFor(db)),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const authorization = await login(base, org);
    const reports = makeReports(org, WARMUP + ROUNDS * PER_ROUND, 0xbe9c4 + (kind === 'pglite' ? 1 : 2));

    let sent = 0;
    const intakeTask = async () => {
      const body = reports[sent++];
      const res = await fetch(`${base}/api/events`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 201)
        throw new Error(`${kind}: POST /api/events answered ${res.status}: ${text.slice(0, 300)}`);
    };
    let inserted = 0;
    const rawTask = async () => {
      const r = reports[inserted++ % reports.length];
      await sql`INSERT INTO bench_raw (a, b, c) VALUES (${r.title}, ${r.description}, ${r.address})`.execute(db);
    };

    t0 = performance.now();
    await runConcurrent(WARMUP, CONCURRENCY, intakeTask);
    await runConcurrent(2 * WARMUP, CONCURRENCY, rawTask);
    ctx.info(`${kind}: warm-up (${WARMUP} events + ${2 * WARMUP} inserts)`, performance.now() - t0, 'ms');

    const intakeRates: number[] = [];
    const rawRates: number[] = [];
    const intakeLatencies: number[] = [];
    const rawLatencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first in a round.
      const order = round % 2 === 0 ? (['raw', 'intake'] as const) : (['intake', 'raw'] as const);
      for (const which of order) {
        const run =
          which === 'raw'
            ? await runConcurrent(RAW_PER_ROUND, CONCURRENCY, rawTask)
            : await runConcurrent(PER_ROUND, CONCURRENCY, intakeTask);
        (which === 'raw' ? rawRates : intakeRates).push(run.perSec);
        (which === 'raw' ? rawLatencies : intakeLatencies).push(...run.latenciesMs);
      }
      ctx.log(
        `${kind} round ${round + 1}/${ROUNDS}: intake ${intakeRates.at(-1)!.toFixed(0)}/s, raw ${rawRates.at(-1)!.toFixed(0)}/s`,
      );
    }

    await checkOutcome(ctx, kind, db, WARMUP + ROUNDS * PER_ROUND);

    intakeLatencies.sort((a, b) => a - b);
    rawLatencies.sort((a, b) => a - b);
    ctx.info(`${kind}: per-round intake events/s`, intakeRates.map((r) => r.toFixed(0)).join(', '));
    ctx.info(`${kind}: per-round raw inserts/s`, rawRates.map((r) => r.toFixed(0)).join(', '));
    // A check on the noise: the ratio of each round to its neighbour, which should agree with the recorded one.
    ctx.info(
      `${kind}: median of per-round ratios intake/raw`,
      median(intakeRates.map((r, k) => r / rawRates[k])).toPrecision(3),
    );
    ctx.record(`intake_events_per_s_${kind}`, median(intakeRates), 'ops/s', {
      name: `raw_insert_per_s_${kind}`,
      value: median(rawRates),
    });
    ctx.record(`intake_latency_p50_ms_${kind}`, quantile(intakeLatencies, 0.5), 'ms', {
      name: `raw_insert_latency_p50_ms_${kind}`,
      value: quantile(rawLatencies, 0.5),
    });
    ctx.record(`intake_latency_p95_ms_${kind}`, quantile(intakeLatencies, 0.95), 'ms', {
      name: `raw_insert_latency_p95_ms_${kind}`,
      value: quantile(rawLatencies, 0.95),
    });
  } finally {
    await app.close();
  }
}

async function login(base: string, org: Organisation): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: org.username, password: org.password }),
  });
  if (res.status !== 200) throw new Error(`login as ${org.username} failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return `Bearer ${token}`;
}

interface Report {
  categoryCode: string;
  title: string;
  description: string;
  address: string;
  location: { lng: number; lat: number };
}

/** Deterministic reports in the demo's words: category, title, description, a point in the county. */
function makeReports(org: Organisation, count: number, seed: number): Report[] {
  const random = seededRandom(seed);
  const known = new Set(DEFAULT_TAXONOMY.map((c) => c.code));
  const aspects = Object.entries(ASPECT_TEXT).filter(([code]) => known.has(code));
  if (aspects.length === 0) throw new Error('no demo event text matches the default taxonomy');
  const fill = (text: string) =>
    text.replace(
      /\{(\w+)\}/g,
      (_, key: string) =>
        ({
          place: '幸福小区3号楼',
          a: '王某',
          b: '李某',
          n: '3',
          n2: '5',
          money: '2万元',
          age: '70',
          topic: '土地补偿',
        })[key] ?? '某',
    );
  return Array.from({ length: count }, () => {
    const [code, text] = aspects[Math.floor(random() * aspects.length)];
    return {
      categoryCode: code,
      title: fill(text.titles[Math.floor(random() * text.titles.length)]),
      description: fill(text.details[Math.floor(random() * text.details.length)]),
      address: '幸福小区3号楼',
      location: org.point(random),
    };
  });
}

/** Sanity checks: every request made an event placed in a grid, with assignees who were notified. */
async function checkOutcome(ctx: BenchContext, kind: DbKind, db: Kysely<Schema>, expected: number): Promise<void> {
  const events = await db
    .selectFrom('events')
    .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('grid_code').as('in_grid')])
    .executeTakeFirstOrThrow();
  const outbox = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const assignments = await db
    .selectFrom('event_assignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(events.all) !== expected) throw new Error(`${kind}: expected ${expected} events, found ${events.all}`);
  // Every point is inside the county, whose grids cover it without gaps.
  if (Number(events.in_grid) !== expected)
    throw new Error(`${kind}: only ${events.in_grid} of ${expected} events were placed in a grid`);
  if (Number(assignments.n) < expected)
    throw new Error(`${kind}: only ${assignments.n} assignments for ${expected} events`);
  ctx.info(
    `${kind}: written`,
    `${events.all} events (${events.in_grid} placed in a grid), ${assignments.n} assignments, ${outbox.n} outbox notifications`,
  );
}
