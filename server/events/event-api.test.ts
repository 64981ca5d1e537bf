import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { wgs84ToGcj02 } from '../../core/geo/coord-transform.js';
import { multipart } from '../testing/multipart.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};

async function as(user: string) {
  auth[user] ??= await ctx.login(user);
  return auth[user];
}

async function report(user: string, body: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as(user),
    payload: { categoryCode: 'hazard.fire.exits', description: '楼道堆放杂物堵塞消防通道', ...body },
  });
}

async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/events/${id}/actions/${action}`,
    headers: await as(user),
    payload: body,
  });
}

async function detail(user: string, id: number) {
  return ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as(user) });
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});

afterAll(async () => {
  await ctx?.close();
});

describe('authentication', () => {
  it('refuses every non-public route without a session', async () => {
    for (const [method, url] of [
      ['GET', '/api/events'],
      ['POST', '/api/events'],
      ['GET', '/api/events/1'],
      ['GET', '/api/geo/boundaries?level=grid'],
      ['GET', '/api/people'],
      ['POST', '/api/attachments'],
    ] as const) {
      const res = await ctx.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('rejects a wrong password and a made-up token', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gw_a1', password: 'nope-nope' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const forged = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: 'Bearer forged' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('signs in with a cookie and out again', async () => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sec_a', password: 'secret123' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'yw_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { yw_session: cookie.value } });
    expect(me.json().user).toMatchObject({ role: 'village_secretary', jurisdictionCode: T.villageA1 });
    // a change by cookie carries the web app's header (or a same-site Origin): server/http/security-csrf.ts
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { yw_session: cookie.value },
      headers: { 'x-requested-with': 'yiwang' },
    });
    expect(out.statusCode, out.body).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { yw_session: cookie.value } });
    expect(after.statusCode).toBe(401);
  });
});

describe('intake and auto-dispatch', () => {
  it('routes a grid worker’s report to the grid owners and the village 3+N team, and notifies them', async () => {
    const res = await report('gw_a1', { location: P.inGridA1a, riskLevel: 'yellow', address: '东村3组' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.event).toMatchObject({
      status: 'dispatched',
      jurisdictionCode: T.gridA1a,
      villageCode: T.villageA1,
      townCode: T.townA,
      channel: 'grid_patrol',
      dispatchReason: 'in_grid',
    });
    expect(body.event.serialNo).toMatch(/^YW20261124\d{6}$/);
    const people = body.assignments
      .map((a: { person: { id: number }; assignmentRole: string }) => [a.person.id, a.assignmentRole])
      .sort();
    expect(people).toEqual(
      [
        [county.people.gw_a1, 'grid_owner'],
        [county.people.gh_a, 'grid_owner'],
        [county.people.sec_a, 'village_team'],
        [county.people.vl_a, 'village_team'],
        [county.people.police_a, 'village_team'],
        [county.people.team_a, 'village_team'],
      ].sort(),
    );
    await ctx.dispatcher.drain();
    const notified = ctx.notifier.sent.filter((n) => (n.payload as { eventId: number }).eventId === body.event.id);
    expect(notified.map((n) => n.recipientId).sort()).toEqual(people.map((p: number[]) => p[0]).sort());
    expect((notified[0].payload as { text: string }).text).toContain(body.event.serialNo);
  });

  it('sends a point in a gap between grids to the town centre, with the reason', async () => {
    const res = await report('town_a_op', { location: P.inVillageA2Gap, channel: 'hotline_12345' });
    expect(res.statusCode).toBe(201);
    const { event, assignments } = res.json();
    expect(event).toMatchObject({
      jurisdictionCode: T.villageA2,
      dispatchReason: 'outside_grids',
      channel: 'hotline_12345',
    });
    expect(assignments).toHaveLength(1);
    expect(assignments[0].centre.code).toBe(T.townA);
  });

  it('sends a point outside the county to the county centre', async () => {
    const res = await report('county_op', { location: P.outsideCounty });
    const { event, assignments } = res.json();
    expect(event).toMatchObject({ jurisdictionCode: T.county, dispatchReason: 'outside_county' });
    expect(assignments[0].centre.code).toBe(T.county);
  });

  it('converts GCJ-02 coordinates when flagged', async () => {
    const [lng, lat] = wgs84ToGcj02(P.inGridA1b.lng, P.inGridA1b.lat);
    const res = await report('gw_a2', { location: { lng, lat, crs: 'gcj02' } });
    const { event } = res.json();
    expect(event.jurisdictionCode).toBe(T.gridA1b);
    expect(event.location.lng).toBeCloseTo(P.inGridA1b.lng, 6);
    expect(event.location.lat).toBeCloseTo(P.inGridA1b.lat, 6);
  });

  it('accepts a named jurisdiction when there is no location (a hotline call)', async () => {
    const res = await report('county_op', {
      jurisdictionCode: T.villageA1,
      channel: 'hotline_12345',
      reporterName: '王先生',
      reporterPhone: '13912345678',
    });
    expect(res.statusCode).toBe(201);
    const { event, assignments } = res.json();
    expect(event).toMatchObject({ jurisdictionCode: T.villageA1, dispatchReason: 'named_jurisdiction' });
    expect(assignments.map((a: { person: { id: number } }) => a.person.id).sort()).toEqual(
      [county.people.sec_a, county.people.vl_a, county.people.police_a, county.people.team_a].sort(),
    );
  });

  it('returns the first event for a retried submission with the same idempotency key', async () => {
    const key = 'offline-7f3a9c1e-0001';
    const first = await report('gw_a1', { location: P.inGridA1a, idempotencyKey: key });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { ...(await as('gw_a1')), 'idempotency-key': key },
      payload: { categoryCode: 'hazard.fire.exits', description: '楼道堆放杂物堵塞消防通道', location: P.inGridA1a },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().event.id).toBe(first.json().event.id);
    expect(again.json().created).toBe(false);
    const count = await ctx.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('creates one event when the same key arrives twice at once', async () => {
    const key = 'concurrent-key-0002';
    const [a, b] = await Promise.all([
      report('gw_a1', { location: P.inGridA1a, idempotencyKey: key }),
      report('gw_a1', { location: P.inGridA1a, idempotencyKey: key }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().event.id).toBe(b.json().event.id);
  });

  it('keeps serial numbers unique past the sixth digit', async () => {
    await sql`SELECT setval('event_serial_seq', 999999)`.execute(ctx.database.db);
    const a = (await report('gw_a1', { location: P.inGridA1a })).json().event.serialNo;
    const b = (await report('gw_a1', { location: P.inGridA1a })).json().event.serialNo;
    expect(a).toMatch(/^YW\d{8}1000000$/);
    expect(b).toMatch(/^YW\d{8}1000001$/);
  });

  it('rejects bad input with a 4xx, a stable code and no write', async () => {
    const before = await ctx.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ location: { lng: 200, lat: 35 } }, 400, 'COORDINATES_INVALID'],
      [{ location: { lng: 105, lat: -91 } }, 400, 'COORDINATES_INVALID'],
      [{ location: { lng: '105', lat: 35 } }, 400, 'VALIDATION_FAILED'],
      [{ location: P.inGridA1a, categoryCode: 'no.such.category' }, 400, 'CATEGORY_UNKNOWN'],
      [{ location: P.inGridA1a, description: '' }, 400, 'VALIDATION_FAILED'],
      [{ location: P.inGridA1a, riskLevel: 'purple' }, 400, 'VALIDATION_FAILED'],
      [{ location: P.inGridA1a, unexpected: 1 }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ jurisdictionCode: '620999100299' }, 404, 'JURISDICTION_NOT_FOUND'],
      [{ jurisdictionCode: '12345678901x' }, 400, 'JURISDICTION_CODE_INVALID'],
      [{ location: P.inGridA1a, attachmentIds: ['00000000-0000-0000-0000-000000000000'] }, 400, 'ATTACHMENT_NOT_FOUND'],
      [{ location: P.inGridA1a, reportedAt: '2099-01-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
      [{ location: P.inGridA1a, idempotencyKey: 'short' }, 400, 'IDEMPOTENCY_KEY_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await report('gw_a1', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code, JSON.stringify(body)).toBe(code);
    }
    const raw = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { ...(await as('gw_a1')), 'content-type': 'application/json' },
      payload: '{"categoryCode": ',
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error.code).toBe('BAD_JSON');
    const after = await ctx.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('lifecycle', () => {
  it('goes reported → dispatched → accepted → handling → resolved → verified → closed, with every step in the history', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    expect((await detail('sec_a', id)).json().availableActions).toEqual([
      'accept',
      'return',
      'escalate',
      'request_extension',
      'consult',
    ]);
    expect((await act('sec_a', id, 'accept')).statusCode).toBe(200);
    expect((await act('sec_a', id, 'start')).statusCode).toBe(200);
    expect((await act('sec_a', id, 'record', { note: '已联系物业清理' })).statusCode).toBe(200);
    expect((await act('sec_a', id, 'resolve', { note: '杂物已清理，通道畅通' })).json().event.status).toBe('resolved');
    expect((await detail('town_a_op', id)).json().availableActions).toEqual(
      expect.arrayContaining(['verify', 'rework']),
    );
    expect((await act('town_a_op', id, 'verify')).json().event.status).toBe('verified');
    const closed = await act('leader', id, 'close');
    expect(closed.json().event).toMatchObject({ status: 'closed', statusKind: 'closed' });
    const d = (await detail('county_op', id)).json();
    expect(d.history.map((h: { action: string; toStatus: string }) => `${h.action}:${h.toStatus}`)).toEqual([
      'report:reported',
      'dispatch:dispatched',
      'accept:accepted',
      'start:handling',
      'record:handling',
      'resolve:resolved',
      'verify:verified',
      'close:closed',
    ]);
    expect(d.history[2].actor).toMatchObject({ id: county.people.sec_a, role: 'village_secretary' });
    expect(d.history[1].actor).toMatchObject({ id: null, role: 'system' });
    expect(d.availableActions).toEqual(['reopen']);
    expect(d.event.closedAt).not.toBeNull();
  });

  it('refuses an illegal transition and changes nothing', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    const before = (await detail('town_a_op', id)).json();
    const res = await act('town_a_op', id, 'close');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EVENT_ILLEGAL_TRANSITION');
    const after = (await detail('town_a_op', id)).json();
    expect(after.event.status).toBe('dispatched');
    expect(after.event.version).toBe(before.event.version);
    expect(after.history).toHaveLength(before.history.length);
  });

  it('refuses actors without the right', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    const notAssigned = await act('sec_a2', id, 'accept');
    expect(notAssigned.statusCode).toBe(404);
    const otherTown = await act('town_b_op', id, 'dispatch');
    expect(otherTown.statusCode).toBe(404);
    const worker = await act('gw_a1', id, 'verify');
    expect(worker.statusCode).toBe(403);
    expect(worker.json().error.code).toBe('FORBIDDEN');
    const leaderDispatch = await act('leader', id, 'reassign', { jurisdictionCode: T.gridA1b });
    expect(leaderDispatch.statusCode).toBe(403);
    const missingNote = await act('sec_a', id, 'return');
    expect(missingNote.statusCode).toBe(400);
    expect((await detail('sec_a', id)).json().event.status).toBe('dispatched');
  });

  it('returns a wrongly placed event and re-dispatches it elsewhere', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    expect((await act('sec_a', id, 'return', { note: '实际发生在乙镇南社区' })).json().event.status).toBe('returned');
    const outOfScope = await act('town_a_op', id, 'redispatch', { jurisdictionCode: T.gridB1a });
    expect(outOfScope.statusCode).toBe(403);
    expect(outOfScope.json().error.code).toBe('OUT_OF_SCOPE');
    const res = await act('county_op', id, 'redispatch', { jurisdictionCode: T.gridB1a });
    expect(res.json().event).toMatchObject({ status: 'dispatched', jurisdictionCode: T.gridB1a, townCode: T.townB });
    const d = (await detail('county_op', id)).json();
    const active = d.assignments
      .filter((a: { active: boolean }) => a.active)
      .map((a: { person: { id: number } }) => a.person.id)
      .sort();
    expect(active).toEqual([county.people.gw_b1, county.people.sec_b].sort());
    expect(d.assignments.filter((a: { active: boolean }) => !a.active).length).toBe(6);
    expect((await act('gw_b1', id, 'accept')).statusCode).toBe(200);
    // the old village still sees what it once had, but can no longer act on it
    expect((await act('sec_a', id, 'start')).statusCode).toBe(403);
  });

  it('reassigns to departments: the lead department’s staff can accept (吹哨报到)', async () => {
    const id = (
      await report('gw_a1', { location: P.inGridA1a, categoryCode: 'hazard.gas.leak', riskLevel: 'red' })
    ).json().event.id;
    const res = await act('county_op', id, 'reassign', {
      departmentIds: [county.departments.yjj, county.departments.scjg],
    });
    expect(res.statusCode).toBe(200);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?status=dispatched',
      headers: await as('dept_scjg'),
    });
    expect(list.json().items.map((e: { id: number }) => e.id)).toContain(id);
    expect((await act('dept_yjj', id, 'accept')).statusCode).toBe(200);
    const roles = (await detail('county_op', id))
      .json()
      .assignments.filter((a: { active: boolean }) => a.active)
      .map((a: { assignmentRole: string }) => a.assignmentRole);
    expect(roles).toEqual(['department_lead', 'department_assist']);
  });

  it('finds likely duplicates nearby: same type, within 300 m and a week, open, visible', async () => {
    const a = (
      await report('gw_a1', { location: { lng: 105.02, lat: 35.02 }, categoryCode: 'hazard.road.damage' })
    ).json().event.id;
    const near = (
      await report('gw_a1', { location: { lng: 105.0215, lat: 35.0205 }, categoryCode: 'hazard.road.damage' })
    ).json().event.id;
    const sameTypeOtherAspect = (
      await report('gw_a1', { location: { lng: 105.0205, lat: 35.0195 }, categoryCode: 'hazard.road.signs' })
    ).json().event.id;
    const far = (
      await report('gw_a1', { location: { lng: 105.03, lat: 35.02 }, categoryCode: 'hazard.road.damage' })
    ).json().event.id;
    const otherType = (
      await report('gw_a1', { location: { lng: 105.0201, lat: 35.0201 }, categoryCode: 'dispute.neighbour.noise' })
    ).json().event.id;
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${a}/similar`,
      headers: await as('town_a_op'),
    });
    const ids = res.json().items.map((i: { id: number }) => i.id);
    expect(ids).toContain(near);
    expect(ids).toContain(sameTypeOtherAspect);
    expect(ids.indexOf(near)).toBeLessThan(ids.indexOf(sameTypeOtherAspect));
    expect(ids).not.toContain(far);
    expect(ids).not.toContain(otherType);
    expect(ids).not.toContain(a);
    expect(res.json().items[0].distanceMeters).toBeLessThan(300);
    const outsider = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${a}/similar`,
      headers: await as('town_b_op'),
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('merges a duplicate into an open event, not into a closed one', async () => {
    const a = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    const b = (await report('gw_a2', { location: P.inGridA1b })).json().event.id;
    const res = await act('town_a_op', b, 'merge', { targetEventId: a, note: '同一处堵塞' });
    expect(res.json().event).toMatchObject({ status: 'merged', mergedIntoId: a, statusKind: 'closed' });
    const target = (await detail('town_a_op', a)).json();
    expect(target.history.at(-1)).toMatchObject({ action: 'merge_in', toStatus: 'dispatched' });
    const c = (await report('gw_a2', { location: P.inGridA1b })).json().event.id;
    const intoClosed = await act('town_a_op', c, 'merge', { targetEventId: b });
    expect(intoClosed.statusCode).toBe(409);
    expect(intoClosed.json().error.code).toBe('EVENT_MERGE_INVALID');
    expect((await act('town_a_op', c, 'merge', { targetEventId: c })).json().error.code).toBe('EVENT_MERGE_INVALID');
  });

  it('lets a citizen cancel their own report before it is accepted, not after', async () => {
    const res = await report('citizen1', { location: P.inGridA1a, channel: 'police_110' });
    expect(res.json().event.channel).toBe('citizen');
    const id = res.json().event.id;
    const second = (await report('citizen1', { location: P.inGridA1a })).json().event.id;
    expect((await act('citizen1', id, 'cancel', { note: '已自行解决' })).json().event.status).toBe('cancelled');
    await act('sec_a', second, 'accept');
    const late = await act('citizen1', second, 'cancel', { note: '不需要了' });
    expect(late.statusCode).toBe(409);
    const otherCitizen = await detail('citizen2', second);
    expect(otherCitizen.statusCode).toBe(404);
  });

  it('reworks after a failed verification', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    await act('sec_a', id, 'accept');
    await act('sec_a', id, 'resolve', { note: '已处理' });
    const rework = await act('town_a_op', id, 'rework', { note: '现场核查仍有杂物' });
    expect(rework.json().event).toMatchObject({ status: 'handling', resolvedAt: null });
    await ctx.dispatcher.drain();
    const toSec = ctx.notifier.sent.filter((n) => n.topic === 'event.rework' && n.recipientId === county.people.sec_a);
    expect(toSec.length).toBeGreaterThan(0);
  });

  it('detects a stale version', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    const version = (await detail('sec_a', id)).json().event.version;
    await act('sec_a', id, 'accept', { version });
    const stale = await act('sec_a', id, 'start', { version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('EVENT_VERSION_CONFLICT');
  });

  it('serialises two actions racing on one event: one wins, one is refused', async () => {
    const id = (await report('gw_a1', { location: P.inGridA1a })).json().event.id;
    const [x, y] = await Promise.all([act('sec_a', id, 'accept'), act('gh_a', id, 'accept')]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const history = (await detail('sec_a', id)).json().history;
    expect(history.filter((h: { action: string }) => h.action === 'accept')).toHaveLength(1);
  });
});

describe('reading', () => {
  it('lists only what the user may see, with filters and paging', async () => {
    const townB = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?pageSize=100',
      headers: await as('town_b_op'),
    });
    for (const e of townB.json().items) expect(e.jurisdictionCode.startsWith('620999101')).toBe(true);
    const countyAll = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?pageSize=5&page=1',
      headers: await as('county_op'),
    });
    expect(countyAll.json().items).toHaveLength(5);
    expect(countyAll.json().total).toBeGreaterThan(10);
    const red = await ctx.app.inject({ method: 'GET', url: '/api/events?risk=red', headers: await as('county_op') });
    expect(red.json().items.every((e: { riskLevel: string }) => e.riskLevel === 'red')).toBe(true);
    expect(red.json().total).toBeGreaterThan(0);
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?jurisdiction=${T.townA}`,
      headers: await as('town_b_op'),
    });
    expect(forbidden.statusCode).toBe(403);
    const villageOnly = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?jurisdiction=${T.villageA2}`,
      headers: await as('county_op'),
    });
    expect(
      villageOnly.json().items.every((e: { jurisdictionCode: string }) => e.jurisdictionCode.startsWith(T.villageA2)),
    ).toBe(true);
    const mine = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?mine=true&statusKind=open',
      headers: await as('gw_b1'),
    });
    expect(mine.json().items.length).toBeGreaterThan(0);
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?pageSize=1000',
      headers: await as('county_op'),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('narrows the list to a place in the user’s subtree (the desk’s place picker), never wider than their scope', async () => {
    const list = async (user: string, query: string) =>
      ctx.app.inject({ method: 'GET', url: `/api/events?pageSize=100&${query}`, headers: await as(user) });
    const village = await list('sec_a', '');
    const grid = await list('sec_a', `jurisdiction=${T.gridA1a}`);
    expect(grid.statusCode).toBe(200);
    expect(grid.json().total).toBeGreaterThan(0);
    expect(grid.json().total).toBeLessThanOrEqual(village.json().total);
    for (const e of grid.json().items) expect(e.jurisdictionCode.startsWith(T.gridA1a)).toBe(true);
    // combined with the other filters, as the desk sends them
    const open = await list('sec_a', `jurisdiction=${T.gridA1a}&statusKind=open&sort=updated_at&order=asc`);
    expect(open.json().items.every((e: { statusKind: string }) => e.statusKind === 'open')).toBe(true);
    // a village user asking for their town or the county, or a sibling village, is refused — not shown more
    for (const code of [T.townA, T.county, T.villageA2]) {
      const wider = await list('sec_a', `jurisdiction=${code}`);
      expect(wider.statusCode, code).toBe(403);
      expect(wider.json().error.code).toBe('OUT_OF_SCOPE');
    }
    expect((await list('sec_a', 'jurisdiction=6209991002')).statusCode).toBe(400);
  });

  it('serves GeoJSON of boundaries and events for the map', async () => {
    const grids = await ctx.app.inject({
      method: 'GET',
      url: '/api/geo/boundaries?level=grid',
      headers: await as('town_a_op'),
    });
    expect(
      grids
        .json()
        .features.map((f: { id: string }) => f.id)
        .sort(),
    ).toEqual([T.gridA1a, T.gridA1b, T.gridA2a]);
    const points = await ctx.app.inject({ method: 'GET', url: '/api/events/geojson', headers: await as('town_b_op') });
    expect(points.json().type).toBe('FeatureCollection');
    for (const f of points.json().features) expect(f.geometry.type).toBe('Point');
  });
});

describe('attachments', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8a0a80000000049454e44ae426082',
    'hex',
  );

  it('sniffs the type, links the photo to the event, and hides it from others', async () => {
    const up = multipart(png, 'photo.png');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...up.headers, ...(await as('gw_a1')) },
      payload: up.payload,
    });
    expect(res.statusCode).toBe(201);
    const attachment = res.json().attachment;
    expect(attachment.mimeType).toBe('image/png');
    const fake = multipart(Buffer.from('<html>not an image</html>'), 'photo.jpg');
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...fake.headers, ...(await as('gw_a1')) },
      payload: fake.payload,
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('ATTACHMENT_TYPE_UNSUPPORTED');
    // someone else cannot use my upload
    const stolen = await report('gw_a2', { location: P.inGridA1b, attachmentIds: [attachment.id] });
    expect(stolen.json().error.code).toBe('ATTACHMENT_NOT_FOUND');
    const ev = await report('gw_a1', { location: P.inGridA1a, attachmentIds: [attachment.id] });
    expect(ev.statusCode).toBe(201);
    const d = (await detail('sec_a', ev.json().event.id)).json();
    expect(d.attachments).toHaveLength(1);
    const download = await ctx.app.inject({ method: 'GET', url: d.attachments[0].url, headers: await as('sec_a') });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(download.rawPayload, png)).toBe(0);
    const outsider = await ctx.app.inject({ method: 'GET', url: d.attachments[0].url, headers: await as('town_b_op') });
    expect(outsider.statusCode).toBe(404);
  });
});

describe('public citizen intake (随手拍)', () => {
  it('takes a report without an account and tracks it by token', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'uncivil.public.littering',
        description: '河边有人倾倒建筑垃圾',
        location: P.inGridB1a,
        reporterPhone: '13712345678',
      },
    });
    expect(res.statusCode).toBe(201);
    const { trackingToken, serialNo } = res.json();
    expect(trackingToken.length).toBeGreaterThanOrEqual(30);
    const track = await ctx.app.inject({ method: 'GET', url: `/api/public/events/${trackingToken}` });
    expect(track.statusCode).toBe(200);
    expect(track.json()).toMatchObject({ serialNo, status: 'dispatched' });
    expect(JSON.stringify(track.json())).not.toContain('网格员');
    const unknown = await ctx.app.inject({ method: 'GET', url: `/api/public/events/${'x'.repeat(32)}` });
    expect(unknown.statusCode).toBe(404);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?channel=citizen',
      headers: await as('town_b_op'),
    });
    expect(list.json().items.some((e: { serialNo: string }) => e.serialNo === serialNo)).toBe(true);
  });
});
