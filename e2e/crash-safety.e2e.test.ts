/**
 * Crash safety (issue 6): intake against the real platform, killed with SIGKILL at random moments
 * and restarted on the same database — the embedded one (a data folder, whose lock the dead
 * process leaves behind) and a PostgreSQL server (a fresh database, dropped afterwards).
 *
 * Four clients report one after another: staff through POST /api/events with a bearer token,
 * citizens through POST /api/public/events, each report with its own idempotency key, at grid
 * centres (so dispatch assigns people and queues notifications), some with a photo. Every 2xx
 * answer is recorded. After each restart some reports whose answer was lost are sent again with
 * the same key, and a few acknowledged ones too: neither may make a second event. After the last
 * kill the database is opened directly (as the platform opens it) and checked: every acknowledged
 * key is exactly one event with that id, whole — its `report` and `dispatch` history, its
 * assignments, one queued notification per person, its clocks, its photo linked and on disk — and
 * so is every other event (nothing half-written), each looking like the uninterrupted report made
 * at the same place before the first kill. Then the platform runs once more and every queued
 * notification, including those a killed dispatcher had claimed, is delivered.
 *
 * CRASH_SEED replays the random choices (what is reported where, when the kills come; the
 * interleaving of the clients still varies); CRASH_KILLS sets the kills per database (default 5).
 * The PostgreSQL database is made on TEST_DATABASE_URL's server (default the local one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/database.js';
import { api, apiLogin, startPlatformWith, type RunningPlatform } from './platform.js';
import { seededRandom } from '../core/seeded-random.js';

const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
const KILLS = Number(process.env.CRASH_KILLS || 5);
const CLIENTS = 4;
const PG_ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/** A 1×1 PNG: the photo attached to some reports. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** The platform as each run starts it: no web build, quick outbox, no public rate limit (one client address here). */
const ENV = {
  OUTBOX_POLL_MS: '200',
  OUTBOX_LEASE_MS: '2000',
  RATE_LIMIT_PUBLIC_WRITES: '0',
  RATE_LIMIT_PUBLIC_READS: '0',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Place {
  gridCode: string;
  lng: number;
  lat: number;
}

interface Report {
  key: string;
  kind: 'staff' | 'public';
  place: Place;
  photo: boolean;
  attachmentId?: string;
  /** Sends so far (the first and any retries). */
  sends: number;
}

interface Ack {
  key: string;
  kind: 'staff' | 'public';
  /** Where it was reported: a resend repeats the request exactly (a key answers only the request it came with). */
  place: Report['place'];
  eventId?: number;
  serialNo: string;
  attachmentId?: string;
}

/** Opens and closes a gate the clients wait at while the platform is down. */
class Gate {
  private closed: Promise<void> | null = null;
  private release: (() => void) | null = null;
  close() {
    this.closed = new Promise((resolve) => (this.release = resolve));
  }
  open() {
    this.release?.();
    this.closed = null;
  }
  wait(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }
}

interface Target {
  name: 'pglite' | 'postgres';
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-crash-'));
  return {
    name: 'pglite',
    dataDir,
    databaseUrl: null,
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresTarget(): Promise<Target> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `no PostgreSQL at ${PG_ADMIN_URL} (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): ${String(error)}`,
      { cause: error },
    );
  }
  const name = `yiwang_crash_${Date.now().toString(36)}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-crash-pg-'));
  return {
    name: 'postgres',
    dataDir,
    databaseUrl: url.toString(),
    async cleanup() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function start(target: Target, first: boolean): Promise<RunningPlatform> {
  return startPlatformWith({
    dataDir: target.dataDir,
    // the first start loads the demo county's organisation (people, grids) without events
    args: first ? ['--no-build', '--no-events'] : ['--no-build', '--no-demo'],
    env: { ...ENV, DATABASE_URL: target.databaseUrl ?? '' },
  });
}

function openDirect(target: Target): Promise<Database> {
  return openDatabase({ url: target.databaseUrl, dataDir: target.dataDir, poolSize: 2 });
}

/** Grid centres across a few towns (a village's first grids), as the county's operator sees them. */
async function gridCentres(url: string, token: string, count: number): Promise<Place[]> {
  type Node = { jurisdiction: { centroid: { lng: number; lat: number } | null }; children: { code: string }[] };
  const county = await api<{ root: { code: string }; children: { code: string }[] }>(
    url,
    token,
    'GET',
    '/api/jurisdictions',
  );
  const places: Place[] = [];
  for (const town of county.children.slice(0, count)) {
    const village = (await api<Node>(url, token, 'GET', `/api/jurisdictions/${town.code}`)).children[0];
    const grid = (await api<Node>(url, token, 'GET', `/api/jurisdictions/${village.code}`)).children[0];
    const { centroid } = (await api<Node>(url, token, 'GET', `/api/jurisdictions/${grid.code}`)).jurisdiction;
    if (centroid) places.push({ gridCode: grid.code, ...centroid });
  }
  return places;
}

interface RunResult {
  target: string;
  kills: number;
  sent: number;
  acknowledged: number;
  retried: number;
  retriedCommitted: number;
  abandoned: number;
  resentAcknowledged: number;
  events: number;
  notifications: number;
  /** Notifications a killed dispatcher had claimed and not marked sent, delivered after their lease. */
  claimedByTheDead: number;
  seconds: number;
  /** Seconds per phase: start-up with the demo organisation, the kills, the check, the deliveries. */
  phases: Record<string, number>;
  /** Seconds from each kill's exit to the platform listening again. */
  restarts: number[];
}

/** The run on one database; whatever platform instance is left when it fails is killed. */
async function crashRun(target: Target): Promise<RunResult> {
  const running: { platform: RunningPlatform | null } = { platform: null };
  try {
    return await drive(target, running);
  } finally {
    await running.platform?.kill?.();
  }
}

async function drive(target: Target, running: { platform: RunningPlatform | null }): Promise<RunResult> {
  const began = Date.now();
  const rng = seededRandom(SEED ^ (target.name === 'pglite' ? 0x9e3779b9 : 0x85ebca6b));
  let platform = (running.platform = await start(target, true));
  const token = await apiLogin(platform.url, 'county_operator');
  const me = await api<{ user: { id: number } }>(platform.url, token, 'GET', '/api/auth/me');
  const staffScope = `person:${me.user.id}`;
  const category = (
    await api<{ items: { code: string; parentCode: string | null; active: boolean }[] }>(
      platform.url,
      token,
      'GET',
      '/api/categories',
    )
  ).items.find((c) => c.parentCode !== null && c.active)!.code;
  const places = await gridCentres(platform.url, token, 4);
  expect(places.length, 'grid centres to report at').toBeGreaterThanOrEqual(3);

  const acks = new Map<string, Ack>();
  let lost: Report[] = [];
  const abandoned: Report[] = [];
  const unexpected: string[] = [];
  const mismatches: string[] = [];
  let sequence = 0;
  let sent = 0;
  let retried = 0;
  let retriedCommitted = 0;
  let resentAcknowledged = 0;
  const gate = new Gate();

  const newReport = (
    place = places[Math.floor(rng() * places.length)],
    kind: Report['kind'] = rng() < 0.5 ? 'staff' : 'public',
    photo = rng() < 0.3,
  ): Report => ({
    key: `crash-${target.name}-${SEED}-${++sequence}`,
    kind,
    place,
    photo,
    sends: 0,
  });

  const upload = async (url: string, report: Report): Promise<string | null> => {
    const form = new FormData();
    form.append('file', new Blob([PHOTO], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${url}${report.kind === 'staff' ? '/api/attachments' : '/api/public/attachments'}`, {
      method: 'POST',
      headers: report.kind === 'staff' ? { authorization: `Bearer ${token}` } : {},
      body: form,
      signal: AbortSignal.timeout(20_000),
    });
    if (res.status === 201) return ((await res.json()) as { attachment: { id: string } }).attachment.id;
    if (res.status === 429 || res.status >= 500) return null;
    unexpected.push(`upload ${res.status} ${await res.text()}`);
    return null;
  };

  /** An answer that never came (or a 429/5xx): kept to retry, unless the report was acknowledged before. */
  let answersLost = 0;
  const answerLost = (report: Report) => {
    answersLost++;
    if (!acks.has(report.key)) lost.push(report);
  };

  /** One send of a report; its answer is an acknowledgement, a lost answer (kept to retry) or a failure. */
  let inFlight = 0;
  const send = async (report: Report): Promise<void> => {
    const url = platform.url;
    report.sends++;
    sent++;
    inFlight++;
    try {
      if (report.photo && !report.attachmentId) {
        const id = await upload(url, report);
        if (!id) return answerLost(report);
        report.attachmentId = id;
      }
      const body = {
        categoryCode: category,
        description: `崩溃测试 ${report.key}`,
        location: { lng: report.place.lng, lat: report.place.lat },
        ...(report.attachmentId ? { attachmentIds: [report.attachmentId] } : {}),
      };
      // staff send the key as the header, citizens in the body: both ways are kept
      const res =
        report.kind === 'staff'
          ? await fetch(`${url}/api/events`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': report.key,
              },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(20_000),
            })
          : await fetch(`${url}/api/public/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...body, idempotencyKey: report.key }),
              signal: AbortSignal.timeout(20_000),
            });
      if (res.status === 200 || res.status === 201) {
        const answer = (await res.json()) as {
          created: boolean;
          event?: { id: number; serialNo: string };
          serialNo?: string;
        };
        const ack: Ack = {
          key: report.key,
          kind: report.kind,
          place: report.place,
          eventId: answer.event?.id,
          serialNo: answer.event?.serialNo ?? answer.serialNo!,
          attachmentId: report.attachmentId,
        };
        const before = acks.get(report.key);
        if (before) {
          if (before.serialNo !== ack.serialNo || before.eventId !== ack.eventId || answer.created)
            mismatches.push(
              `${report.key}: first ${before.serialNo}, again ${ack.serialNo} (created ${answer.created})`,
            );
          return;
        }
        if (report.sends > 1 && !answer.created) retriedCommitted++;
        if (report.sends === 1 && !answer.created)
          mismatches.push(`${report.key}: a first send answered created: false`);
        acks.set(report.key, ack);
        return;
      }
      if (res.status === 429 || res.status >= 500) return answerLost(report);
      unexpected.push(`${report.kind} intake ${res.status} ${await res.text()}`);
    } catch {
      // the connection died with the server, or the answer was cut off: the client never heard
      answerLost(report);
    } finally {
      inFlight--;
    }
  };

  // the uninterrupted reports each event is compared with: one per place, and a photo of each kind
  const references: string[] = [];
  for (const place of places) {
    const report = newReport(place, 'staff', false);
    await send(report);
    references.push(report.key);
  }
  await send(newReport(places[0], 'staff', true));
  await send(newReport(places[0], 'public', true));
  expect(unexpected).toEqual([]);
  expect(acks.size, 'the uninterrupted reports are all acknowledged').toBe(places.length + 2);

  const phases: Record<string, number> = {};
  let phaseStart = began;
  const phase = (name: string) => {
    phases[name] = Math.round((Date.now() - phaseStart) / 1000);
    phaseStart = Date.now();
  };
  phase('start');
  let stopping = false;
  const client = async () => {
    while (!stopping) {
      await gate.wait();
      if (!stopping) await send(newReport());
      // a short pause, so a server that answers quickly does not make thousands of notifications to deliver
      await sleep(rng() * 150);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  const background: Promise<void>[] = [];
  let kills = 0;
  const restarts: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    await sleep(300 + rng() * 1700);
    // kill while a report is on its way (a quick server can be between requests at a random instant)
    for (const until = Date.now() + 3000; inFlight === 0 && Date.now() < until;) await sleep(2);
    gate.close();
    await platform.kill!();
    kills++;
    const restarting = Date.now();
    platform = running.platform = await start(target, false);
    restarts.push((Date.now() - restarting) / 1000);
    gate.open();
    // some of the reports whose answer was lost are sent again, with their keys; the rest are left
    const pending = lost;
    lost = [];
    for (const report of pending) {
      if (rng() < 0.7) {
        retried++;
        background.push(send(report));
      } else abandoned.push(report);
    }
    // and a few acknowledged ones: the same event must come back
    const acked = [...acks.values()];
    for (let i = 0; i < 3 && acked.length; i++) {
      const ack = acked[Math.floor(rng() * acked.length)];
      resentAcknowledged++;
      background.push(
        send({
          key: ack.key,
          kind: ack.kind,
          place: ack.place,
          photo: false,
          attachmentId: ack.attachmentId,
          sends: 1,
        }),
      );
    }
  }
  stopping = true;
  gate.open();
  await Promise.all(clients);
  await Promise.all(background);
  // lost while the last retries ran: half sent again once more, the rest left
  for (const report of lost.splice(0)) {
    if (rng() < 0.5) {
      retried++;
      await send(report);
    } else abandoned.push(report);
  }
  expect(unexpected, 'every answer is a 2xx, a lost connection, 429 or 5xx').toEqual([]);
  expect(mismatches, 'a retry returns the first event').toEqual([]);
  expect(lost, 'nothing lost in the calm').toEqual([]);
  expect(answersLost, 'the kills cut reports in flight').toBeGreaterThan(0);

  // the last kill at rest, then the database as it was left, opened directly
  await platform.kill!();
  const sentKeys = new Set<string>();
  for (let i = 1; i <= sequence; i++) sentKeys.add(`crash-${target.name}-${SEED}-${i}`);
  phase('kills');
  const verified = await verifyDatabase(target, acks, references, staffScope, sentKeys);
  phase('check');

  // the platform once more: every queued notification is delivered (a killed dispatcher's claims after their lease)
  platform = running.platform = await start(target, false);
  const log = path.join(target.dataDir, 'notifications.log');
  const delivered = () =>
    new Set(
      fs.existsSync(log)
        ? [...fs.readFileSync(log, 'utf8').matchAll(/\{"at":"[^"]*","id":(\d+),/g)].map((m) => Number(m[1]))
        : [],
    );
  const undelivered = () => {
    const seen = delivered();
    return [...verified.outboxIds].filter((id) => !seen.has(id));
  };
  const deadline = Date.now() + 30_000;
  while (undelivered().length && Date.now() < deadline) await sleep(250);
  await platform.stop();
  expect(undelivered(), 'notifications never delivered').toEqual([]);
  const database = await openDirect(target);
  try {
    const states = await database.db
      .selectFrom('outbox')
      .select(['id', 'state'])
      .where('id', 'in', [...verified.outboxIds])
      .execute();
    expect(
      states.filter((o) => o.state !== 'sent').map((o) => `${o.id}: ${o.state}`),
      'notifications not marked sent',
    ).toEqual([]);
    expect(states.length).toBe(verified.outboxIds.size);
  } finally {
    await database.close();
  }
  phase('delivery');
  return {
    target: target.name,
    kills,
    sent,
    acknowledged: acks.size,
    retried,
    retriedCommitted,
    abandoned: abandoned.length,
    resentAcknowledged,
    events: verified.events,
    notifications: verified.outboxIds.size,
    claimedByTheDead: verified.claimedByTheDead,
    seconds: Math.round((Date.now() - began) / 1000),
    phases,
    restarts,
  };
}

/** What one event left in the database; `shape` is what must equal the reference report's at the same grid. */
interface Written {
  id: number;
  key: string | null;
  scope: string | null;
  serialNo: string;
  gridCode: string | null;
  shape: string;
}

async function verifyDatabase(
  target: Target,
  acks: Map<string, Ack>,
  references: string[],
  staffScope: string,
  sentKeys: Set<string>,
) {
  const database = await openDirect(target);
  try {
    const { db } = database;
    const events = await db
      .selectFrom('events')
      .select(['id', 'serial_no', 'idempotency_scope', 'idempotency_key', 'grid_code', 'status'])
      .orderBy('id')
      .execute();
    const assignments = await db
      .selectFrom('event_assignments')
      .select(['event_id', 'person_id', 'centre_code', 'active'])
      .execute();
    const history = await db
      .selectFrom('event_history')
      .select(['event_id', 'action', 'to_status', 'data', 'attachment_ids'])
      .execute();
    const clocks = await db.selectFrom('event_deadlines').select(['event_id', 'step']).execute();
    const outbox = await db
      .selectFrom('outbox')
      .select(['id', 'event_id', 'recipient_id', 'topic', 'state', 'attempts'])
      .where('event_id', 'is not', null)
      .execute();
    const attachments = await db.selectFrom('attachments').select(['id', 'event_id', 'storage_key']).execute();
    const by = <T extends { event_id: number | null }>(rows: T[]) => {
      const map = new Map<number, T[]>();
      for (const r of rows) if (r.event_id !== null) map.set(r.event_id, [...(map.get(r.event_id) ?? []), r]);
      return map;
    };
    const [assignmentsOf, historyOf, clocksOf, outboxOf, attachmentsOf] = [
      by(assignments),
      by(history),
      by(clocks),
      by(outbox),
      by(attachments),
    ];
    const problems: string[] = [];
    const written = new Map<string, Written>();
    for (const e of events) {
      const label = `event ${e.id} (${e.idempotency_key ?? 'no key'})`;
      const h = historyOf.get(e.id) ?? [];
      const a = assignmentsOf.get(e.id) ?? [];
      const o = outboxOf.get(e.id) ?? [];
      const c = clocksOf.get(e.id) ?? [];
      const actions = h.map((r) => `${r.action}→${r.to_status}`).sort();
      if (actions.join() !== 'dispatch→dispatched,report→reported')
        problems.push(`${label}: history ${actions.join() || 'none'}`);
      if (e.status !== 'dispatched') problems.push(`${label}: status ${e.status}`);
      const people = [...new Set(a.map((r) => r.person_id).filter((p): p is number => p !== null))].sort(
        (x, y) => x - y,
      );
      if (!a.length || a.some((r) => !r.active))
        problems.push(`${label}: ${a.length} assignments, ${a.filter((r) => !r.active).length} inactive`);
      const dispatch = h.find((r) => r.action === 'dispatch');
      const planned = ((dispatch?.data as { assignments?: { personId?: number }[] } | null)?.assignments ?? []).map(
        (p) => p.personId ?? null,
      );
      if (planned.length !== a.length)
        problems.push(`${label}: ${a.length} assignments, the dispatch record names ${planned.length}`);
      const recipients = o.map((r) => r.recipient_id!).sort((x, y) => x - y);
      if (o.some((r) => r.topic !== 'event.assigned'))
        problems.push(`${label}: outbox topics ${o.map((r) => r.topic).join()}`);
      if (!a.some((r) => r.centre_code) && recipients.join() !== people.join())
        problems.push(`${label}: notified ${recipients.join()} but assigned ${people.join()}`);
      if (!recipients.length) problems.push(`${label}: no notification queued`);
      if (!c.length) problems.push(`${label}: no clocks`);
      const linked = (attachmentsOf.get(e.id) ?? []).map((r) => r.id).sort();
      const reported = h.find((r) => r.action === 'report');
      const named = ((reported?.attachment_ids as string[] | null) ?? []).slice().sort();
      if (linked.join() !== named.join())
        problems.push(`${label}: photos linked ${linked.join()} but the report names ${named.join()}`);
      for (const r of attachmentsOf.get(e.id) ?? []) {
        if (!fs.existsSync(path.join(target.dataDir, 'files', r.storage_key)))
          problems.push(`${label}: photo ${r.id} not on disk`);
      }
      if (!e.idempotency_key || !sentKeys.has(e.idempotency_key))
        problems.push(`${label}: not a report this test sent`);
      const shape = JSON.stringify({
        people,
        recipients,
        clocks: c.map((r) => r.step).sort(),
        centres: a.filter((r) => r.centre_code).length,
      });
      if (e.idempotency_key) {
        if (written.has(e.idempotency_key))
          problems.push(`${label}: key ${e.idempotency_key} also on event ${written.get(e.idempotency_key)!.id}`);
        written.set(e.idempotency_key, {
          id: e.id,
          key: e.idempotency_key,
          scope: e.idempotency_scope,
          serialNo: e.serial_no,
          gridCode: e.grid_code,
          shape,
        });
      }
    }
    if (new Set(events.map((e) => e.serial_no)).size !== events.length) problems.push('serial numbers repeat');
    // each event is whole in the same way as the uninterrupted report at its grid
    const referenceShape = new Map<string, string>();
    for (const key of references) {
      const reference = written.get(key);
      if (!reference?.gridCode) problems.push(`the reference report ${key} is ${reference ? 'in no grid' : 'missing'}`);
      else referenceShape.set(reference.gridCode, reference.shape);
    }
    for (const w of written.values()) {
      const expected = w.gridCode ? referenceShape.get(w.gridCode) : undefined;
      if (!expected) problems.push(`event ${w.id}: in grid ${w.gridCode}, where no reference report was made`);
      else if (w.shape !== expected)
        problems.push(`event ${w.id}: ${w.shape}, but the uninterrupted report in ${w.gridCode} left ${expected}`);
    }
    // every acknowledged report: exactly one event, the one the answer named
    for (const ack of acks.values()) {
      const w = written.get(ack.key);
      if (!w) {
        problems.push(`acknowledged ${ack.key} (${ack.serialNo}) is missing`);
        continue;
      }
      if (w.serialNo !== ack.serialNo || (ack.eventId !== undefined && w.id !== ack.eventId))
        problems.push(`acknowledged ${ack.key}: answered ${ack.eventId}/${ack.serialNo}, stored ${w.id}/${w.serialNo}`);
      // keys live per signed-in person, and per client address without an account (here every citizen is 127.0.0.1)
      if (w.scope !== (ack.kind === 'staff' ? staffScope : 'public:127.0.0.1'))
        problems.push(`acknowledged ${ack.key}: scope ${w.scope}`);
      if (ack.attachmentId && !(attachmentsOf.get(w.id) ?? []).some((r) => r.id === ack.attachmentId))
        problems.push(`acknowledged ${ack.key}: photo ${ack.attachmentId} not linked`);
    }
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
    return {
      events: events.length,
      outboxIds: new Set(outbox.map((o) => o.id)),
      // claimed by a dispatcher that was killed before it marked them sent: the next one sends them after the lease
      claimedByTheDead: outbox.filter((o) => o.state === 'pending' && o.attempts > 0).length,
    };
  } finally {
    await database.close();
  }
}

const results: RunResult[] = [];
afterAll(() => {
  for (const r of results) {
    console.log(
      `crash safety, ${r.target}: seed ${SEED}, ${r.kills} kills under load (+1 at rest), ${r.sent} sends, ${r.acknowledged} acknowledged, ` +
        `${r.retried} retried after a lost answer (${r.retriedCommitted} had committed), ${r.abandoned} left unanswered, ${r.resentAcknowledged} acknowledged sent again, ` +
        `${r.events} events verified whole, ${r.notifications} notifications delivered (${r.claimedByTheDead} after a dead dispatcher's lease), ${r.seconds} s (${Object.entries(
          r.phases,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; restarts ${r.restarts.map((t) => t.toFixed(1)).join(' ')} s)`,
    );
  }
});

describe(`crash safety (CRASH_SEED=${SEED})`, () => {
  it('the embedded database keeps every acknowledged report, whole and once, through SIGKILLs', async () => {
    const target = await embeddedTarget();
    try {
      results.push(await crashRun(target));
    } finally {
      await target.cleanup();
    }
  }, 240_000);

  it('the PostgreSQL server keeps every acknowledged report, whole and once, through SIGKILLs', async () => {
    const target = await postgresTarget();
    try {
      results.push(await crashRun(target));
    } finally {
      await target.cleanup();
    }
  }, 240_000);
});
