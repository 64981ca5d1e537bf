/**
 * Due dates set by hand have a lower and an upper bound (issue 13, class 6), through HTTP: 督办,
 * a requested extension, its approval (the date re-checked), a resolution plan's deadline and its
 * steps — after now and within DUE_DATE_HORIZON_DAYS (set to 30 here), else 400
 * DUE_DATE_OUT_OF_RANGE and nothing changes. 9999-12-31 used to switch the overdue engine off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { ConfigError, loadConfig } from '../config.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const call = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: await as(user),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const act = (user: string, id: number, action: string, body: Record<string, unknown> = {}) =>
  call(user, 'POST', `/api/events/${id}/actions/${action}`, body);
const errorOf = (res: { statusCode: number; json(): { error?: { code: string; details?: unknown } } }) => ({
  status: res.statusCode,
  code: res.json().error?.code,
});
const NOW = new Date('2026-11-24T02:00:00Z');

async function report(categoryCode: string) {
  const res = await call('gw_a1', 'POST', '/api/events', {
    categoryCode,
    description: '测试事件',
    location: P.inGridA1a,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event.id as number;
}
type Clock = { step: string; dueAt: string; completedAt: string | null };
async function openClocks(id: number): Promise<Clock[]> {
  return ((await call('county_op', 'GET', `/api/events/${id}`)).json().deadlines as Clock[]).filter(
    (c) => !c.completedAt,
  );
}

/** Dates every route refuses with DUE_DATE_OUT_OF_RANGE at NOW with a 30-day horizon. */
const OUT_OF_RANGE = [
  '2026-11-20T00:00:00Z', // the past
  NOW.toISOString(), // now itself
  '2026-12-24T02:00:00.001Z', // a millisecond beyond 30 days
  '2099-12-31T00:00:00Z', // far, inside the calendar's range
];
/** Out of every range: refused by the schema (VALIDATION_FAILED) or by the rule; never stored. */
const FAR = '9999-12-31T00:00:00Z';
const refusedFar = (res: { statusCode: number; json(): { error?: { code: string } } }) => {
  expect(res.statusCode).toBe(400);
  expect(['VALIDATION_FAILED', 'DUE_DATE_OUT_OF_RANGE']).toContain(res.json().error?.code);
};

beforeAll(async () => {
  ctx = await createTestContext({ config: { dueDateHorizonDays: 30 } });
  county = await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('督办 (supervise)', () => {
  it('takes a due date after now and within the horizon only', async () => {
    ctx.clock.now = NOW;
    const id = await report('hazard.road.damage');
    for (const dueAt of OUT_OF_RANGE) {
      const res = await act('county_op', id, 'supervise', { note: '列入县级督办', dueAt });
      expect(errorOf(res), dueAt).toEqual({ status: 400, code: 'DUE_DATE_OUT_OF_RANGE' });
      expect(res.json().error.details).toEqual([{ field: 'dueAt', problem: expect.any(String) }]);
    }
    refusedFar(await act('county_op', id, 'supervise', { note: '列入县级督办', dueAt: FAR }));
    expect((await openClocks(id)).some((c) => c.step === 'supervise')).toBe(false);
    // the last millisecond of the horizon is inside it
    expect(
      (await act('county_op', id, 'supervise', { note: '列入县级督办', dueAt: '2026-12-24T02:00:00Z' })).statusCode,
    ).toBe(200);
    expect((await openClocks(id)).find((c) => c.step === 'supervise')).toMatchObject({
      dueAt: '2026-12-24T02:00:00.000Z',
    });
  });
});

describe('延期 (request_extension, approve_extension)', () => {
  it('takes a requested date after now and within the horizon only', async () => {
    ctx.clock.now = NOW;
    const id = await report('appeal.livelihood.water');
    expect((await act('sec_a', id, 'accept')).statusCode).toBe(200);
    for (const dueAt of OUT_OF_RANGE) {
      expect(errorOf(await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt })), dueAt).toEqual({
        status: 400,
        code: 'DUE_DATE_OUT_OF_RANGE',
      });
    }
    refusedFar(await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: FAR }));
    expect((await call('county_op', 'GET', `/api/events/${id}`)).json().extensionRequests).toEqual([]);
    // still: after the deadline it extends
    expect(
      errorOf(await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: '2026-11-25T00:00:00Z' })),
    ).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(
      (await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: '2026-12-10T10:00:00Z' }))
        .statusCode,
    ).toBe(200);
  });

  it('re-checks the requested date when approving: one passed since cannot be approved, only rejected', async () => {
    ctx.clock.now = NOW;
    const id = await report('appeal.livelihood.water');
    expect((await act('sec_a', id, 'accept')).statusCode).toBe(200);
    expect(
      (await act('sec_a', id, 'request_extension', { note: '需协调水务部门', dueAt: '2026-12-05T10:00:00Z' }))
        .statusCode,
    ).toBe(200);
    ctx.clock.now = new Date('2026-12-06T02:00:00Z');
    const late = await act('town_a_op', id, 'approve_extension');
    expect(errorOf(late)).toEqual({ status: 400, code: 'DUE_DATE_OUT_OF_RANGE' });
    expect(late.json().error.details).toEqual([
      { field: 'requestedDueAt', problem: expect.stringContaining('must be after now') },
    ]);
    expect((await call('county_op', 'GET', `/api/events/${id}`)).json().extensionRequests[0].status).toBe('pending');
    expect((await act('town_a_op', id, 'reject_extension', { note: '申请日期已过，请重新申请' })).statusCode).toBe(200);
  });

  it('refuses to approve a far date stored before the rule (9999-12-31), which would switch the clock off', async () => {
    ctx.clock.now = NOW;
    const id = await report('appeal.livelihood.water');
    expect((await act('sec_a', id, 'accept')).statusCode).toBe(200);
    const resolve = (await openClocks(id)).find((c) => c.step === 'resolve')!;
    await ctx.database.db
      .insertInto('extension_requests')
      .values({
        event_id: id,
        requested_by: county.people.sec_a,
        reason: '旧数据',
        current_due_at: new Date(resolve.dueAt),
        requested_due_at: new Date(FAR),
        created_at: NOW,
      })
      .execute();
    expect(errorOf(await act('town_a_op', id, 'approve_extension'))).toEqual({
      status: 400,
      code: 'DUE_DATE_OUT_OF_RANGE',
    });
    expect((await openClocks(id)).find((c) => c.step === 'resolve')!.dueAt).toBe(resolve.dueAt);
  });
});

describe('化解方案 (resolution plan)', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    responsibleJurisdictionCode: T.villageA1,
    responsiblePersonId: county.people.police_a,
    steps: [{ text: '约谈双方', dueAt: '2026-11-30T10:00:00Z' }, { text: '组织调解' }],
    deadline: '2026-12-08T10:00:00Z',
    mediationType: 'people',
    ...extra,
  });
  const save = (id: number, payload: Record<string, unknown>) =>
    call('police_a', 'PUT', `/api/events/${id}/resolution-plan`, payload);

  it('takes a deadline and step dates after now and within the horizon; keeps the dates it already has', async () => {
    ctx.clock.now = NOW;
    const id = await report('dispute.wages.arrears');
    for (const deadline of OUT_OF_RANGE) {
      const res = await save(id, body({ deadline, steps: [{ text: '组织调解' }] }));
      expect(errorOf(res), deadline).toEqual({ status: 400, code: 'DUE_DATE_OUT_OF_RANGE' });
      expect(res.json().error.details).toEqual([{ field: 'deadline', problem: expect.any(String) }]);
    }
    refusedFar(await save(id, body({ deadline: FAR, steps: [{ text: '组织调解' }] })));
    const lateStep = await save(id, body({ steps: [{ text: '约谈双方', dueAt: '2026-11-20T10:00:00Z' }] }));
    expect(errorOf(lateStep)).toEqual({ status: 400, code: 'DUE_DATE_OUT_OF_RANGE' });
    expect(lateStep.json().error.details).toEqual([
      { field: 'steps.0.dueAt', problem: expect.stringContaining('must be after now') },
    ]);
    expect(errorOf(await call('police_a', 'GET', `/api/events/${id}/resolution-plan`))).toEqual({
      status: 404,
      code: 'PLAN_NOT_FOUND',
    });

    expect((await save(id, body())).statusCode).toBe(201);
    // the plan runs late: its deadline and first step have passed — it can still be edited as it is
    ctx.clock.now = new Date('2026-12-10T02:00:00Z');
    const edit = await save(
      id,
      body({
        status: 'active',
        version: 1,
        steps: [{ text: '约谈双方', dueAt: '2026-11-30T10:00:00Z', done: true }, { text: '组织调解' }],
      }),
    );
    expect(edit.statusCode, edit.body).toBe(200);
    // but a new date is checked against now
    expect(errorOf(await save(id, body({ version: 2, deadline: '2026-12-09T10:00:00Z' })))).toEqual({
      status: 400,
      code: 'DUE_DATE_OUT_OF_RANGE',
    });
    expect((await save(id, body({ version: 2, deadline: '2026-12-31T10:00:00Z' }))).statusCode).toBe(200);
  });
});

describe('DUE_DATE_HORIZON_DAYS', () => {
  it('is read once, defaults to 366 and refuses what is not 1–3660 whole days, naming the variable', () => {
    expect(loadConfig({}).dueDateHorizonDays).toBe(366);
    expect(loadConfig({ DUE_DATE_HORIZON_DAYS: '30' }).dueDateHorizonDays).toBe(30);
    for (const bad of ['0', '3661', '1.5', 'a year']) {
      expect(() => loadConfig({ DUE_DATE_HORIZON_DAYS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ DUE_DATE_HORIZON_DAYS: bad }), bad).toThrow(/DUE_DATE_HORIZON_DAYS/);
    }
  });
});
