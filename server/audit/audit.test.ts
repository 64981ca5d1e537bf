/**
 * The audit trail through the real HTTP layer, on the embedded database and on PostgreSQL: what a
 * write, a refusal, a sign-in and a personal-data read record; that no personal data lands in a
 * record; that the table refuses changes; that the chain stays one chain under concurrent writers;
 * that verification names the first broken link after tampering; who reads GET /api/audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { hashPassword } from '../auth/password.js';
import { verifyAuditChain } from './verify-audit.js';
import { AuditRepository, type AuditRecordRow } from './audit.repository.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};

async function as(user: string) {
  auth[user] ??= await ctx.login(user);
  return auth[user];
}

/** The records appended since `afterId`, in chain order. */
async function recordsAfter(afterId: number): Promise<AuditRecordRow[]> {
  const rows = await ctx.database.db
    .selectFrom('audit_records')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) })) as AuditRecordRow[];
}

async function lastId(): Promise<number> {
  const row = await ctx.database.db.selectFrom('audit_chain_head').select('last_id').executeTakeFirstOrThrow();
  return Number(row.last_id);
}

const PHONE = '13912345678';
const DESCRIPTION = '张三家门口堆放杂物堵塞消防通道';

async function report(user: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as(user),
    payload: {
      categoryCode: 'hazard.fire.exits',
      description: DESCRIPTION,
      reporterName: '张三',
      reporterPhone: PHONE,
      location: P.inGridA1a,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().event.id as number;
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  // a town-level leader, to see the reader's scope narrow to a town
  await ctx.database.db
    .insertInto('people')
    .values({
      username: 'leader_town_a',
      name: '甲镇领导',
      role: 'leader',
      jurisdiction_code: T.townA,
      password_hash: await hashPassword('secret123'),
    })
    .execute();
});

afterAll(async () => {
  await ctx?.close();
});

describe('what a write records', () => {
  it('records a report with its actor, role, jurisdiction, target, client address and outcome', async () => {
    await as('gw_a1');
    const before = await lastId();
    const id = await report('gw_a1');
    const [record, ...rest] = await recordsAfter(before);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      actor_id: county.people.gw_a1,
      actor_name: '网格员甲一',
      actor_role: 'grid_worker',
      actor_jurisdiction: T.gridA1a,
      action: 'POST /api/events',
      target_type: 'events',
      target_id: String(id),
      client_address: '127.0.0.1',
      status: 201,
      error_code: null,
    });
    expect(record!.at.toISOString()).toBe(ctx.clock.now.toISOString());
  });

  it('records an action with its verb, and a refused one with its error code', async () => {
    const id = await report('gw_a1');
    await as('gw_b1');
    const before = await lastId();
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/actions/close`,
      headers: await as('gw_a1'),
      payload: {},
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const outside = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/actions/accept`,
      headers: await as('gw_b1'),
      payload: {},
    });
    expect(outside.statusCode).toBe(404);
    const accepted = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/actions/accept`,
      headers: await as('gw_a1'),
      payload: {},
    });
    expect(accepted.statusCode).toBe(200);
    const records = await recordsAfter(before);
    expect(records.map((r) => [r.action, r.actor_id, r.target_id, r.status, r.error_code])).toEqual([
      [
        'POST /api/events/:id/actions/close',
        county.people.gw_a1,
        String(id),
        refused.statusCode,
        refused.json().error.code,
      ],
      ['POST /api/events/:id/actions/accept', county.people.gw_b1, String(id), 404, 'EVENT_NOT_FOUND'],
      ['POST /api/events/:id/actions/accept', county.people.gw_a1, String(id), 200, null],
    ]);
  });

  it('records anonymous refusals with no actor, and the client address given', async () => {
    const before = await lastId();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      remoteAddress: '203.0.113.7',
      payload: { description: 'x' },
    });
    expect(res.statusCode).toBe(401);
    const [record] = await recordsAfter(before);
    expect(record).toMatchObject({
      actor_id: null,
      actor_role: null,
      actor_jurisdiction: null,
      action: 'POST /api/events',
      status: 401,
      error_code: 'AUTH_REQUIRED',
      client_address: '203.0.113.7',
    });
  });

  it('records sign-ins, failed and successful, with the username tried and never the password', async () => {
    const before = await lastId();
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sec_a', password: 'wrong-password-42' },
    });
    expect(bad.statusCode).toBe(401);
    const good = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sec_a', password: 'secret123' },
    });
    expect(good.statusCode).toBe(200);
    const [failed, succeeded] = await recordsAfter(before);
    expect(failed).toMatchObject({
      actor_id: null,
      action: 'POST /api/auth/login',
      status: 401,
      error_code: 'AUTH_INVALID_CREDENTIALS',
      details: { username: 'sec_a' },
    });
    expect(succeeded).toMatchObject({
      actor_id: county.people.sec_a,
      actor_role: 'village_secretary',
      actor_jurisdiction: T.villageA1,
      target_type: 'people',
      target_id: String(county.people.sec_a),
      status: 200,
      details: { username: 'sec_a' },
    });
    const text = JSON.stringify([failed, succeeded]);
    expect(text).not.toContain('wrong-password-42');
    expect(text).not.toContain('secret123');
    expect(text).not.toContain(good.json().token);
  });

  it('records no route-less requests and no reads that are not of personal data', async () => {
    await as('county_op');
    const before = await lastId();
    expect((await ctx.app.inject({ method: 'POST', url: '/api/no-such-route' })).statusCode).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/events', headers: await as('county_op') })).statusCode,
    ).toBe(200);
    expect(await recordsAfter(before)).toEqual([]);
  });
});

describe('personal-data reads', () => {
  it('records a staff member reading the reporter’s name (the phone is masked), not the reporter reading their own', async () => {
    const id = await report('gw_a1');
    await as('town_a_op');
    const before = await lastId();
    const asOperator = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${id}`,
      headers: await as('town_a_op'),
    });
    expect(asOperator.statusCode).toBe(200);
    expect(asOperator.json().event.reporterPhone).toBe('139****5678');
    const records = await recordsAfter(before);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      actor_id: county.people.town_a_op,
      actor_role: 'town_operator',
      action: 'READ GET /api/events/:id',
      target_type: 'events',
      target_id: String(id),
      status: 200,
    });
    expect(records[0]!.details).toMatchObject({ fields: expect.arrayContaining(['reporterName']) });

    const mark = await lastId();
    const own = await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as('gw_a1') });
    expect(own.json().event.reporterPhone).toBe(PHONE);
    expect((await recordsAfter(mark)).map((r) => r.details)).toEqual([{ fields: ['assignments.person.phone'] }]);
  });

  it('records reads of the people directory with how many were listed', async () => {
    const before = await lastId();
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/people?jurisdiction=${T.townA}`,
      headers: await as('town_a_op'),
    });
    expect(res.statusCode).toBe(200);
    const [record] = await recordsAfter(before);
    expect(record).toMatchObject({
      action: 'READ GET /api/people',
      target_type: 'jurisdictions',
      target_id: T.townA,
      details: { count: res.json().items.length },
    });
  });

  it('keeps no personal data, password or token in any record', async () => {
    const rows = await ctx.database.db.selectFrom('audit_records').selectAll().execute();
    expect(rows.length).toBeGreaterThan(5);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain(DESCRIPTION);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('secret123');
    for (const { authorization } of Object.values(auth)) expect(text).not.toContain(authorization.slice(7));
  });
});

describe('the table and its chain', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = ctx.database.db;
    await expect(sql`UPDATE audit_records SET action = 'x' WHERE id = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_records WHERE id = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_records`.execute(db)).rejects.toThrow(/append-only/);
    expect((await recordsAfter(0))[0]!.action).not.toBe('x');
  });

  it('stays one gapless chain under concurrent writers', async () => {
    const before = await lastId();
    const headers = await as('gw_a1');
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? ctx.app.inject({
              method: 'POST',
              url: '/api/auth/login',
              payload: { username: `nobody${i}`, password: 'whatever-1' },
            })
          : ctx.app.inject({
              method: 'POST',
              url: '/api/events',
              headers,
              payload: { categoryCode: 'hazard.fire.exits', description: `并发 ${i}`, location: P.inGridA1a },
            }),
      ),
    );
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 401)).toBe(true);
    const records = await recordsAfter(before);
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 24 }, (_, i) => before + 1 + i));
    for (let i = 1; i < records.length; i++) expect(records[i]!.prev_hash).toBe(records[i - 1]!.hash);
    const verification = await verifyAuditChain(ctx.database.db, { batchSize: 7 });
    expect(verification.broken).toBeNull();
    expect(verification.verified).toBe(await lastId());
  });

  it('appends from many connections at once as one chain (the head row serialises them)', async () => {
    const before = await lastId();
    const repo = new AuditRepository(ctx.database.db);
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        repo.append({
          at: ctx.clock.now,
          actorId: null,
          actorName: null,
          actorRole: null,
          actorJurisdiction: null,
          action: 'TEST',
          targetType: null,
          targetId: String(i),
          clientAddress: null,
          status: 200,
          errorCode: null,
          details: null,
        }),
      ),
    );
    expect([...ids].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => before + 1 + i));
    expect((await verifyAuditChain(ctx.database.db)).broken).toBeNull();
  });
});

describe('verification after tampering', () => {
  /** As a superuser would: with the triggers off for the transaction. */
  async function tamper(statement: ReturnType<typeof sql>) {
    await ctx.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await statement.execute(trx);
    });
  }

  it('names the record whose field was changed, then the one whose hash was, then the missing one', async () => {
    const whole = await verifyAuditChain(ctx.database.db, { batchSize: 5 });
    expect(whole.broken).toBeNull();
    const total = whole.verified;
    expect(total).toBeGreaterThan(10);
    const victim = await ctx.database.db
      .selectFrom('audit_records')
      .selectAll()
      .where('id', '=', 7)
      .executeTakeFirstOrThrow();

    await tamper(sql`UPDATE audit_records SET client_address = '10.0.0.1' WHERE id = 7`);
    let result = await verifyAuditChain(ctx.database.db, { batchSize: 5 });
    expect(result.broken).toMatchObject({ id: 7, problem: 'hash_mismatch' });
    expect(result.broken!.at!.toISOString()).toBe(victim.at.toISOString());
    expect(result.verified).toBe(6);
    await tamper(sql`UPDATE audit_records SET client_address = ${victim.client_address} WHERE id = 7`);
    expect((await verifyAuditChain(ctx.database.db)).broken).toBeNull();

    // re-hashing the changed record moves the break to the next link
    await tamper(sql`UPDATE audit_records SET status = 599 WHERE id = 9`);
    await tamper(sql`UPDATE audit_records a SET hash = audit_record_hash(a) WHERE id = 9`);
    result = await verifyAuditChain(ctx.database.db, { batchSize: 5 });
    expect(result.broken).toMatchObject({ id: 10, problem: 'prev_hash_mismatch' });
    const nine = await ctx.database.db
      .selectFrom('audit_records')
      .selectAll()
      .where('id', '=', 9)
      .executeTakeFirstOrThrow();
    expect(nine.hash).not.toBe(victim.hash);
    await tamper(sql`UPDATE audit_records SET status = ${await originalStatus(9)} WHERE id = 9`);
    await tamper(sql`UPDATE audit_records a SET hash = audit_record_hash(a) WHERE id = 9`);
    expect((await verifyAuditChain(ctx.database.db)).broken).toBeNull();

    await tamper(sql`UPDATE audit_records SET hash = repeat('f', 64) WHERE id = 3`);
    result = await verifyAuditChain(ctx.database.db);
    expect(result.broken).toMatchObject({ id: 3, problem: 'hash_mismatch' });
    await tamper(sql`UPDATE audit_records a SET hash = audit_record_hash(a) WHERE id = 3`);

    await tamper(sql`DELETE FROM audit_records WHERE id = 5`);
    result = await verifyAuditChain(ctx.database.db, { batchSize: 3 });
    expect(result.broken).toMatchObject({ id: 5, problem: 'missing_id', at: null });
    expect(result.verified).toBe(4);

    await tamper(sql`DELETE FROM audit_records WHERE id = ${total}`);
    result = await verifyAuditChain(ctx.database.db);
    expect(result.broken).toMatchObject({ id: 5, problem: 'missing_id' });
  });

  const statuses = new Map<number, number>();
  async function originalStatus(id: number): Promise<number> {
    return statuses.get(id)!;
  }
  beforeAll(async () => {
    for (const r of await recordsAfter(0)) statuses.set(r.id, r.status);
  });
});

describe('GET /api/audit', () => {
  it('refuses everyone but the county centre and leaders', async () => {
    for (const user of ['gw_a1', 'town_a_op', 'dept_yjj', 'citizen1', 'sec_a']) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/audit', headers: await as(user) });
      expect(res.statusCode, user).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });

  it('lists the county’s records newest first, filtered and paged, for the county centre', async () => {
    const headers = await as('county_op');
    const all = (await ctx.app.inject({ method: 'GET', url: '/api/audit?limit=200', headers })).json();
    const ids = all.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.items.some((r: { actor: unknown }) => r.actor === null)).toBe(true); // anonymous calls: a county reader sees them

    const page1 = (
      await ctx.app.inject({ method: 'GET', url: `/api/audit?actorId=${county.people.gw_a1}&limit=3`, headers })
    ).json();
    expect(page1.items).toHaveLength(3);
    expect(page1.items.every((r: { actor: { id: number } }) => r.actor.id === county.people.gw_a1)).toBe(true);
    const page2 = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/audit?actorId=${county.people.gw_a1}&limit=3&before=${page1.nextBefore}`,
        headers,
      })
    ).json();
    expect(page2.items[0].id).toBeLessThan(page1.items[2].id);

    const actions = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/audit?action=${encodeURIComponent('POST /api/events/:id/actions/*')}`,
        headers,
      })
    ).json();
    expect(actions.items.length).toBeGreaterThanOrEqual(2); // of three: the tampering above deleted one
    expect(actions.items.every((r: { action: string }) => r.action.startsWith('POST /api/events/:id/actions/'))).toBe(
      true,
    );

    const logins = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/audit?action=${encodeURIComponent('POST /api/auth/login')}&targetType=people&targetId=${county.people.sec_a}`,
        headers,
      })
    ).json();
    expect(logins.items.length).toBeGreaterThanOrEqual(1);
    expect(
      logins.items.every(
        (r: { actor: { id: number }; action: string }) =>
          r.actor.id === county.people.sec_a && r.action === 'POST /api/auth/login',
      ),
    ).toBe(true);

    const at = ctx.clock.now.getTime();
    const none = (
      await ctx.app.inject({ method: 'GET', url: `/api/audit?from=${new Date(at + 1000).toISOString()}`, headers })
    ).json();
    expect(none.items).toEqual([]);
    const some = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/audit?from=${new Date(at - 1000).toISOString()}&to=${new Date(at + 1000).toISOString()}&limit=5`,
        headers,
      })
    ).json();
    expect(some.items).toHaveLength(5);
  });

  it('narrows a town leader to their town’s actors, refusing another town', async () => {
    const headers = await as('leader_town_a');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/audit?limit=200', headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { actor: { jurisdictionCode: string } | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.actor !== null && r.actor.jurisdictionCode.startsWith(T.townA.slice(0, 9)))).toBe(true);
    const other = await ctx.app.inject({ method: 'GET', url: `/api/audit?jurisdiction=${T.townB}`, headers });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const village = (
      await ctx.app.inject({ method: 'GET', url: `/api/audit?jurisdiction=${T.gridA1a}`, headers })
    ).json();
    expect(village.items.length).toBeGreaterThan(0);
    expect(
      village.items.every((r: { actor: { jurisdictionCode: string } }) => r.actor.jurisdictionCode === T.gridA1a),
    ).toBe(true);
  });
});
