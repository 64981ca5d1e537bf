/**
 * Benchmark `serialisation`: what writing answers by their response schemas gains. The event list
 * (`GET /api/events`, a page of 100) and an event's detail (`GET /api/events/:id`) as the county
 * operator of the demo county, through the whole HTTP stack (Fastify's inject: routing, session,
 * query, presenting, writing) — answers per second of the app as it runs (fast-json-stringify from
 * the routes' response schemas) against the same app writing the same answers with JSON.stringify
 * (the naive way, `answersBy: 'json-stringify'`), rounds alternating on one database in one run.
 * Then the writing alone, on the very answer objects: the routes' schema serialiser (fast-json-stringify)
 * against JSON.stringify.
 */
import { buildApp } from '../server/app.js';
import type { AppDeps } from '../server/app-deps.js';
import type { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { seedReferenceData } from '../server/db/reference-data.js';
import { loadConfig } from '../server/config.js';
import { MemoryStorage } from '../server/storage/attachment-storage.js';
import { DatabaseGridIndex } from '../server/geo/grid-index.js';
import { DatabaseClockSettings, calendarFor } from '../server/deadlines/clock-settings.js';
import { DEMO_PASSWORD } from '../cli/demo/demo-county.js';
import { loadDemoCounty } from '../cli/demo/load-demo.js';
import fastJsonStringify from 'fast-json-stringify';
import { EventDetail, EventPage } from '../server/events/event.schemas.js';
import { compare, defineBenchmark, median, type BenchContext, type DbKind } from './harness.js';
import { postgresReachable, withPglite, withPostgresSchema } from './bench-database.js';

/** A small demo county with a year of events: the list's pages are full, the details varied. */
const SCALE = 0.25;
const PER_MONTH = 300;
/** Requests per round per app, rounds alternating between the two apps. */
const PER_ROUND = 60;
const ROUNDS = 8;

type App = Awaited<ReturnType<typeof buildApp>>;

export default defineBenchmark({
  name: 'serialisation',
  description: 'event list and detail answers per second written by response schemas vs JSON.stringify',
  timeoutMs: 600_000,
  async run(ctx) {
    await withPglite('serialisation', (database) => benchDatabase(ctx, 'pglite', database));
    if (await postgresReachable(ctx, ['server_version'], 'its half is skipped')) {
      await withPostgresSchema(ctx, { name: 'serialisation', poolSize: 4, label: 'postgres' }, (database) =>
        benchDatabase(ctx, 'postgres', database),
      );
    }
  },
});

async function benchDatabase(ctx: BenchContext, kind: DbKind, database: Database): Promise<void> {
  const { db } = database;
  ctx.usedDatabase(kind);
  await migrate(db);
  await seedReferenceData(db);
  const loaded = await loadDemoCounty(db, { scale: SCALE, perMonth: PER_MONTH, now: new Date() });
  ctx.info(`${kind}: demo county loaded`, loaded.ms, `ms (${loaded.events} events)`);

  const deps = (answersBy: AppDeps['answersBy']): AppDeps => ({
    config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_TOKEN: '0' } as NodeJS.ProcessEnv),
    db,
    dbKind: kind,
    now: () => new Date(),
    storage: new MemoryStorage(),
    gridIndex: new DatabaseGridIndex(db),
    clocks: new DatabaseClockSettings(db, calendarFor(db)),
    answersBy,
  });
  const bySchema = await buildApp(deps('schema'));
  const byStringify = await buildApp(deps('json-stringify'));
  try {
    const authorization = await signIn(bySchema);
    const list = await get(bySchema, authorization, '/api/events?pageSize=100');
    const items = (JSON.parse(list) as { items: { id: number }[] }).items;
    if (items.length < 100) throw new Error(`${kind}: the list page holds ${items.length} events, not 100`);
    const ids = items.map((e) => e.id);
    // the two apps must send the same bytes' meaning: same answer, only written differently
    const same = JSON.stringify(JSON.parse(await get(byStringify, authorization, '/api/events?pageSize=100')));
    if (same !== JSON.stringify(JSON.parse(list))) throw new Error(`${kind}: the two apps answer the list differently`);

    const routes: { metric: string; path: (i: number) => string }[] = [
      { metric: 'event_list_100_answers_per_s', path: () => '/api/events?pageSize=100' },
      { metric: 'event_detail_answers_per_s', path: (i) => `/api/events/${ids[i % ids.length]}` },
    ];
    for (const route of routes) {
      const rates = { schema: [] as number[], stringify: [] as number[] };
      let n = 0;
      const round = async (app: App) => {
        const t0 = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await get(app, authorization, route.path(n++));
        return (PER_ROUND * 1000) / (performance.now() - t0);
      };
      await round(bySchema);
      await round(byStringify);
      for (let r = 0; r < ROUNDS; r++) {
        // alternate which goes first, so neither always follows the other's garbage
        if (r % 2 === 0) {
          rates.schema.push(await round(bySchema));
          rates.stringify.push(await round(byStringify));
        } else {
          rates.stringify.push(await round(byStringify));
          rates.schema.push(await round(bySchema));
        }
      }
      ctx.record(`${kind}_${route.metric}`, median(rates.schema), 'answers/s', {
        name: 'same_app_json_stringify',
        value: median(rates.stringify),
      });
    }
    await writingAlone(ctx, kind, bySchema, authorization, ids);
  } finally {
    await bySchema.close();
    await byStringify.close();
  }
}

/** The writing alone: the list's and a detail's answer objects, by the route's schema vs JSON.stringify. */
async function writingAlone(ctx: BenchContext, kind: DbKind, app: App, authorization: string, ids: number[]) {
  // the routes' 200 schemas (server/events/event.routes.ts declares these)
  const cases = [
    { metric: 'event_list_100_writes_per_s', schema: EventPage, path: '/api/events?pageSize=100' },
    { metric: 'event_detail_writes_per_s', schema: EventDetail, path: `/api/events/${ids[0]}` },
  ];
  for (const c of cases) {
    const schema = c.schema as object;
    const answer = JSON.parse(await get(app, authorization, c.path)) as unknown;
    const write = fastJsonStringify(schema) as (data: unknown) => string;
    const timing = compare(
      () => write(answer),
      () => JSON.stringify(answer),
    );
    ctx.record(`${kind}_${c.metric}`, timing.candidate.opsPerSec, 'writes/s', {
      name: 'json_stringify',
      value: timing.baseline.opsPerSec,
    });
  }
}

async function signIn(app: App): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'county_operator', password: DEMO_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  return `Bearer ${(res.json() as { token: string }).token}`;
}

async function get(app: App, authorization: string, url: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization } });
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  return res.body;
}
