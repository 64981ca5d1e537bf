import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, type TestCounty } from '../testing/test-county.js';
import { scheduleFollowUps, scheduleMissingFollowUps } from './follow-up.service.js';
import { EventRepository } from '../events/event.repository.js';

let ctx: TestContext;
let county: TestCounty;
let auth: Record<string, { authorization: string }> = {};
const START = new Date('2026-11-24T02:00:00Z'); // 10:00 CST

async function as(user: string) {
  auth[user] ??= await ctx.login(user);
  return auth[user];
}

/** Moves the clock; sessions last 12 hours, so everyone signs in again. */
function setClock(at: Date) {
  ctx.clock.now = at;
  auth = {};
}

async function get(user: string | null, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: user ? await as(user) : {} });
}

async function post(user: string | null, url: string, payload: Record<string, unknown> = {}) {
  return ctx.app.inject({ method: 'POST', url, headers: user ? await as(user) : {}, payload });
}

async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await post(user, `/api/events/${id}/actions/${action}`, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

/** gw_a1 reports in grid A1a; sec_a accepts and resolves; the town centre verifies and closes. */
async function closedEvent(): Promise<number> {
  const res = await post('gw_a1', '/api/events', {
    categoryCode: 'hazard.fire.exits',
    description: '楼道堆放杂物堵塞消防通道',
    location: P.inGridA1a,
  });
  expect(res.statusCode).toBe(201);
  const id = res.json().event.id as number;
  await driveToClosed(id);
  return id;
}

async function driveToClosed(id: number) {
  await act('sec_a', id, 'accept');
  await act('sec_a', id, 'resolve', { note: '杂物已清理，通道畅通' });
  await act('town_a_op', id, 'verify');
  await act('town_a_op', id, 'close');
}

async function visits(user: string, eventId: number) {
  const res = await get(user, `/api/events/${eventId}/follow-ups`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    event: { status: string };
    items: {
      id: number;
      kind: string;
      round: number | null;
      seq: number | null;
      status: string;
      dueAt: string;
      dueDate: string;
      overdue: boolean;
      satisfaction: string | null;
      method: string;
      canRecord: boolean;
      visitor: { id: number } | null;
    }[];
    summary: Record<string, unknown>;
  };
}

async function history(eventId: number) {
  return (await get('county_op', `/api/events/${eventId}`)).json().history as {
    action: string;
    fromStatus: string;
    toStatus: string;
    actor: { id: number | null; role: string };
    note: string;
    data: Record<string, unknown>;
  }[];
}

async function publicReport(): Promise<{ id: number; token: string }> {
  const res = await post(null, '/api/public/events', {
    categoryCode: 'uncivil.public.littering',
    description: '河边有人倾倒建筑垃圾',
    location: P.inGridA1a,
    reporterPhone: '13712345678',
  });
  expect(res.statusCode).toBe(201);
  const { trackingToken, serialNo } = res.json();
  const row = await ctx.database.db
    .selectFrom('events')
    .select('id')
    .where('serial_no', '=', serialNo)
    .executeTakeFirstOrThrow();
  return { id: row.id, token: trackingToken };
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});

afterAll(async () => {
  await ctx?.close();
});

describe('scheduling', () => {
  it('plans two visits when an event closes, due at the end of day 3 and day 15 in CST', async () => {
    const id = await closedEvent();
    const v = await visits('town_a_op', id);
    expect(v.items.map((i) => [i.kind, i.round, i.seq, i.status, i.dueAt, i.dueDate, i.overdue])).toEqual([
      ['visit', 1, 1, 'scheduled', '2026-11-27T15:59:59.999Z', '2026-11-27', false],
      ['visit', 1, 2, 'scheduled', '2026-12-09T15:59:59.999Z', '2026-12-09', false],
    ]);
    expect(v.summary).toMatchObject({ followedUp: false, visitsPlanned: 2, visitsDone: 0, satisfaction: null });
    expect(v.items.every((i) => i.canRecord)).toBe(true);
  });

  it('is idempotent: the sweep and the closing hook never plan a closing twice', async () => {
    const id = await closedEvent();
    // closing scheduled the visits already; the sweep finds nothing to add
    expect(
      await ctx.database.db.selectFrom('follow_ups').select('id').where('event_id', '=', id).execute(),
    ).toHaveLength(2);
    const first = await scheduleMissingFollowUps(ctx.database.db, ctx.clock.now);
    expect(first.scheduled).toBe(0);
    const again = await scheduleMissingFollowUps(ctx.database.db, ctx.clock.now);
    expect(again.scheduled).toBe(0);
    const event = (await new EventRepository(ctx.database.db).findById(id))!;
    const [a, b] = await Promise.all([
      ctx.database.db.transaction().execute((trx) => scheduleFollowUps(trx, event, ctx.clock.now)),
      ctx.database.db.transaction().execute((trx) => scheduleFollowUps(trx, event, ctx.clock.now)),
    ]);
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    const rows = await ctx.database.db.selectFrom('follow_ups').select('id').where('event_id', '=', id).execute();
    expect(rows).toHaveLength(2);
  });

  it('plans nothing for an event that is not closed', async () => {
    const res = await post('gw_a1', '/api/events', {
      categoryCode: 'hazard.fire.exits',
      description: '楼道堆放杂物',
      location: P.inGridA1a,
    });
    const id = res.json().event.id;
    expect((await visits('town_a_op', id)).items).toEqual([]);
  });
});

describe('recording a visit', () => {
  it('refuses the person who resolved the event (回访 by someone other than the handler)', async () => {
    const id = await closedEvent();
    const [first] = (await visits('town_a_op', id)).items;
    expect((await visits('sec_a', id)).items.every((i) => !i.canRecord)).toBe(true);
    const res = await post('sec_a', `/api/follow-ups/${first.id}/record`, {
      method: 'phone',
      satisfaction: 'satisfied',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FOLLOW_UP_BY_HANDLER');
  });

  it('records a satisfied visit by the town centre: the event stays closed, the summary counts it', async () => {
    const id = await closedEvent();
    const [first, second] = (await visits('town_a_op', id)).items;
    const res = await post('town_a_op', `/api/follow-ups/${first.id}/record`, {
      method: 'phone',
      satisfaction: 'satisfied',
      note: '群众表示满意',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      followUp: {
        id: first.id,
        status: 'done',
        statusName: '已回访',
        method: 'phone',
        methodName: '电话回访',
        satisfaction: 'satisfied',
        satisfactionName: '满意',
        visitor: { id: county.people.town_a_op },
      },
      event: { status: 'closed' },
      reopened: false,
      summary: { followedUp: true, visitsDone: 1, satisfaction: 'satisfied', satisfactionSource: 'visit' },
    });
    const again = await post('county_op', `/api/follow-ups/${first.id}/record`, {
      method: 'visit',
      satisfaction: 'dissatisfied',
      note: '改口',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('FOLLOW_UP_ALREADY_RECORDED');
    // the second visit, by the grid head, at the door
    const door = await post('gh_a', `/api/follow-ups/${second.id}/record`, {
      method: 'visit',
      satisfaction: 'basically_satisfied',
    });
    expect(door.json().summary).toMatchObject({ visitsDone: 2, followUpsDone: 2, satisfaction: 'basically_satisfied' });
    const row = await ctx.database.db
      .selectFrom('event_satisfaction')
      .selectAll()
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      visits_planned: 2,
      visits_done: 2,
      follow_ups_done: 2,
      satisfaction: 'basically_satisfied',
      satisfaction_source: 'visit',
      dissatisfied_count: 0,
    });
    expect((await history(id)).at(-1)!.action).toBe('close');
  });

  it('validates the body: a known method, no extra fields, a note when dissatisfied', async () => {
    const id = await closedEvent();
    const [first] = (await visits('town_a_op', id)).items;
    for (const body of [
      { method: 'online', satisfaction: 'satisfied' },
      { method: 'phone', satisfaction: 'very_happy' },
      { method: 'phone', satisfaction: 'satisfied', extra: 1 },
      { method: 'phone', satisfaction: 'dissatisfied' },
      { method: 'phone', satisfaction: 'dissatisfied', note: '   ' },
    ]) {
      const res = await post('town_a_op', `/api/follow-ups/${first.id}/record`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await visits('town_a_op', id)).items[0].status).toBe('scheduled');
  });

  it('reopens the event on a dissatisfied visit, as the platform for a grid head, and tells the handlers', async () => {
    const id = await closedEvent();
    const [first, second] = (await visits('town_a_op', id)).items;
    const res = await post('gh_a', `/api/follow-ups/${first.id}/record`, {
      method: 'visit',
      satisfaction: 'dissatisfied',
      note: '楼道又堆满了杂物',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      reopened: true,
      event: { status: 'handling' },
      summary: { satisfaction: 'dissatisfied', dissatisfiedCount: 1 },
    });
    const last = (await history(id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'reopen',
      fromStatus: 'closed',
      toStatus: 'handling',
      actor: { id: null, role: 'system' },
      note: '回访不满意：楼道又堆满了杂物',
    });
    expect(last.data).toMatchObject({ source: 'follow_up', followUpId: first.id, visitor: { id: county.people.gh_a } });
    const d = (await get('county_op', `/api/events/${id}`)).json();
    expect(d.event).toMatchObject({ status: 'handling', statusKind: 'open', closedAt: null, resolvedAt: null });
    const after = await visits('town_a_op', id);
    expect(after.items.find((i) => i.id === second.id)!.status).toBe('cancelled');
    await ctx.dispatcher.drain();
    const rework = ctx.notifier.sent.filter(
      (n) => n.topic === 'event.reopened' && (n.payload as { eventId: number }).eventId === id,
    );
    expect(rework.map((n) => n.recipientId)).toContain(county.people.sec_a);
    expect(rework.map((n) => n.recipientId)).not.toContain(county.people.gh_a);
    expect((rework[0].payload as { note: string }).note).toContain('回访不满意');
    // the handlers have it back
    expect((await post('sec_a', `/api/events/${id}/actions/resolve`, { note: '再次清理并张贴告示' })).statusCode).toBe(
      200,
    );
  });

  it('plans a new round after the event is closed again; an operator in scope reopens as themself', async () => {
    const id = await closedEvent();
    const [first] = (await visits('town_a_op', id)).items;
    await post('town_a_op', `/api/follow-ups/${first.id}/record`, {
      method: 'phone',
      satisfaction: 'dissatisfied',
      note: '问题未解决',
    });
    expect((await history(id)).at(-1)).toMatchObject({
      action: 'reopen',
      actor: { id: county.people.town_a_op, role: 'town_operator' },
    });
    await act('sec_a', id, 'resolve', { note: '彻底清理' });
    await act('town_a_op', id, 'verify');
    await act('town_a_op', id, 'close');
    const v = await visits('county_op', id);
    expect(v.items.map((i) => `${i.round}.${i.seq}:${i.status}`)).toEqual([
      '1.1:done',
      '1.2:cancelled',
      '2.1:scheduled',
      '2.2:scheduled',
    ]);
    const roundTwo = v.items.find((i) => i.round === 2 && i.seq === 1)!;
    const ok = await post('county_op', `/api/follow-ups/${roundTwo.id}/record`, {
      method: 'sms',
      satisfaction: 'satisfied',
    });
    expect(ok.json()).toMatchObject({
      reopened: false,
      summary: { satisfaction: 'satisfied', visitsPlanned: 3, dissatisfiedCount: 1 },
    });
  });

  it('treats visits of a closing undone by a supervisor’s reopen as stale', async () => {
    const id = await closedEvent();
    const [first] = (await visits('town_a_op', id)).items;
    await act('town_a_op', id, 'reopen', { note: '群众来电反映问题复发' });
    const res = await post('gh_a', `/api/follow-ups/${first.id}/record`, {
      method: 'phone',
      satisfaction: 'satisfied',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('FOLLOW_UP_NOT_SCHEDULED');
    // cancelled by the reopen itself, in its transaction: reading the list changes nothing
    await get('town_a_op', '/api/follow-ups');
    expect((await visits('town_a_op', id)).items.map((i) => i.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('hides another jurisdiction’s visits (404) and keeps roles without follow-up work out', async () => {
    const id = await closedEvent();
    const [first] = (await visits('town_a_op', id)).items;
    expect((await get('town_b_op', `/api/events/${id}/follow-ups`)).statusCode).toBe(404);
    for (const user of ['town_b_op', 'sec_a2', 'gw_b1']) {
      const res = await post(user, `/api/follow-ups/${first.id}/record`, {
        method: 'phone',
        satisfaction: 'satisfied',
      });
      expect(res.statusCode, user).toBe(404);
      expect(res.json().error.code).toBe('FOLLOW_UP_NOT_FOUND');
    }
    const missing = await post('town_a_op', '/api/follow-ups/999999/record', {
      method: 'phone',
      satisfaction: 'satisfied',
    });
    expect(missing.json().error.code).toBe('FOLLOW_UP_NOT_FOUND');
    // can see it (3+N team) but does not make visits
    expect(
      (await post('police_a', `/api/follow-ups/${first.id}/record`, { method: 'phone', satisfaction: 'satisfied' }))
        .statusCode,
    ).toBe(403);
    for (const user of ['dept_yjj', 'citizen1']) {
      const list = await get(user, '/api/follow-ups');
      expect(list.statusCode, user).toBe(403);
      expect(list.json().error.code).toBe('FORBIDDEN');
    }
    expect((await get(null, '/api/follow-ups')).statusCode).toBe(401);
  });

  it('lets only a centre operator skip a visit, with a reason', async () => {
    const id = await closedEvent();
    const [first, second] = (await visits('town_a_op', id)).items;
    const bySec = await post('gh_a', `/api/follow-ups/${first.id}/skip`, { note: '电话无人接听' });
    expect(bySec.statusCode).toBe(403);
    expect((await post('town_a_op', `/api/follow-ups/${first.id}/skip`, {})).statusCode).toBe(400);
    const missed = await post('town_a_op', `/api/follow-ups/${first.id}/skip`, { note: '电话三次无人接听' });
    expect(missed.json().followUp).toMatchObject({
      status: 'missed',
      note: '电话三次无人接听',
      visitor: { id: county.people.town_a_op },
    });
    const cancelled = await post('county_op', `/api/follow-ups/${second.id}/skip`, {
      note: '群众已搬离',
      status: 'cancelled',
    });
    expect(cancelled.json().followUp.status).toBe('cancelled');
    expect((await post('town_a_op', `/api/follow-ups/${first.id}/skip`, { note: '再次' })).json().error.code).toBe(
      'FOLLOW_UP_ALREADY_RECORDED',
    );
    expect((await visits('town_a_op', id)).summary).toMatchObject({
      visitsPlanned: 1,
      visitsMissed: 1,
      followedUp: false,
    });
  });
});

describe('the citizen’s rating by tracking token', () => {
  it('opens once the report is handled, takes one rating, and counts it as an online follow-up', async () => {
    const { id, token } = await publicReport();
    const early = await get(null, `/api/public/events/${token}/rating`);
    expect(early.json()).toMatchObject({ canRate: false, reason: 'not_resolved', rating: null });
    expect(early.json().options.map((o: { name: string }) => o.name)).toEqual(['满意', '基本满意', '不满意']);
    const tooEarly = await post(null, `/api/public/events/${token}/rating`, { satisfaction: 'satisfied' });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.code).toBe('RATING_NOT_OPEN');
    await driveToClosed(id);
    expect((await get(null, `/api/public/events/${token}/rating`)).json()).toMatchObject({
      canRate: true,
      reason: null,
      status: 'closed',
    });
    const rated = await post(null, `/api/public/events/${token}/rating`, {
      satisfaction: 'satisfied',
      comment: '处理及时',
    });
    expect(rated.statusCode, rated.body).toBe(201);
    expect(rated.json()).toMatchObject({
      rating: { satisfaction: 'satisfied', satisfactionName: '满意' },
      reopened: false,
    });
    const second = await post(null, `/api/public/events/${token}/rating`, {
      satisfaction: 'dissatisfied',
      comment: '改主意了',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('RATING_ALREADY_GIVEN');
    expect((await get(null, `/api/public/events/${token}/rating`)).json()).toMatchObject({
      canRate: false,
      reason: 'already_rated',
      rating: { satisfaction: 'satisfied' },
    });
    const v = await visits('town_a_op', id);
    expect(v.items.find((i) => i.kind === 'citizen_rating')).toMatchObject({
      method: 'online',
      status: 'done',
      satisfaction: 'satisfied',
      visitor: null,
      round: null,
    });
    expect(v.summary).toMatchObject({
      followedUp: true,
      followUpsDone: 1,
      visitsDone: 0,
      citizenSatisfaction: 'satisfied',
      satisfactionSource: 'citizen',
    });
  });

  it('reopens a closed event on a dissatisfied rating, as the platform', async () => {
    const { id, token } = await publicReport();
    await driveToClosed(id);
    const res = await post(null, `/api/public/events/${token}/rating`, {
      satisfaction: 'dissatisfied',
      comment: '垃圾还在',
    });
    expect(res.json()).toMatchObject({ reopened: true });
    expect((await history(id)).at(-1)).toMatchObject({
      action: 'reopen',
      toStatus: 'handling',
      actor: { id: null, role: 'system' },
      note: '群众评价不满意：垃圾还在',
    });
    expect(
      (await visits('town_a_op', id)).items.filter((i) => i.kind === 'visit').every((i) => i.status === 'cancelled'),
    ).toBe(true);
  });

  it('records a dissatisfied rating of a resolved event without reopening anything', async () => {
    const { id, token } = await publicReport();
    await act('sec_a', id, 'accept');
    await act('sec_a', id, 'resolve', { note: '已清运' });
    const res = await post(null, `/api/public/events/${token}/rating`, { satisfaction: 'dissatisfied' });
    expect(res.json()).toMatchObject({ reopened: false });
    expect((await get('county_op', `/api/events/${id}`)).json().event.status).toBe('resolved');
  });

  it('answers 404 for an unknown token and 400 for a malformed one or body', async () => {
    expect((await get(null, `/api/public/events/${'x'.repeat(32)}/rating`)).statusCode).toBe(404);
    expect(
      (await post(null, `/api/public/events/${'x'.repeat(32)}/rating`, { satisfaction: 'satisfied' })).statusCode,
    ).toBe(404);
    expect((await get(null, '/api/public/events/short/rating')).statusCode).toBe(400);
    const { token } = await publicReport();
    expect(
      (await post(null, `/api/public/events/${token}/rating`, { satisfaction: 'satisfied', visitorId: 1 })).statusCode,
    ).toBe(400);
  });
});

describe('the work list', () => {
  it('lists the visits due in the caller’s jurisdiction, filtered by today / overdue / status', async () => {
    setClock(new Date('2026-12-01T02:00:00Z')); // 10:00 CST, 1 December
    const a = await closedEvent(); // due 4 and 16 December
    const bRes = await post('gw_b1', '/api/events', {
      categoryCode: 'hazard.fire.exits',
      description: '南社区楼道杂物',
      location: P.inGridB1a,
    });
    const b = bRes.json().event.id;
    await act('sec_b', b, 'accept');
    await act('sec_b', b, 'resolve', { note: '已清理' });
    await act('town_b_op', b, 'verify');
    await act('town_b_op', b, 'close');

    const ids = async (user: string, query: string) => {
      const res = await get(user, `/api/follow-ups?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as {
        id: number;
        eventId: number;
        seq: number;
        overdue: boolean;
        canRecord: boolean;
        event: { serialNo: string; reporterName: string };
      }[];
    };
    // the sweep plans them without any hook in the closing transaction
    const townA = await ids('town_a_op', 'pageSize=100');
    expect(townA.filter((i) => i.eventId === a).map((i) => i.seq)).toEqual([1, 2]);
    expect(townA.some((i) => i.eventId === b)).toBe(false);
    expect((await ids('town_b_op', 'pageSize=100')).filter((i) => i.eventId === b)).toHaveLength(2);
    expect((await ids('county_op', 'pageSize=100')).map((i) => i.eventId)).toEqual(expect.arrayContaining([a, b]));
    const grid = await ids('gw_a1', 'pageSize=100');
    expect(grid.some((i) => i.eventId === a)).toBe(true);
    expect(grid.some((i) => i.eventId === b)).toBe(false);
    const secA = await ids('sec_a', 'pageSize=100');
    expect(secA.filter((i) => i.eventId === a).every((i) => !i.canRecord)).toBe(true); // sec_a resolved it

    setClock(new Date('2026-12-04T03:00:00Z')); // 11:00 CST, 4 December: the first visit is due today
    let today = await ids('town_a_op', 'due=today&pageSize=100');
    expect(today.filter((i) => i.eventId === a).map((i) => i.seq)).toEqual([1]);
    expect((await ids('town_a_op', 'due=overdue&pageSize=100')).some((i) => i.eventId === a)).toBe(false);

    setClock(new Date('2026-12-05T01:00:00Z')); // 09:00 CST, 5 December: now it is overdue
    today = await ids('town_a_op', 'due=today&pageSize=100');
    expect(today.some((i) => i.eventId === a)).toBe(false);
    const overdue = (await ids('town_a_op', 'due=overdue&pageSize=100')).filter((i) => i.eventId === a);
    expect(overdue.map((i) => [i.seq, i.overdue])).toEqual([[1, true]]);
    expect(overdue[0].event.serialNo).toMatch(/^YW/);

    // recorded visits leave the default (scheduled) list and show under status=done
    await post('town_a_op', `/api/follow-ups/${overdue[0].id}/record`, { method: 'phone', satisfaction: 'satisfied' });
    expect((await ids('town_a_op', 'due=overdue&pageSize=100')).some((i) => i.eventId === a)).toBe(false);
    const done = await ids('town_a_op', 'status=done&pageSize=100');
    expect(done.find((i) => i.eventId === a)).toMatchObject({ seq: 1, overdue: false });
    expect((await ids('town_a_op', 'status=all&pageSize=100')).filter((i) => i.eventId === a)).toHaveLength(2);

    const paged = await get('county_op', '/api/follow-ups?status=all&pageSize=2&page=1');
    expect(paged.json().items).toHaveLength(2);
    expect(paged.json().total).toBeGreaterThan(2);
    expect((await get('county_op', '/api/follow-ups?due=tomorrow')).statusCode).toBe(400);
    setClock(START);
  });
});
