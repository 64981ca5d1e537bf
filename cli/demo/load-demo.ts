/**
 * Loads the demo county (and, by default, a year of its events) into an empty database — PGlite
 * or PostgreSQL, through the same Kysely code. The organisation goes in one transaction; events
 * follow in batches, each batch one transaction of multi-row INSERTs kept under PostgreSQL's
 * 65,535 bind-parameter limit.
 *
 * Rows are written with the model's own ids (OVERRIDING SYSTEM VALUE), so events, assignments,
 * history and notifications can refer to people and to each other without a round trip; the
 * identity sequences are moved past them afterwards so the platform's own inserts carry on.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../server/db/schema.js';
import { hashPassword } from '../../server/auth/password.js';
import { DEMO_PASSWORD, allJurisdictions, generateCounty, type CountyModel } from './demo-county.js';
import { generateEvents, type EventBatch } from './demo-events.js';
import { DemoRepository } from './demo.repository.js';

export interface LoadDemoOptions {
  seed?: number;
  scale?: number;
  months?: number;
  /** Events a month (default 1,000 × scale). */
  perMonth?: number;
  /** The moment the demo's history ends; events happen before it. */
  now: Date;
  /** Load events too (default true). */
  events?: boolean;
  onProgress?(message: string): void;
}

export interface LoadDemoResult {
  jurisdictions: number;
  grids: number;
  people: number;
  events: number;
  ms: number;
}

/** Whether an organisation (demo or imported) is already there: any jurisdiction at all. */
export async function isDemoLoaded(db: Kysely<Schema>): Promise<boolean> {
  return new DemoRepository(db).hasAnyJurisdiction();
}

export async function loadDemoCounty(db: Kysely<Schema>, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const months = options.months ?? 12;
  if (await isDemoLoaded(db)) {
    throw new Error('the database already holds an organisation; the demo county is only loaded into an empty one');
  }

  const model = generateCounty({ seed: options.seed, scale: options.scale });
  const orgCreatedAt = new Date(options.now.getTime() - (months * 30.4375 + 30) * 86_400_000);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute((trx) => insertOrganisation(trx, model, passwordHash, orgCreatedAt));
  progress(
    `组织架构已载入：${model.towns.length} 个镇(街道)、${model.villages.length} 个村(社区)、${model.grids.length} 个网格、` +
      `${model.departments.length} 个部门、${model.people.length} 人`,
  );

  let events = 0;
  if (options.events !== false) {
    const perMonth = options.perMonth ?? Math.round(1000 * model.scale);
    const expected = Math.round(perMonth * months);
    let lastReport = 0;
    let maxSerial = 0;
    for (const batch of generateEvents(model, { seed: options.seed, months, perMonth, now: options.now })) {
      for (const e of batch.events) maxSerial = Math.max(maxSerial, Number(e.serial_no.slice(-6)));
      await db.transaction().execute((trx) => insertEventBatch(trx, batch, maxSerial));
      events += batch.events.length;
      if (events - lastReport >= 10_000 || lastReport === 0) {
        lastReport = events;
        progress(`事件 ${events} / 约 ${expected}`);
      }
    }
    progress(`事件已载入：${events} 条`);
  }

  return {
    jurisdictions: 1 + model.towns.length + model.villages.length + model.grids.length,
    grids: model.grids.length,
    people: model.people.length,
    events,
    ms: Date.now() - started,
  };
}

async function insertOrganisation(
  db: Kysely<Schema>,
  model: CountyModel,
  passwordHash: string,
  at: Date,
): Promise<void> {
  const repo = new DemoRepository(db);
  await repo.insertRows(
    'jurisdictions',
    allJurisdictions(model).map((j) => ({
      code: j.code,
      parent_code: j.parentCode,
      level: j.level,
      kind: j.kind,
      name: j.name,
      boundary: JSON.stringify(j.boundary),
      centroid_lng: j.centroid[0],
      centroid_lat: j.centroid[1],
      households: j.households,
      created_at: at,
      updated_at: at,
    })),
  );
  await repo.insertRows(
    'departments',
    model.departments.map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      jurisdiction_code: d.jurisdictionCode,
      created_at: at,
    })),
    true,
  );
  await repo.insertRows(
    'people',
    model.people.map((p) => ({
      id: p.id,
      name: p.name,
      phone: p.phone,
      role: p.role,
      jurisdiction_code: p.jurisdictionCode,
      department_id: p.departmentId,
      username: p.username,
      password_hash: p.username ? passwordHash : null,
      created_at: at,
    })),
    true,
  );
  await repo.insertRows(
    'responsibility_bindings',
    model.bindings.map((b) => ({
      jurisdiction_code: b.jurisdictionCode,
      person_id: b.personId,
      duty: b.duty,
      created_at: at,
    })),
  );
  await repo.moveSequencePast('departments');
  await repo.moveSequencePast('people');
  // Running servers rebuild their grid index when they see the version move.
  await repo.bumpGeoVersion();
}

async function insertEventBatch(db: Kysely<Schema>, batch: EventBatch, maxSerial: number): Promise<void> {
  const repo = new DemoRepository(db);
  await repo.insertRows('events', batch.events, true);
  await repo.insertRows('event_assignments', batch.assignments);
  await repo.insertRows(
    'event_history',
    batch.history.map((h) => ({ ...h, data: h.data === null || h.data === undefined ? null : JSON.stringify(h.data) })),
  );
  await repo.insertRows(
    'outbox',
    batch.outbox.map((o) => ({ ...o, payload: JSON.stringify(o.payload) })),
  );
  await repo.moveSequencePast('events');
  // The platform numbers its own events YW + date + nextval: start above every demo number.
  await repo.moveEventSerialPast(maxSerial);
}
