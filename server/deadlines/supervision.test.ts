/**
 * Deadlines and supervision through the HTTP API with an injectable clock: traffic lights, the
 * sweep's notices (exactly once, also across a crash), the escalation ladder (五级九天), urge,
 * supervise, extension, suspension, consultation, escalation and assignment of departments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { sweepDeadlines } from './deadline-sweep.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const HOUR = 3600_000;
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const advance = (ms: number) => (ctx.clock.now = new Date(ctx.clock.now.getTime() + ms));
const sweep = (afterBatch?: (n: number) => void) =>
  sweepDeadlines({ db: ctx.database.db, now: () => new Date(ctx.clock.now), clocks: ctx.clocks, afterBatch });

async function report(body: Record<string, unknown>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as('gw_a1'),
    payload: {
      categoryCode: 'dispute.neighbour.boundary',
      description: '两户因宅基地界址发生争执',
      location: P.inGridA1a,
      ...body,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().event.id as number;
}
async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/events/${id}/actions/${action}`,
    headers: await as(user),
    payload: body,
  });
}
async function detail(id: number, user = 'county_op') {
  return (await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as(user) })).json();
}
async function notices(eventId: number, topic: string) {
  return ctx.database.db
    .selectFrom('outbox')
    .select(['recipient_id', 'topic'])
    .where('event_id', '=', eventId)
    .where('topic', '=', topic)
    .execute();
}
const clock = (
  d: { deadlines: { step: string; completedAt: string | null; dueAt: string; tier: string }[] },
  step: string,
) => d.deadlines.find((c) => c.step === step && !c.completedAt);

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('clocks and lights', () => {
  it('starts sign, respond, resolve and the ladder clock at intake, at the grid tier', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in China
    const id = await report({});
    const d = await detail(id);
    expect(d.event).toMatchObject({ tier: 'grid', light: 'green' });
    const steps = Object.fromEntries(d.deadlines.map((c: { step: string; dueAt: string }) => [c.step, c.dueAt]));
    expect(steps.sign).toBe('2026-11-24T04:00:00.000Z'); // 2 hours
    expect(steps.resolve).toBe('2026-12-08T15:59:59.999Z'); // 14 natural days, end of that day in China
    expect(steps.tier).toBe('2026-11-25T15:59:59.999Z'); // 1 working day: end of Wednesday
  });

  it('turns yellow at 80% and red when due, notifying once each, holders then the centre too', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({});
    advance(1.7 * HOUR);
    const first = await sweep();
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect((await detail(id)).event.light).toBe('yellow');
    const warned = await notices(id, 'event.deadline_warning');
    expect(warned.map((n) => n.recipient_id).sort()).toEqual(
      [
        county.people.gw_a1,
        county.people.gh_a,
        county.people.sec_a,
        county.people.vl_a,
        county.people.police_a,
        county.people.team_a,
      ].sort(),
    );
    await sweep();
    expect(await notices(id, 'event.deadline_warning')).toHaveLength(warned.length);
    advance(0.5 * HOUR);
    await sweep();
    expect((await detail(id)).event.light).toBe('red');
    const overdue = await notices(id, 'event.overdue');
    expect(overdue.map((n) => n.recipient_id)).toContain(county.people.town_a_op);
    const red = await ctx.app.inject({ method: 'GET', url: '/api/events?light=red', headers: await as('town_a_op') });
    expect(red.json().items.map((e: { id: number }) => e.id)).toContain(id);
    // signing late finishes the clock as late, and the light goes back to what is still running
    await act('sec_a', id, 'accept');
    const after = await detail(id);
    expect(after.deadlines.find((c: { step: string }) => c.step === 'sign').outcome).toBe('late');
    expect(after.event.light).toBe('green');
  });

  it('sends each notice exactly once when a sweep dies half-way and runs again', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const ids = [await report({}), await report({}), await report({})];
    advance(1.7 * HOUR);
    await expect(
      sweep(() => {
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    for (const id of ids) expect(await notices(id, 'event.deadline_warning')).toHaveLength(0);
    await Promise.all([sweep(), sweep()]);
    for (const id of ids) expect(await notices(id, 'event.deadline_warning')).toHaveLength(6);
  });
});

describe('the escalation ladder (五级九天)', () => {
  it('escalates an unresolved dispute tier by tier as each tier’s time runs out', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z'); // Tuesday
    const id = await report({});
    await act('sec_a', id, 'accept');
    ctx.clock.now = new Date('2026-11-25T16:00:00Z'); // past the end of Wednesday in China
    expect((await sweep()).escalated).toBeGreaterThanOrEqual(1);
    let d = await detail(id);
    expect(d.event).toMatchObject({ tier: 'village', counts: { escalation: 1 } });
    expect(d.history.at(-1)).toMatchObject({ action: 'escalate', actor: { role: 'system' } });
    // escalated at 00:00 Thursday China time: Thursday is not counted, so Friday and Monday
    expect(clock(d, 'tier')).toMatchObject({ tier: 'village', dueAt: '2026-11-30T15:59:59.999Z' });
    ctx.clock.now = new Date('2026-11-30T16:00:00Z');
    await sweep();
    d = await detail(id);
    expect(d.event.tier).toBe('town');
    expect(
      d.assignments.filter(
        (a: { active: boolean; centre: { code: string } | null }) => a.active && a.centre?.code === T.townA,
      ),
    ).toHaveLength(1);
    expect((await notices(id, 'event.escalated')).map((n) => n.recipient_id)).toContain(county.people.town_a_op);
    expect(clock(d, 'tier')).toMatchObject({ tier: 'town', dueAt: '2026-12-03T15:59:59.999Z' }); // Wednesday and Thursday
    ctx.clock.now = new Date('2026-12-03T16:00:00Z');
    await sweep();
    d = await detail(id);
    expect(d.event.tier).toBe('county');
    ctx.clock.now = new Date('2026-12-10T16:00:00Z');
    await sweep();
    expect((await detail(id)).event.tier).toBe('county'); // the top: it stays, red, with the county centre warned
  });
});

describe('supervision actions', () => {
  it('urges (催办), counting and notifying the holders', async () => {
    const id = await report({ categoryCode: 'hazard.road.damage' });
    expect((await act('town_a_op', id, 'urge', { note: '请今天内处理' })).statusCode).toBe(200);
    await act('county_op', id, 'urge');
    const d = await detail(id);
    expect(d.event.counts.urge).toBe(2);
    expect((await notices(id, 'event.urged')).length).toBe(12);
    expect((await act('gw_a1', id, 'urge')).statusCode).toBe(403);
  });

  it('gives one-click call details (一键拨号) of the holders and the supervising centre', async () => {
    const id = await report({ categoryCode: 'hazard.road.damage' });
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${id}/contacts`,
      headers: await as('town_a_op'),
    });
    const ids = res.json().items.map((c: { personId: number }) => c.personId);
    expect(ids).toEqual(expect.arrayContaining([county.people.gw_a1, county.people.sec_a, county.people.town_a_op]));
    expect(res.json().items[0].tel).toBe('tel:13800000000');
    const outsider = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${id}/contacts`,
      headers: await as('citizen1'),
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('supervises (督办) with a due date that gets its own clock', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({ categoryCode: 'hazard.road.damage' });
    expect((await act('county_op', id, 'supervise', { note: '列入县级督办' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    const res = await act('county_op', id, 'supervise', { note: '列入县级督办', dueAt: '2026-11-26T10:00:00Z' });
    expect(res.statusCode).toBe(200);
    const d = await detail(id);
    expect(clock(d, 'supervise')).toMatchObject({ dueAt: '2026-11-26T10:00:00.000Z' });
    expect(d.event.supervisedAt).not.toBeNull();
  });

  it('requests an extension that the tier above decides, once at a time', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({ categoryCode: 'appeal.livelihood.water' });
    await act('sec_a', id, 'accept');
    const before = clock(await detail(id), 'resolve')!;
    const bad = await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: '2026-11-25T00:00:00Z' });
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(
      (await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: '2026-12-20T10:00:00Z' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await act('gh_a', id, 'request_extension', { note: '再申请', dueAt: '2026-12-21T10:00:00Z' })).json().error.code,
    ).toBe('EXTENSION_PENDING');
    // the village's own people cannot approve; the town can
    expect((await act('sec_a', id, 'approve_extension')).statusCode).toBe(403);
    expect((await act('town_a_op', id, 'approve_extension')).statusCode).toBe(200);
    const d = await detail(id);
    expect(clock(d, 'resolve')!.dueAt).toBe('2026-12-20T10:00:00.000Z');
    expect(before.dueAt).not.toBe('2026-12-20T10:00:00.000Z');
    expect(d.event.counts.extension).toBe(1);
    expect(d.extensionRequests[0]).toMatchObject({ status: 'approved', decidedBy: { id: county.people.town_a_op } });
    expect((await act('town_a_op', id, 'approve_extension')).json().error.code).toBe('NO_PENDING_EXTENSION');
    await act('sec_a', id, 'request_extension', { note: '还需一周', dueAt: '2026-12-27T10:00:00Z' });
    expect((await act('town_a_op', id, 'reject_extension', { note: '不予延期' })).statusCode).toBe(200);
    expect((await detail(id)).extensionRequests[1].status).toBe('rejected');
  });

  it('suspends the clock and moves every deadline on by the time it stood still', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({ categoryCode: 'appeal.livelihood.water' });
    const before = clock(await detail(id), 'resolve')!.dueAt;
    expect((await act('town_a_op', id, 'suspend', { note: '等待司法鉴定结果' })).statusCode).toBe(200);
    expect((await act('town_a_op', id, 'suspend', { note: '再挂起' })).json().error.code).toBe(
      'EVENT_ALREADY_SUSPENDED',
    );
    advance(72 * HOUR);
    await sweep();
    expect((await notices(id, 'event.overdue')).length).toBe(0);
    expect((await act('town_a_op', id, 'resume')).statusCode).toBe(200);
    const after = clock(await detail(id), 'resolve')!.dueAt;
    expect(new Date(after).getTime() - new Date(before).getTime()).toBe(72 * HOUR);
    expect((await act('town_a_op', id, 'resume')).json().error.code).toBe('EVENT_NOT_SUSPENDED');
  });

  it('records a consultation (会商研判) with its participants and conclusion', async () => {
    const id = await report({});
    const res = await act('sec_a', id, 'consult', {
      note: '由村调委会牵头调解',
      participants: ['王书记', '李民警', '张调解员'],
    });
    expect(res.statusCode).toBe(200);
    const last = (await detail(id)).history.at(-1);
    expect(last).toMatchObject({
      action: 'consult',
      data: { participants: ['王书记', '李民警', '张调解员'], conclusion: '由村调委会牵头调解' },
    });
  });

  it('escalates by hand to the town and the county, then assigns departments at the county (吹哨报到)', async () => {
    const id = await report({ categoryCode: 'dispute.wages.arrears' });
    expect((await act('sec_a', id, 'escalate', { note: '村级调解未果，提请镇会商' })).statusCode).toBe(200);
    expect((await detail(id)).event.tier).toBe('village');
    await act('sec_a', id, 'escalate', { note: '村级会商未果' });
    expect((await detail(id)).event.tier).toBe('town');
    await act('town_a_op', id, 'escalate', { note: '镇级会商未果，提级县指挥中心' });
    expect((await detail(id)).event.tier).toBe('county');
    expect((await act('county_op', id, 'escalate', { note: '再提级' })).json().error.code).toBe(
      'EVENT_ALREADY_TOP_TIER',
    );
    const assigned = await act('county_op', id, 'assign', {
      departmentIds: [county.departments.scjg, county.departments.yjj],
      personIds: [county.people.leader],
    });
    expect(assigned.statusCode).toBe(200);
    const d = await detail(id);
    expect(d.event.tier).toBe('department');
    const active = d.assignments.filter((a: { active: boolean }) => a.active);
    expect(active.map((a: { assignmentRole: string }) => a.assignmentRole)).toEqual(
      expect.arrayContaining([
        'department_lead',
        'department_assist',
        'assigned',
        'grid_owner',
        'village_team',
        'centre',
      ]),
    );
    expect((await notices(id, 'event.assigned')).map((n) => n.recipient_id)).toEqual(
      expect.arrayContaining([county.people.dept_scjg, county.people.dept_yjj, county.people.leader]),
    );
    // the department sends it back to the centre with a reason (退单)
    const back = await act('dept_scjg', id, 'return', { note: '不属于本部门职责' });
    expect(back.json().event.status).toBe('returned');
    expect((await detail(id)).event.counts.return).toBe(1);
  });
});

describe('time-limit rules and the ladder', () => {
  it('are read by staff, edited only by the county centre, and new clocks follow an edit', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/deadline-rules', headers: await as('gw_a1') });
    expect(list.json().ladder.filter((r: { eventType: string }) => r.eventType === 'dispute')).toHaveLength(5);
    const body = {
      step: 'resolve',
      eventType: 'appeal',
      riskLevel: null,
      tier: null,
      amount: 10,
      unit: 'natural_days',
      note: '民生诉求10天',
    };
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/deadline-rules',
          headers: await as('town_a_op'),
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/deadline-rules',
      headers: await as('county_op'),
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/deadline-rules',
      headers: await as('county_op'),
      payload: { ...body, amount: 0 },
    });
    expect(bad.statusCode).toBe(400);
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({ categoryCode: 'appeal.livelihood.water' });
    expect(clock(await detail(id), 'resolve')!.dueAt).toBe('2026-12-04T15:59:59.999Z');
    const ladder = await ctx.app.inject({
      method: 'PUT',
      url: '/api/deadline-ladder/appeal/grid',
      headers: await as('county_op'),
      payload: { amount: 4, unit: 'hours' },
    });
    expect(
      ladder
        .json()
        .ladder.some((r: { eventType: string; tier: string }) => r.eventType === 'appeal' && r.tier === 'grid'),
    ).toBe(true);
    const id2 = await report({ categoryCode: 'appeal.livelihood.water' });
    expect(clock(await detail(id2), 'tier')!.dueAt).toBe('2026-11-24T06:00:00.000Z');
    await ctx.app.inject({ method: 'DELETE', url: '/api/deadline-ladder/appeal/grid', headers: await as('county_op') });
    await ctx.app.inject({
      method: 'DELETE',
      url: `/api/deadline-rules/${created.json().rule.id}`,
      headers: await as('county_op'),
    });
  });
});
