/**
 * 按角色裁剪 through HTTP (core/events/event-view.ts): a citizen on their own report is sent what the
 * tracking page shows and their own numbers — never the handlers' names, phones or notes, in the
 * detail, the intake's answer, an action's answer or the list; handlers' phones go only to those who
 * may call them (the handlers and the supervisors), not to a mediator or a cadre who merely sees the
 * village's events; the same for the phones on a resolution plan and a mediation task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { hashPassword } from '../auth/password.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const NOTE = '内部研判NOTEMARK';
/** Every staff member's phone is distinct and findable in an answer. */
const staffPhones = new Map<string, string>();
const staffNames: string[] = [];

async function get(user: string, url: string) {
  const res = await ctx.app.inject({ method: 'GET', url, headers: await as(user) });
  expect(res.statusCode, `${user} GET ${url}: ${res.body}`).toBe(200);
  return res;
}
async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/events/${id}/actions/${action}`,
    headers: await as(user),
    payload: { note: NOTE, ...body },
  });
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res;
}
const phonesIn = (body: string, except: string[] = []) =>
  [...staffPhones.values()].filter((p) => body.includes(p) && !except.includes(p));
const namesIn = (body: string) => staffNames.filter((n) => body.includes(n));

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  const people = await ctx.database.db.selectFrom('people').select(['id', 'username', 'name', 'role']).execute();
  for (const p of people) {
    if (p.role === 'citizen') continue;
    const phone = `139${String(10_000_000 + p.id).slice(-8)}`;
    await ctx.database.db.updateTable('people').set({ phone }).where('id', '=', p.id).execute();
    staffPhones.set(p.username!, phone);
    staffNames.push(p.name);
  }
  // a cadre of village A1 bound to nothing: sees the village's events, handles none of them
  await ctx.database.db
    .insertInto('people')
    .values({
      username: 'onlooker',
      name: '旁观干部',
      role: 'village_team_member',
      jurisdiction_code: T.villageA1,
      department_id: null,
      password_hash: await hashPassword('secret123'),
      phone: '13700000009',
    })
    .execute();
});
afterAll(async () => {
  await ctx?.close();
});

describe('a citizen on their own report', () => {
  let id = 0;
  let intakeBody = '';

  it('is told the report was taken, not who handles it', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('citizen1'),
      payload: {
        categoryCode: 'dispute.neighbour.boundary',
        description: '邻居占用通道',
        location: P.inGridA1a,
        reporterPhone: '13612345678',
      },
    });
    expect(res.statusCode).toBe(201);
    intakeBody = res.body;
    const body = res.json();
    id = body.event.id;
    expect(body.assignments).toBeUndefined();
    expect(body.event).toMatchObject({
      serialNo: expect.any(String),
      status: 'dispatched',
      reporterPhone: '13612345678',
      trackingToken: expect.any(String),
    });
    expect(body.event.dispatchReason).toBeUndefined();
    expect(body.event.tier).toBeUndefined();
    expect(phonesIn(intakeBody)).toEqual([]);
    expect(namesIn(intakeBody)).toEqual([]);
  });

  it('reads the detail as the tracking page shows it: steps, not names, notes or phones', async () => {
    await act('sec_a', id, 'accept');
    await act('sec_a', id, 'start');
    await act('sec_a', id, 'record');
    const res = await get('citizen1', `/api/events/${id}`);
    const body = res.json();
    expect(body.view).toBe('public');
    expect(Object.keys(body).sort()).toEqual(['attachments', 'availableActions', 'event', 'steps', 'view']);
    expect(body.steps.map((s: { status: string }) => s.status)).toEqual([
      'reported',
      'dispatched',
      'accepted',
      'handling',
    ]);
    expect(phonesIn(res.body)).toEqual([]);
    expect(namesIn(res.body)).toEqual([]);
    expect(res.body).not.toContain('NOTEMARK');
    expect(body.event.reporterPhone).toBe('13612345678');
  });

  it('sees the same shape in the list and in an action’s answer', async () => {
    const list = await get('citizen1', '/api/events');
    expect(list.json().items.find((e: { id: number }) => e.id === id)).toBeTruthy();
    for (const item of list.json().items) expect(item.tier).toBeUndefined();
    expect(namesIn(list.body)).toEqual([]);
    const fresh = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('citizen1'),
      payload: { categoryCode: 'dispute.neighbour.boundary', description: '邻居占用通道', location: P.inGridA1a },
    });
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${fresh.json().event.id}/actions/cancel`,
      headers: await as('citizen1'),
      payload: { note: '已自行解决' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().event.status).toBe('cancelled');
    expect(cancelled.json().event.dispatchReason).toBeUndefined();
    expect(phonesIn(cancelled.body)).toEqual([]);
  });
});

describe('the handlers’ phones', () => {
  let id = 0;
  beforeAll(async () => {
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
    id = res.json().event.id;
  });

  it('go to the handlers and the supervisors', async () => {
    for (const user of ['gw_a1', 'sec_a', 'town_a_op', 'county_op', 'leader']) {
      const body = (await get(user, `/api/events/${id}`)).json();
      expect(body.view).toBe('staff');
      const worker = body.assignments.find(
        (a: { person: { id: number } | null }) => a.person?.id === county.people.gw_a1,
      );
      expect(worker.person.phone, user).toBe(staffPhones.get('gw_a1'));
    }
  });

  it('do not go to a cadre who only sees the village’s events, nor to a mediator', async () => {
    const onlooker = await get('onlooker', `/api/events/${id}`);
    expect(onlooker.json().assignments.length).toBeGreaterThan(0);
    expect(phonesIn(onlooker.body)).toEqual([]);
    const contacts = await ctx.app.inject({
      method: 'GET',
      url: `/api/events/${id}/contacts`,
      headers: await as('onlooker'),
    });
    expect(contacts.statusCode).toBe(403);

    await ctx.app.inject({
      method: 'POST',
      url: `/api/villages/${T.villageA1}/mediators`,
      headers: await as('sec_a'),
      payload: { personId: county.people.mediator_a, specialties: [] },
    });
    const task = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/mediation-tasks`,
      headers: await as('sec_a'),
      payload: { memberId: county.people.mediator_a },
    });
    expect(task.statusCode, task.body).toBe(201);
    // the dispatcher sees the member's phone; the member theirs only
    expect(task.json().task.member.phone).toBe(staffPhones.get('mediator_a'));
    const asMediator = await get('mediator_a', `/api/events/${id}`);
    expect(phonesIn(asMediator.body)).toEqual([]);
    const ownTask = await get('mediator_a', `/api/mediation-tasks/${task.json().task.id}`);
    expect(phonesIn(ownTask.body, [staffPhones.get('mediator_a')!])).toEqual([]);
    expect(ownTask.json().task.member.phone).toBe(staffPhones.get('mediator_a'));
    const onlookersTasks = await get('onlooker', `/api/events/${id}/mediation-tasks`);
    expect(phonesIn(onlookersTasks.body)).toEqual([]);
  });

  it('on a resolution plan, go to those who may call the responsible person', async () => {
    const plan = await ctx.app.inject({
      method: 'PUT',
      url: `/api/events/${id}/resolution-plan`,
      headers: await as('sec_a'),
      payload: {
        responsibleJurisdictionCode: T.villageA1,
        responsiblePersonId: county.people.police_a,
        steps: [{ text: '走访双方' }],
        deadline: '2027-01-15T00:00:00+08:00',
        mediationType: 'people',
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().plan.responsiblePerson.phone).toBe(staffPhones.get('police_a'));
    const onlooker = await get('onlooker', `/api/events/${id}/resolution-plan`);
    expect(onlooker.json().plan.responsiblePerson.phone).toBeUndefined();
    const mediator = await get('mediator_a', `/api/events/${id}/resolution-plan`);
    expect(phonesIn(mediator.body, [staffPhones.get('mediator_a')!])).toEqual([]);
  });
});
