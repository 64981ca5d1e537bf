/**
 * Live updates through the real HTTP layer: a listening server, raw server-sent-event streams for
 * several users, changes made through the API and straight in the database (another connection)
 * — each stream hears exactly what its user may see, a rolled-back change is never heard, a bulk
 * change arrives as one message, and closing the server ends the open streams.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { placementOf } from '../../core/organisation/division-code.js';

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

interface Stream {
  status: number;
  events: SseEvent[];
  raw: string;
  ended: boolean;
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

let ctx: TestContext;
let county: TestCounty;
let base: string;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const streams: Stream[] = [];

/** Opens GET /api/live as a user and parses the stream as it arrives; resolves once `ready` came (or the response was not 200). */
async function openStream(user: string | null): Promise<Stream> {
  const headers = user ? await as(user) : {};
  return new Promise((resolve, reject) => {
    const waiters: { predicate: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
    const stream: Stream = {
      status: 0,
      events: [],
      raw: '',
      ended: false,
      waitFor(predicate, timeoutMs = 10_000) {
        const seen = stream.events.find(predicate);
        if (seen) return Promise.resolve(seen);
        return new Promise((res, rej) => {
          const timer = setTimeout(
            () => rej(new Error(`no matching message; got ${JSON.stringify(stream.events)}`)),
            timeoutMs,
          );
          waiters.push({ predicate, resolve: (e) => (clearTimeout(timer), res(e)) });
        });
      },
      close: () => request.destroy(),
    };
    const request = http.get(`${base}/api/live`, { headers }, (response) => {
      stream.status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        stream.raw += chunk;
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (!data.length) continue;
          const parsed: SseEvent = { event, data: JSON.parse(data.join('\n')) };
          stream.events.push(parsed);
          if (event === 'ready') resolve(stream);
          for (const w of waiters.splice(0)) {
            if (w.predicate(parsed)) w.resolve(parsed);
            else waiters.push(w);
          }
        }
      });
      response.on('end', () => {
        stream.ended = true;
        if (stream.status !== 200) resolve(stream);
      });
    });
    request.on('error', (error) => {
      if (!stream.ended && stream.status === 0) reject(error);
    });
    streams.push(stream);
  });
}

async function report(user: string, location: { lng: number; lat: number }, description = '楼道堆放杂物堵塞消防通道') {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as(user),
    payload: { categoryCode: 'hazard.fire.exits', description, location },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event as { id: number; serialNo: string };
}

const about = (id: number, kind?: string) => (e: SseEvent) =>
  e.data.id === id && (kind === undefined || e.data.kind === kind);
const heard = (s: Stream, id: number) => s.events.some((e) => e.data.id === id);

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(async () => {
  for (const s of streams) s.close();
  await ctx?.close();
});

describe('GET /api/live', () => {
  it('needs a session', async () => {
    const s = await openStream(null);
    expect(s.status).toBe(401);
    expect(JSON.parse(s.raw).error.code).toBe('AUTH_REQUIRED');
  });

  it('is an event stream that opens with a retry hint and a ready message', async () => {
    const s = await openStream('county_op');
    expect(s.status).toBe(200);
    expect(s.raw).toMatch(/^retry: \d+\n/);
    expect(s.events[0]).toEqual({ event: 'ready', data: { user: county.people.county_op } });
    s.close();
  });

  it('tells each user of the changes they may see, as they commit', async () => {
    const [countyOp, townA, secA, townB, citizen, dept] = await Promise.all(
      ['county_op', 'town_a_op', 'sec_a', 'town_b_op', 'citizen1', 'dept_yjj'].map((u) => openStream(u)),
    );
    const inA = await report('gw_a1', P.inGridA1a);
    const created = await countyOp.waitFor(about(inA.id, 'created'));
    expect(created.event).toBe('message');
    expect(created.data).toMatchObject({
      kind: 'created',
      id: inA.id,
      serialNo: inA.serialNo,
      jurisdictionCode: T.gridA1a,
      light: 'green',
    });
    expect(Object.keys(created.data).sort()).toEqual(['id', 'jurisdictionCode', 'kind', 'light', 'serialNo', 'status']);
    await townA.waitFor(about(inA.id, 'created'));
    await secA.waitFor(about(inA.id, 'created'));

    // a later event in town B reaches town B's centre: by then, had the first one reached it, it would have come first
    const inB = await report('gw_b1', P.inGridB1a);
    await townB.waitFor(about(inB.id));
    await countyOp.waitFor(about(inB.id));
    expect(heard(townB, inA.id)).toBe(false);
    expect(heard(townA, inB.id) || heard(secA, inB.id)).toBe(false);
    expect(heard(citizen, inA.id) || heard(citizen, inB.id)).toBe(false);
    expect(heard(dept, inA.id) || heard(dept, inB.id)).toBe(false);

    // an action: the status moves
    const accepted = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${inA.id}/actions/accept`,
      headers: await as('sec_a'),
      payload: {},
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await countyOp.waitFor((e) => e.data.id === inA.id && e.data.kind === 'updated' && e.data.status === 'accepted');

    // assigned to a department: its staff hear of it from then on, another department does not
    const assigned = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${inB.id}/actions/assign`,
      headers: await as('county_op'),
      payload: { departmentIds: [county.departments.yjj], note: '请应急管理局牵头处置' },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    await dept.waitFor(about(inB.id, 'updated'));
    const other = await openStream('dept_scjg');
    await ctx.database.db.updateTable('events').set({ light: 'yellow' }).where('id', '=', inB.id).execute();
    await dept.waitFor((e) => e.data.id === inB.id && e.data.light === 'yellow');
    await countyOp.waitFor((e) => e.data.id === inB.id && e.data.light === 'yellow');
    expect(heard(other, inB.id)).toBe(false);

    // the reporter's own report reaches a citizen
    const own = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('citizen1'),
      payload: { categoryCode: 'hazard.fire.exits', description: '小区消防通道被占', location: P.inGridA1b },
    });
    expect(own.statusCode, own.body).toBe(201);
    await citizen.waitFor(about(own.json().event.id, 'created'));

    for (const s of [countyOp, townA, secA, townB, citizen, dept, other]) s.close();
  });

  it('never tells of a change that was rolled back', async () => {
    const countyOp = await openStream('county_op');
    const event = await report('gw_a1', P.inGridA1a, '河道护栏缺失');
    await countyOp.waitFor(about(event.id, 'created'));
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await trx.updateTable('events').set({ light: 'red' }).where('id', '=', event.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await ctx.database.db.updateTable('events').set({ light: 'yellow' }).where('id', '=', event.id).execute();
    await countyOp.waitFor((e) => e.data.id === event.id && e.data.light === 'yellow');
    expect(countyOp.events.some((e) => e.data.id === event.id && e.data.light === 'red')).toBe(false);
    countyOp.close();
  });

  it('announces a change to many events at once as one bulk message', async () => {
    const [countyOp, citizen] = await Promise.all([openStream('county_op'), openStream('citizen1')]);
    const p = placementOf(T.villageA2);
    const category = (
      await ctx.database.db
        .selectFrom('event_categories')
        .select('code')
        .where('event_type', '=', 'appeal')
        .executeTakeFirstOrThrow()
    ).code;
    await sql`
      INSERT INTO events (serial_no, channel, event_type, category_code, risk_level, title, description, status, status_kind,
        jurisdiction_code, county_code, town_code, village_code, grid_code, tracking_token, reported_at, tier, supervisor_code)
      SELECT 'BULK' || g, 'hotline_12345', 'appeal', ${category}, 'blue', '诉求', '诉求', 'handling', 'open',
        ${T.villageA2}, ${p.county_code}, ${p.town_code}, ${p.village_code}, ${p.grid_code}, 'bulk-' || g, now(), 'village', ${p.town_code}
      FROM generate_series(1, 60) AS g`.execute(ctx.database.db);
    const bulk = await countyOp.waitFor((e) => e.data.kind === 'bulk');
    expect(bulk.data).toEqual({ kind: 'bulk', count: 60 });
    expect(countyOp.events.filter((e) => e.data.kind === 'created')).toHaveLength(0);
    // a citizen is told of no one else's events, bulk or not: their next own report is the first thing they hear
    const own = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('citizen1'),
      payload: { categoryCode: 'hazard.fire.exits', description: '路灯损坏', location: P.inGridA1b },
    });
    expect(own.statusCode, own.body).toBe(201);
    await citizen.waitFor(about(own.json().event.id, 'created'));
    expect(citizen.events.some((e) => e.data.kind === 'bulk')).toBe(false);
    countyOp.close();
    citizen.close();
  });

  it('ends the open streams when the server closes', async () => {
    const s = await openStream('leader');
    const ended = new Promise<void>((resolve) => {
      const check = setInterval(() => s.ended && (clearInterval(check), resolve()), 20);
    });
    const started = Date.now();
    await ctx.app.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
