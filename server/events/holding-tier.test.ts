/**
 * Who may act on an event after 提级, through the HTTP API (core/events/holding.ts): the tier that
 * holds the event acts; the tiers below record and consult; the supervising centre and those above
 * verify and close — a town centre cannot verify or close what the county took over, while a
 * department the town called in works under the town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));

async function report() {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as('gw_a1'),
    payload: {
      categoryCode: 'dispute.neighbour.boundary',
      description: '两户因宅基地界址发生争执',
      location: P.inGridA1a,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().event.id as number;
}
async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/events/${id}/actions/${action}`,
    headers: await as(user),
    payload: { note: '说明', ...body },
  });
  return { status: res.statusCode, code: res.json().error?.code as string | undefined, body: res.json() };
}
async function expectAct(
  user: string,
  id: number,
  action: string,
  expected: number | string,
  body: Record<string, unknown> = {},
) {
  const res = await act(user, id, action, body);
  if (typeof expected === 'number') expect(res.status, `${user} ${action}: ${JSON.stringify(res.body)}`).toBe(expected);
  else expect(res.code, `${user} ${action}: ${JSON.stringify(res.body)}`).toBe(expected);
}
async function detail(id: number, user = 'county_op') {
  return (await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as(user) })).json();
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('after 提级 the tier that holds the event acts; the tiers below assist', () => {
  it('walks an event up grid → village → town → county: at each tier only its holders resolve, the others record', async () => {
    const id = await report();
    expect((await detail(id)).event).toMatchObject({ tier: 'grid' });
    await expectAct('sec_a', id, 'accept', 200);
    await expectAct('sec_a', id, 'start', 200);

    // grid → village: the grid worker assists now
    await expectAct('gw_a1', id, 'escalate', 200);
    expect((await detail(id)).event.tier).toBe('village');
    await expectAct('gw_a1', id, 'resolve', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('gw_a1', id, 'escalate', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('gw_a1', id, 'request_extension', 'EVENT_HELD_AT_HIGHER_TIER', {
      dueAt: '2026-12-20T00:00:00+08:00',
    });
    await expectAct('gw_a1', id, 'record', 200, { note: '已到现场拍照取证' });
    const seenByWorker = await detail(id, 'gw_a1');
    expect(seenByWorker.availableActions).toContain('record');
    expect(seenByWorker.availableActions).not.toContain('resolve');

    // village → town: the village team assists, the town centre holds
    await expectAct('sec_a', id, 'escalate', 200);
    expect((await detail(id)).event.tier).toBe('town');
    await expectAct('sec_a', id, 'resolve', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('sec_a', id, 'consult', 200, { note: '村级会商：双方分歧大', participants: ['书记甲'] });

    // town → county: the town centre assists, the county holds and supervises
    await expectAct('town_a_op', id, 'escalate', 200);
    const atCounty = await detail(id);
    expect(atCounty.event.tier).toBe('county');
    await expectAct('town_a_op', id, 'resolve', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('gw_a1', id, 'resolve', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('town_a_op', id, 'supervise', 'EVENT_HELD_AT_HIGHER_TIER', { dueAt: '2026-12-20T00:00:00+08:00' });
    await expectAct('town_a_op', id, 'reassign', 'EVENT_HELD_AT_HIGHER_TIER', { jurisdictionCode: T.villageA1 });
    await expectAct('town_a_op', id, 'record', 200, { note: '镇里协助做双方工作' });
    await expectAct('county_op', id, 'resolve', 200, { note: '县级调处，双方签订协议' });

    // the resolution counts where it was really held, and the county is told, not the town
    const resolved = await detail(id);
    expect(resolved.event).toMatchObject({ status: 'resolved', resolvedTier: 'county' });
    const told = await ctx.database.db
      .selectFrom('outbox')
      .select('recipient_id')
      .where('event_id', '=', id)
      .where('topic', '=', 'event.resolved')
      .execute();
    expect(told.map((n) => n.recipient_id)).not.toContain(county.people.town_a_op);

    // the town centre cannot verify or close what the county took over
    await expectAct('town_a_op', id, 'verify', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('town_a_op', id, 'rework', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('county_op', id, 'verify', 200);
    await expectAct('town_a_op', id, 'close', 'EVENT_HELD_AT_HIGHER_TIER');
    expect((await detail(id, 'town_a_op')).availableActions).not.toContain('close');
    await expectAct('leader', id, 'close', 200);
  });

  it('keeps a department the town called in under the town: the department resolves, the town verifies and closes', async () => {
    const id = await report();
    await expectAct('sec_a', id, 'escalate', 200);
    await expectAct('sec_a', id, 'escalate', 200);
    expect((await detail(id)).event.tier).toBe('town');
    await expectAct('town_a_op', id, 'assign', 200, { departmentIds: [county.departments.yjj] });
    expect((await detail(id)).event.tier).toBe('department');
    await expectAct('sec_a', id, 'accept', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('dept_yjj', id, 'accept', 200);
    await expectAct('dept_yjj', id, 'start', 200);
    await expectAct('dept_yjj', id, 'resolve', 200);
    await expectAct('town_a_op', id, 'verify', 200);
    await expectAct('town_a_op', id, 'close', 200);
    expect((await detail(id)).event).toMatchObject({ status: 'closed', resolvedTier: 'department' });
  });

  it('keeps a department the county called in, after the county took the event over, under the county', async () => {
    const id = await report();
    for (const who of ['gw_a1', 'sec_a', 'town_a_op']) await expectAct(who, id, 'escalate', 200);
    await expectAct('county_op', id, 'assign', 200, { departmentIds: [county.departments.scjg] });
    expect((await detail(id)).event.tier).toBe('department');
    await expectAct('dept_scjg', id, 'accept', 200);
    await expectAct('dept_scjg', id, 'resolve', 200);
    await expectAct('town_a_op', id, 'verify', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('county_op', id, 'verify', 200);
    await expectAct('town_a_op', id, 'close', 'EVENT_HELD_AT_HIGHER_TIER');
    await expectAct('county_op', id, 'close', 200);
  });

  it('gives the event back to the village when the county re-dispatches it there, with the town supervising again', async () => {
    const id = await report();
    for (const who of ['gw_a1', 'sec_a', 'town_a_op']) await expectAct(who, id, 'escalate', 200);
    await expectAct('county_op', id, 'reassign', 200, { jurisdictionCode: T.gridA1a });
    expect((await detail(id)).event.tier).toBe('grid');
    await expectAct('gw_a1', id, 'accept', 200);
    await expectAct('gw_a1', id, 'resolve', 200);
    await expectAct('town_a_op', id, 'verify', 200);
    await expectAct('town_a_op', id, 'close', 200);
  });
});
