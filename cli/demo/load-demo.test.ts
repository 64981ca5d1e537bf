/**
 * The demo loader against a real database: the embedded PGlite in memory, or — when
 * TEST_DATABASE_URL is set (CI's second pass) — a fresh schema on that PostgreSQL server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { seedReferenceData } from '../../server/db/reference-data.js';
import { verifyPassword } from '../../server/auth/password.js';
import { ROLES } from '../../core/access/roles.js';
import { DEMO_PASSWORD, generateCounty } from './demo-county.js';
import { generateEvents } from './demo-events.js';
import { isDemoLoaded, loadDemoCounty, type LoadDemoResult } from './load-demo.js';

const NOW = new Date('2025-03-01T04:00:00Z');
const OPTIONS = { seed: 11, months: 2, perMonth: 50, now: NOW };
const url = process.env.TEST_DATABASE_URL || null;
const schema = url ? `t_demo_${randomBytes(5).toString('hex')}` : undefined;

let database: Database;
let result: LoadDemoResult;
const progress: string[] = [];

beforeAll(async () => {
  database = await openDatabase({ url, dataDir: 'memory://', schema, poolSize: 4 });
  await migrate(database.db);
  await seedReferenceData(database.db);
  expect(await isDemoLoaded(database.db)).toBe(false);
  result = await loadDemoCounty(database.db, { ...OPTIONS, onProgress: (m) => progress.push(m) });
});

afterAll(async () => {
  await database?.close();
  if (url && schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
});

async function count(
  table:
    | 'jurisdictions'
    | 'departments'
    | 'people'
    | 'responsibility_bindings'
    | 'events'
    | 'event_assignments'
    | 'event_history'
    | 'outbox',
): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('loadDemoCounty', () => {
  it('writes the whole model', async () => {
    const model = generateCounty({ seed: OPTIONS.seed });
    expect(await isDemoLoaded(database.db)).toBe(true);
    expect(await count('jurisdictions')).toBe(1 + model.towns.length + model.villages.length + model.grids.length);
    expect(result.jurisdictions).toBe(1 + model.towns.length + model.villages.length + model.grids.length);
    expect(result.grids).toBe(model.grids.length);
    expect(await count('departments')).toBe(model.departments.length);
    expect(await count('people')).toBe(model.people.length);
    expect(result.people).toBe(model.people.length);
    expect(await count('responsibility_bindings')).toBe(model.bindings.length);
    const levels = await database.db
      .selectFrom('jurisdictions')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute();
    expect(Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]))).toEqual({
      county: 1,
      town: model.towns.length,
      village: model.villages.length,
      grid: model.grids.length,
    });
    const grid = await database.db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', model.grids[0].code)
      .executeTakeFirstOrThrow();
    expect(grid.boundary).toEqual(model.grids[0].boundary);
    expect(grid.name).toBe(model.grids[0].name);
    expect(progress.length).toBeGreaterThan(1);
    expect(result.ms).toBeGreaterThan(0);
  });

  it('writes every event with its assignments, history and notifications', async () => {
    const model = generateCounty({ seed: OPTIONS.seed });
    let events = 0;
    let assignments = 0;
    let history = 0;
    let outbox = 0;
    for (const batch of generateEvents(model, OPTIONS)) {
      events += batch.events.length;
      assignments += batch.assignments.length;
      history += batch.history.length;
      outbox += batch.outbox.length;
    }
    expect(events).toBeGreaterThan(60);
    expect(result.events).toBe(events);
    expect(await count('events')).toBe(events);
    expect(await count('event_assignments')).toBe(assignments);
    expect(await count('event_history')).toBe(history);
    expect(await count('outbox')).toBe(outbox);
  });

  it('keeps status kinds consistent with the status table', async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events e JOIN event_statuses s ON s.code = e.status WHERE s.kind <> e.status_kind`.execute(
      database.db,
    );
    expect(rows[0].n).toBe(0);
    const { rows: last } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events e
      WHERE e.status <> (SELECT h.to_status FROM event_history h WHERE h.event_id = e.id ORDER BY h.id DESC LIMIT 1)`.execute(
      database.db,
    );
    expect(last[0].n).toBe(0);
    const { rows: active } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events e
      WHERE NOT EXISTS (SELECT 1 FROM event_assignments a WHERE a.event_id = e.id AND a.active)`.execute(database.db);
    expect(active[0].n).toBe(0);
  });

  it('creates one login per role, all with the demo password', async () => {
    const logins = await database.db
      .selectFrom('people')
      .select(['username', 'role', 'password_hash'])
      .where('username', 'is not', null)
      .execute();
    expect(logins.map((l) => l.username).sort()).toEqual([...ROLES].sort());
    for (const l of logins) expect(l.username).toBe(l.role);
    expect(new Set(logins.map((l) => l.password_hash)).size).toBe(1);
    expect(await verifyPassword(DEMO_PASSWORD, logins[0].password_hash)).toBe(true);
    expect(await verifyPassword('wrong-password', logins[0].password_hash)).toBe(false);
  });

  it('leaves the sequences past the demo rows, so the platform can carry on', async () => {
    const db = database.db;
    const maxPerson = await db
      .selectFrom('people')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow();
    const person = await db
      .insertInto('people')
      .values({
        name: '新用户',
        role: 'citizen',
        jurisdiction_code: '620999000000',
        phone: null,
        department_id: null,
        username: null,
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(person.id).toBeGreaterThan(Number(maxPerson.m));
    const dept = await db
      .insertInto('departments')
      .values({ code: 'new_dept', name: '新部门', jurisdiction_code: '620999000000' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(dept.id).toBe(generateCounty({ seed: OPTIONS.seed }).departments.length + 1);
    const { rows } = await sql<{ next: string; max: string }>`
      SELECT nextval('event_serial_seq')::text AS next, (SELECT max(right(serial_no, 6)) FROM events) AS max`.execute(
      db,
    );
    expect(Number(rows[0].next)).toBeGreaterThan(Number(rows[0].max));
    const { rows: ev } = await sql<{ next: number; max: number }>`
      SELECT nextval(pg_get_serial_sequence('events', 'id'))::int AS next, (SELECT max(id) FROM events)::int AS max`.execute(
      db,
    );
    expect(ev[0].next).toBeGreaterThan(ev[0].max);
    const geo = await db.selectFrom('geo_version').select('version').executeTakeFirstOrThrow();
    expect(geo.version).toBe(2);
  });

  it('refuses to load over an existing organisation', async () => {
    await expect(loadDemoCounty(database.db, { ...OPTIONS, events: false })).rejects.toThrow(/already/);
  });
});
