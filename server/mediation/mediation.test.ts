/**
 * Hard-dispute handling through HTTP: the village mediator pool (群英库), the resolution plan
 * (化解方案) with its versions, and a mediation task from dispatch to result — the story of the
 * Xianyou wage dispute ("民警接单后，紧急在群英库中下发调解任务", seed 003).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};

async function as(user: string) {
  auth[user] ??= await ctx.login(user);
  return auth[user];
}

async function call(user: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: await as(user),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function reportDispute(user = 'gw_a1', body: Record<string, unknown> = { location: P.inGridA1a }) {
  const res = await call(user, 'POST', '/api/events', {
    categoryCode: 'dispute.wages.arrears',
    description: '柯某与老板吴某因工资发放问题产生矛盾',
    ...body,
  });
  expect(res.statusCode).toBe(201);
  return res.json().event as { id: number; serialNo: string; status: string };
}

const expectError = (
  res: { statusCode: number; json(): { error: { code: string } } },
  status: number,
  code: string,
) => {
  expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
};

const pool = (user: string, code: string = T.villageA1) => call(user, 'GET', `/api/villages/${code}/mediators`);
const plan = (user: string, eventId: number) => call(user, 'GET', `/api/events/${eventId}/resolution-plan`);
const savePlan = (user: string, eventId: number, body: Record<string, unknown>) =>
  call(user, 'PUT', `/api/events/${eventId}/resolution-plan`, body);
const dispatch = (user: string, eventId: number, body: Record<string, unknown>) =>
  call(user, 'POST', `/api/events/${eventId}/mediation-tasks`, body);
const step = (user: string, taskId: number, name: string, body: Record<string, unknown> = {}) =>
  call(user, 'POST', `/api/mediation-tasks/${taskId}/${name}`, body);
const detail = (user: string, eventId: number) => call(user, 'GET', `/api/events/${eventId}`);

let eventId: number;
let serialNo: string;

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  const event = await reportDispute();
  eventId = event.id;
  serialNo = event.serialNo;
});

afterAll(async () => {
  await ctx?.close();
});

describe('the mediator pool (群英库)', () => {
  it('lets the village secretary flag a mediator into the pool, with specialties', async () => {
    const res = await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
      personId: county.people.mediator_a,
      specialties: [' 劳资 ', '邻里', '劳资'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().member).toMatchObject({
      personId: county.people.mediator_a,
      villageCode: T.villageA1,
      name: '调解员甲',
      role: 'mediator',
      roleName: '调解员',
      specialties: ['劳资', '邻里'],
      active: true,
      openTasks: 0,
      completedTasks: 0,
    });
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.mediator_a,
        specialties: [],
      }),
      409,
      'MEDIATOR_ALREADY_IN_POOL',
    );
  });

  it('lets the town centre flag anyone working there (a grid head, a citizen worthy) into the pool', async () => {
    for (const who of ['gh_a', 'citizen1']) {
      const res = await call('town_a_op', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people[who],
        specialties: ['土地'],
      });
      expect(res.statusCode, who).toBe(201);
    }
  });

  it('refuses people from elsewhere, unknown people and bad bodies', async () => {
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.gw_b1,
        specialties: [],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, { personId: 999999, specialties: [] }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, { personId: county.people.team_a }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.team_a,
        specialties: [],
        extra: 1,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('sec_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.team_a,
        specialties: [''],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('town_a_op', 'POST', `/api/villages/${T.townA}/mediators`, {
        personId: county.people.team_a,
        specialties: [],
      }),
      400,
      'JURISDICTION_CODE_INVALID',
    );
  });

  it('lets those who work in or above the village read the pool, and only its keepers change it', async () => {
    for (const who of ['gw_a1', 'police_a', 'vl_a', 'mediator_a', 'leader', 'dept_yjj']) {
      const res = await pool(who);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().canManage, who).toBe(false);
    }
    for (const who of ['sec_a', 'town_a_op', 'county_op']) expect((await pool(who)).json().canManage, who).toBe(true);
    expectError(
      await call('police_a', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.team_a,
        specialties: [],
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await call('police_a', 'PATCH', `/api/villages/${T.villageA1}/mediators/${county.people.mediator_a}`, {
        active: false,
      }),
      403,
      'FORBIDDEN',
    );
    for (const who of ['sec_a2', 'town_b_op', 'citizen2', 'citizen1'])
      expectError(await pool(who), 404, 'JURISDICTION_NOT_FOUND');
    expectError(
      await call('town_b_op', 'POST', `/api/villages/${T.villageA1}/mediators`, {
        personId: county.people.team_a,
        specialties: [],
      }),
      404,
      'JURISDICTION_NOT_FOUND',
    );
    expectError(await pool('county_op', '620999100299'), 404, 'JURISDICTION_NOT_FOUND');
  });

  it('edits specialties and deactivates a member', async () => {
    const res = await call('sec_a', 'PATCH', `/api/villages/${T.villageA1}/mediators/${county.people.mediator_a}`, {
      specialties: ['劳资', '借贷', '婚姻家庭'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().member.specialties).toEqual(['劳资', '借贷', '婚姻家庭']);
    const off = await call('town_a_op', 'PATCH', `/api/villages/${T.villageA1}/mediators/${county.people.gh_a}`, {
      active: false,
    });
    expect(off.json().member.active).toBe(false);
    expectError(
      await call('sec_a', 'PATCH', `/api/villages/${T.villageA1}/mediators/${county.people.team_a}`, { active: false }),
      404,
      'POOL_MEMBER_NOT_FOUND',
    );
    expectError(
      await call('sec_a', 'PATCH', `/api/villages/${T.villageA1}/mediators/${county.people.mediator_a}`, {}),
      400,
      'VALIDATION_FAILED',
    );
    const active = (await call('sec_a', 'GET', `/api/villages/${T.villageA1}/mediators?active=true`)).json();
    expect(active.items.map((m: { name: string }) => m.name).sort()).toEqual(['群众甲', '调解员甲'].sort());
    const all = (await pool('sec_a')).json();
    expect(all.village).toEqual({ code: T.villageA1, name: '东村' });
    expect(all.items).toHaveLength(3);
    expect(all.items.at(-1)).toMatchObject({ name: '网格长甲', active: false });
  });
});

describe('the resolution plan (化解方案)', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    responsibleJurisdictionCode: T.villageA1,
    responsiblePersonId: county.people.police_a,
    steps: [
      { text: '约谈柯某与吴某，核实欠薪数额', dueAt: '2026-11-25T10:00:00Z' },
      { text: '组织群英调解' },
      { text: '跟踪履行协议' },
    ],
    deadline: '2026-12-08T10:00:00Z',
    mediationType: 'people',
    summary: '一周内不出村化解',
    ...extra,
  });

  it('does not exist until someone draws it up', async () => {
    expectError(await plan('police_a', eventId), 404, 'PLAN_NOT_FOUND');
  });

  it('is drawn up by an assignee as version 1, in draft', async () => {
    const res = await savePlan('police_a', eventId, body());
    expect(res.statusCode).toBe(201);
    const out = res.json();
    expect(out.created).toBe(true);
    expect(out.plan).toMatchObject({
      eventId,
      version: 1,
      status: 'draft',
      statusName: '草拟',
      mediationType: 'people',
      mediationTypeName: '人民调解',
      responsibleUnit: { kind: 'jurisdiction', jurisdictionCode: T.villageA1, name: '东村' },
      responsiblePerson: { id: county.people.police_a, name: '民警甲' },
      deadline: '2026-12-08T10:00:00.000Z',
      createdBy: { id: county.people.police_a },
    });
    expect(out.plan.steps).toEqual([
      { text: '约谈柯某与吴某，核实欠薪数额', dueAt: '2026-11-25T10:00:00.000Z', done: false },
      { text: '组织群英调解', dueAt: null, done: false },
      { text: '跟踪履行协议', dueAt: null, done: false },
    ]);
    expect(out.versions).toHaveLength(1);
  });

  it('keeps every version when edited, newest first, and refuses a stale edit', async () => {
    const res = await savePlan(
      'sec_a',
      eventId,
      body({
        status: 'active',
        version: 1,
        note: '改由县应急局牵头',
        responsibleJurisdictionCode: undefined,
        responsibleDepartmentId: county.departments.yjj,
        steps: [{ text: '约谈双方', done: true }, { text: '组织群英调解' }],
      }),
    );
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.created).toBe(false);
    expect(out.plan).toMatchObject({
      version: 2,
      status: 'active',
      responsibleUnit: { kind: 'department', departmentId: county.departments.yjj, name: '应急管理局' },
      updatedBy: { id: county.people.sec_a },
    });
    expect(out.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual([
      '2:active',
      '1:draft',
    ]);
    expect(out.versions[0]).toMatchObject({
      changeNote: '改由县应急局牵头',
      editedBy: { id: county.people.sec_a, name: '书记甲' },
    });
    expect(out.versions[1].steps).toHaveLength(3);
    expectError(await savePlan('police_a', eventId, body({ version: 1 })), 409, 'PLAN_VERSION_CONFLICT');
    const read = (await plan('vl_a', eventId)).json();
    expect(read.plan.version).toBe(2);
    expect(read.versions).toHaveLength(2);
    expect(read.canEdit).toBe(true);
  });

  it('keeps to the status rules', async () => {
    expectError(await savePlan('police_a', eventId, body({ status: 'draft' })), 409, 'PLAN_ILLEGAL_TRANSITION');
    const other = await reportDispute();
    expectError(await savePlan('police_a', other.id, body({ status: 'completed' })), 409, 'PLAN_ILLEGAL_TRANSITION');
    expectError(await plan('police_a', other.id), 404, 'PLAN_NOT_FOUND');
  });

  it('validates the plan and changes nothing when it is wrong', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [body({ steps: [] }), 400, 'VALIDATION_FAILED'],
      [body({ responsibleJurisdictionCode: T.villageB1 }), 400, 'VALIDATION_FAILED'],
      [body({ responsibleDepartmentId: county.departments.yjj }), 400, 'VALIDATION_FAILED'],
      [body({ responsibleJurisdictionCode: '620999100299' }), 400, 'VALIDATION_FAILED'],
      [body({ responsibleJurisdictionCode: '6209991002x1' }), 400, 'VALIDATION_FAILED'],
      [body({ responsibleJurisdictionCode: undefined, responsibleDepartmentId: 9999 }), 404, 'DEPARTMENT_NOT_FOUND'],
      [body({ responsiblePersonId: 999999 }), 404, 'PERSON_NOT_FOUND'],
      [body({ responsiblePersonId: county.people.citizen1 }), 400, 'VALIDATION_FAILED'],
      [body({ steps: [{ text: '晚了', dueAt: '2027-01-01T00:00:00Z' }] }), 400, 'VALIDATION_FAILED'],
      [body({ mediationType: 'divine' }), 400, 'VALIDATION_FAILED'],
      [body({ deadline: 'next week' }), 400, 'VALIDATION_FAILED'],
      [body({ extra: true }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases)
      expectError(await savePlan('police_a', eventId, payload), status, code);
    expect((await plan('police_a', eventId)).json().plan.version).toBe(2);
  });

  it('is edited by supervisors in scope; seen but not edited by others; hidden out of scope', async () => {
    const res = await savePlan('town_a_op', eventId, body({ status: 'active', mediationType: 'people' }));
    expect(res.statusCode).toBe(200);
    expect(res.json().plan.version).toBe(3);
    // mediator_a lives in the village but has no task on this event: to a mediator it does not exist
    expectError(await plan('mediator_a', eventId), 404, 'EVENT_NOT_FOUND');
    expectError(await savePlan('mediator_a', eventId, body()), 404, 'EVENT_NOT_FOUND');
    for (const who of ['town_b_op', 'sec_a2', 'gw_b1', 'citizen1']) {
      expectError(await plan(who, eventId), 404, 'EVENT_NOT_FOUND');
      expectError(await savePlan(who, eventId, body()), 404, 'EVENT_NOT_FOUND');
    }
  });

  it('shows each save in the event’s timeline without moving the event', async () => {
    const d = (await detail('sec_a', eventId)).json();
    expect(d.event.status).toBe('dispatched');
    const plans = d.history.filter((h: { action: string }) => h.action === 'plan');
    expect(plans).toHaveLength(3);
    for (const h of plans) expect(h).toMatchObject({ fromStatus: 'dispatched', toStatus: 'dispatched' });
    expect(plans[0]).toMatchObject({
      actor: { id: county.people.police_a },
      data: {
        version: 1,
        status: 'draft',
        created: true,
        steps: 3,
        stepsDone: 0,
        responsiblePerson: { id: county.people.police_a, name: '民警甲' },
      },
    });
    expect(plans[1]).toMatchObject({
      note: '改由县应急局牵头',
      data: {
        version: 2,
        status: 'active',
        responsibleUnit: { departmentId: county.departments.yjj, name: '应急管理局' },
        stepsDone: 1,
      },
    });
    expect(plans[2]).toMatchObject({
      actor: { id: county.people.town_a_op, role: 'town_operator' },
      data: { version: 3 },
    });
  });
});

describe('a mediation task (调解任务)', () => {
  let taskId: number;

  it('is sent by an assignee (the police officer) to a pool member, who is told', async () => {
    const res = await dispatch('police_a', eventId, {
      memberId: county.people.mediator_a,
      note: '欠薪纠纷，请尽快介入',
    });
    expect(res.statusCode).toBe(201);
    const { task } = res.json();
    taskId = task.id;
    expect(task).toMatchObject({
      event: { id: eventId, serialNo, status: 'dispatched' },
      village: { code: T.villageA1, name: '东村' },
      member: { id: county.people.mediator_a, name: '调解员甲' },
      assignedBy: { id: county.people.police_a, name: '民警甲' },
      status: 'assigned',
      statusName: '待接单',
      mediationType: 'people', // from the plan
      note: '欠薪纠纷，请尽快介入',
      outcome: null,
      availableActions: ['cancel'],
    });
    const d = (await detail('sec_a', eventId)).json();
    const mine = d.assignments.filter(
      (a: { person: { id: number } | null }) => a.person?.id === county.people.mediator_a,
    );
    expect(mine).toEqual([expect.objectContaining({ assignmentRole: 'mediator', active: true, endedAt: null })]);
    expect(d.event.status).toBe('dispatched');
    const outbox = await ctx.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('topic', '=', 'mediation.assigned')
      .execute();
    expect(outbox.map((m) => m.recipient_id)).toEqual([county.people.mediator_a]);
    expect((outbox[0].payload as { text: string }).text).toContain('人民调解');
  });

  it('refuses a member not in the village’s pool, an inactive member and a second open task', async () => {
    expectError(await dispatch('police_a', eventId, { memberId: county.people.gw_a2 }), 409, 'MEDIATOR_NOT_IN_POOL');
    expectError(await dispatch('police_a', eventId, { memberId: county.people.gh_a }), 409, 'MEDIATOR_NOT_IN_POOL');
    expectError(
      await dispatch('police_a', eventId, { memberId: county.people.mediator_a }),
      409,
      'MEDIATION_TASK_DUPLICATE',
    );
    expectError(
      await dispatch('police_a', eventId, { memberId: county.people.mediator_a, mediationType: 'magic' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await dispatch('police_a', eventId, { memberId: county.people.mediator_a, extra: 1 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('is sent only by the event’s handlers and supervisors', async () => {
    expectError(await dispatch('mediator_a', eventId, { memberId: county.people.citizen1 }), 403, 'FORBIDDEN');
    expectError(await dispatch('town_b_op', eventId, { memberId: county.people.citizen1 }), 404, 'EVENT_NOT_FOUND');
    expectError(await call('town_b_op', 'GET', `/api/events/${eventId}/mediation-tasks`), 404, 'EVENT_NOT_FOUND');
    for (const name of ['accept', 'decline', 'cancel'])
      expectError(await step('town_b_op', taskId, name, { note: 'x' }), 404, 'MEDIATION_TASK_NOT_FOUND');
    expectError(await call('town_b_op', 'GET', `/api/mediation-tasks/${taskId}`), 404, 'MEDIATION_TASK_NOT_FOUND');
    expectError(await step('mediator_a', 999999, 'accept'), 404, 'MEDIATION_TASK_NOT_FOUND');
  });

  it('is in the mediator’s list, and the mediator can read the event', async () => {
    const list = await call('mediator_a', 'GET', '/api/mediation-tasks?mine=true');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(1);
    expect(list.json().items[0]).toMatchObject({ id: taskId, status: 'assigned', event: { id: eventId, serialNo } });
    expect((await call('mediator_a', 'GET', '/api/mediation-tasks?mine=true&status=done')).json().total).toBe(0);
    expect((await call('police_a', 'GET', '/api/mediation-tasks?mine=true')).json().total).toBe(0);
    const d = await detail('mediator_a', eventId);
    expect(d.statusCode).toBe(200);
    expect(d.json().event.serialNo).toBe(serialNo);
    // … and it is the only one of the village's events they see; the plan they read, not edit
    const listed = await call('mediator_a', 'GET', '/api/events?pageSize=100');
    expect(listed.json().items.map((e: { id: number }) => e.id)).toEqual([eventId]);
    expect((await plan('mediator_a', eventId)).json().canEdit).toBe(false);
    const one = (await call('mediator_a', 'GET', `/api/mediation-tasks/${taskId}`)).json();
    expect(one.task.availableActions).toEqual(['accept', 'decline']);
    expect(
      (await pool('sec_a')).json().items.find((m: { personId: number }) => m.personId === county.people.mediator_a),
    ).toMatchObject({ openTasks: 1, completedTasks: 0 });
  });

  it('moves only as its state machine allows (409), and only for its member (403)', async () => {
    expectError(
      await step('mediator_a', taskId, 'result', { outcome: 'resolved', agreement: '先斩后奏' }),
      409,
      'MEDIATION_TASK_ILLEGAL_TRANSITION',
    );
    expectError(await step('police_a', taskId, 'accept'), 403, 'MEDIATION_TASK_NOT_YOURS');
    expectError(await step('mediator_a', taskId, 'cancel', { note: '不想干了' }), 403, 'MEDIATION_TASK_NOT_YOURS');
    const accepted = await step('mediator_a', taskId, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().task).toMatchObject({
      status: 'accepted',
      statusName: '调解中',
      availableActions: ['report_result'],
    });
    expect(accepted.json().task.acceptedAt).toBe(ctx.clock.now.toISOString());
    expectError(await step('mediator_a', taskId, 'accept'), 409, 'MEDIATION_TASK_ILLEGAL_TRANSITION');
    expectError(
      await step('mediator_a', taskId, 'decline', { note: '太忙' }),
      409,
      'MEDIATION_TASK_ILLEGAL_TRANSITION',
    );
    expectError(await step('mediator_a', taskId, 'result', { outcome: 'resolved' }), 400, 'VALIDATION_FAILED');
    expectError(
      await step('mediator_a', taskId, 'result', { outcome: 'won', agreement: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('rolls back a result whose attachment is not the mediator’s', async () => {
    expectError(
      await step('mediator_a', taskId, 'result', {
        outcome: 'resolved',
        agreement: '协议',
        attachmentIds: ['00000000-0000-0000-0000-000000000000'],
      }),
      400,
      'ATTACHMENT_NOT_FOUND',
    );
    expect((await call('mediator_a', 'GET', `/api/mediation-tasks/${taskId}`)).json().task.status).toBe('accepted');
  });

  it('takes the result, ends the mediator’s assignment, and tells the handlers', async () => {
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 3 * 24 * 3600_000);
    const res = await step('mediator_a', taskId, 'result', {
      outcome: 'resolved',
      agreement: '吴某于12月1日前分两期付清欠薪8000元，柯某撤回投诉',
      note: '双方签字',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().task).toMatchObject({
      status: 'done',
      outcome: 'resolved',
      outcomeName: '调解成功',
      agreement: '吴某于12月1日前分两期付清欠薪8000元，柯某撤回投诉',
      closingNote: '双方签字',
      finishedAt: ctx.clock.now.toISOString(),
      finishedBy: { id: county.people.mediator_a },
      availableActions: [],
    });
    expectError(await step('police_a', taskId, 'cancel', { note: '晚了' }), 409, 'MEDIATION_TASK_ILLEGAL_TRANSITION');
    expectError(
      await step('mediator_a', taskId, 'result', { outcome: 'failed', agreement: '反悔' }),
      409,
      'MEDIATION_TASK_ILLEGAL_TRANSITION',
    );

    const d = (await detail('mediator_a', eventId)).json(); // still visible: ever assigned
    expect(d.event.status).toBe('dispatched'); // the handlers resolve the event themselves
    const mine = d.assignments.filter(
      (a: { person: { id: number } | null }) => a.person?.id === county.people.mediator_a,
    );
    expect(mine).toEqual([
      expect.objectContaining({ assignmentRole: 'mediator', active: false, endedAt: ctx.clock.now.toISOString() }),
    ]);
    expect(
      (await pool('sec_a')).json().items.find((m: { personId: number }) => m.personId === county.people.mediator_a),
    ).toMatchObject({ openTasks: 0, completedTasks: 1 });

    const steps = d.history.filter((h: { action: string }) => h.action.startsWith('mediation_'));
    expect(steps.map((h: { action: string }) => h.action)).toEqual([
      'mediation_assigned',
      'mediation_accepted',
      'mediation_result',
    ]);
    for (const h of steps)
      expect(h).toMatchObject({ fromStatus: 'dispatched', toStatus: 'dispatched', data: { taskId } });
    expect(steps[0]).toMatchObject({
      actor: { id: county.people.police_a },
      note: '欠薪纠纷，请尽快介入',
      data: { member: { id: county.people.mediator_a, name: '调解员甲' }, mediationType: 'people' },
    });
    expect(steps[2]).toMatchObject({
      actor: { id: county.people.mediator_a, role: 'mediator' },
      data: { outcome: 'resolved', taskStatus: 'done' },
    });

    await ctx.dispatcher.drain();
    const sent = ctx.notifier.sent.filter(
      (n) => (n.payload as { eventId: number }).eventId === eventId && n.topic.startsWith('mediation.'),
    );
    const byTopic = (topic: string) =>
      sent
        .filter((n) => n.topic === topic)
        .map((n) => n.recipientId)
        .sort();
    expect(byTopic('mediation.assigned')).toEqual([county.people.mediator_a]);
    expect(byTopic('mediation.accepted')).toEqual([county.people.police_a]);
    // the event's active handlers (grid owners and the village's 3+N), never the mediator who acted
    expect(byTopic('mediation.result')).toEqual(
      [
        county.people.gw_a1,
        county.people.gh_a,
        county.people.sec_a,
        county.people.vl_a,
        county.people.police_a,
        county.people.team_a,
      ].sort(),
    );
    const result = sent.find((n) => n.topic === 'mediation.result')!.payload as {
      text: string;
      taskId: number;
      outcome: string;
      serialNo: string;
    };
    expect(result).toMatchObject({ taskId, outcome: 'resolved', serialNo });
    expect(result.text).toContain('调解成功');
  });

  it('lets a citizen worthy in the pool see the event only through the task; declines need a reason', async () => {
    expectError(await detail('citizen1', eventId), 404, 'EVENT_NOT_FOUND');
    const res = await dispatch('town_a_op', eventId, {
      memberId: county.people.citizen1,
      mediationType: 'administrative',
      note: '请乡贤协助',
    });
    expect(res.statusCode).toBe(201);
    const task = res.json().task;
    expect(task.mediationType).toBe('administrative');
    expect((await detail('citizen1', eventId)).statusCode).toBe(200);
    expect((await plan('citizen1', eventId)).statusCode).toBe(200);
    expectError(await step('citizen1', task.id, 'decline'), 400, 'VALIDATION_FAILED');
    const declined = await step('citizen1', task.id, 'decline', { note: '与当事人是亲戚，需回避' });
    expect(declined.json().task).toMatchObject({ status: 'declined', closingNote: '与当事人是亲戚，需回避' });
    expect((await detail('citizen1', eventId)).statusCode).toBe(200);
    const outbox = await ctx.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('topic', '=', 'mediation.declined')
      .execute();
    expect(outbox.map((m) => m.recipient_id)).toEqual([county.people.town_a_op]);
  });

  it('is withdrawn by a handler with a reason, and the member is told', async () => {
    const res = await dispatch('sec_a', eventId, { memberId: county.people.citizen1 });
    const task = res.json().task;
    expectError(await step('sec_a', task.id, 'cancel'), 400, 'VALIDATION_FAILED');
    const cancelled = await step('sec_a', task.id, 'cancel', { note: '双方已自行和解' });
    expect(cancelled.json().task).toMatchObject({
      status: 'cancelled',
      closingNote: '双方已自行和解',
      finishedBy: { id: county.people.sec_a },
    });
    expectError(await step('citizen1', task.id, 'accept'), 409, 'MEDIATION_TASK_ILLEGAL_TRANSITION');
    const outbox = await ctx.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('topic', '=', 'mediation.cancelled')
      .execute();
    expect(outbox.map((m) => m.recipient_id)).toEqual([county.people.citizen1]);
    const assignments = await ctx.database.db
      .selectFrom('event_assignments')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('assignment_role', '=', 'mediator')
      .execute();
    expect(assignments.every((a) => !a.active && a.ended_at)).toBe(true);
    expect(assignments).toHaveLength(3);
  });

  it('lists an event’s tasks for those who see its handling, and a jurisdiction’s for its centre', async () => {
    const list = (await call('vl_a', 'GET', `/api/events/${eventId}/mediation-tasks`)).json();
    expect(list.canDispatch).toBe(true);
    expect(list.items.map((t: { status: string }) => t.status)).toEqual(['done', 'declined', 'cancelled']);
    expect((await call('mediator_a', 'GET', `/api/events/${eventId}/mediation-tasks`)).json().canDispatch).toBe(false);
    const town = (await call('town_a_op', 'GET', '/api/mediation-tasks?status=done&status=declined')).json();
    expect(town.total).toBe(2);
    expect((await call('town_b_op', 'GET', '/api/mediation-tasks')).json().total).toBe(0);
    expect((await call('citizen1', 'GET', '/api/mediation-tasks')).json().total).toBe(2); // a citizen sees only their own
    expectError(await call('mediator_a', 'GET', '/api/mediation-tasks?status=lost'), 400, 'VALIDATION_FAILED');
  });

  it('is not sent for a closed event, nor for one in no village', async () => {
    const other = await reportDispute();
    expect(
      (await call('town_a_op', 'POST', `/api/events/${other.id}/actions/cancel`, { note: '重复上报' })).statusCode,
    ).toBe(200);
    expectError(
      await dispatch('town_a_op', other.id, { memberId: county.people.mediator_a }),
      409,
      'EVENT_ILLEGAL_TRANSITION',
    );
    const outside = await reportDispute('county_op', { location: P.inTownBOutsideVillages });
    expectError(
      await dispatch('county_op', outside.id, { memberId: county.people.mediator_a }),
      409,
      'MEDIATOR_NOT_IN_POOL',
    );
  });

  it('carries the mediator’s photos to the event', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8a0a80000000049454e44ae426082',
      'hex',
    );
    const boundary = '----yiwangmediation';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="agreement.png"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(await as('mediator_a')) },
      payload,
    });
    expect(up.statusCode).toBe(201);
    const attachmentId = up.json().attachment.id;
    const event = await reportDispute();
    const task = (
      await dispatch('police_a', event.id, { memberId: county.people.mediator_a, mediationType: 'judicial' })
    ).json().task;
    await step('mediator_a', task.id, 'accept');
    const res = await step('mediator_a', task.id, 'result', {
      outcome: 'partially_resolved',
      agreement: '本金已还，利息另议',
      attachmentIds: [attachmentId],
    });
    expect(res.json().task).toMatchObject({ outcome: 'partially_resolved', attachmentIds: [attachmentId] });
    const d = (await detail('police_a', event.id)).json();
    expect(d.attachments.map((a: { id: string }) => a.id)).toEqual([attachmentId]);
    expect(d.history.at(-1)).toMatchObject({ action: 'mediation_result', attachmentIds: [attachmentId] });
  });
});

describe('a mediator and the event’s own lifecycle', () => {
  it('lets the mediator read the event but not handle it, and withdraws open tasks when the event ends', async () => {
    const event = await reportDispute();
    const sent = await dispatch('police_a', event.id, { memberId: county.people.mediator_a, note: '请调解' });
    expect(sent.statusCode).toBe(201);
    const taskId = sent.json().task.id;
    const seen = await detail('mediator_a', event.id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().availableActions).toEqual([]);
    expectError(
      await call('mediator_a', 'POST', `/api/events/${event.id}/actions/accept`, {}),
      403,
      'EVENT_NOT_ASSIGNED_TO_YOU',
    );
    expect(
      (await call('town_a_op', 'POST', `/api/events/${event.id}/actions/cancel`, { note: '当事人撤回诉求' }))
        .statusCode,
    ).toBe(200);
    const task = (await call('mediator_a', 'GET', `/api/mediation-tasks/${taskId}`)).json().task;
    expect(task.status).toBe('cancelled');
    const d = (await detail('town_a_op', event.id)).json();
    expect(
      d.assignments.filter(
        (a: { assignmentRole: string; active: boolean }) => a.assignmentRole === 'mediator' && a.active,
      ),
    ).toEqual([]);
  });
});
