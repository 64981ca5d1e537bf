/**
 * The generated permission test: every route of the app × every role × an in-scope and an
 * out-of-scope target, asserted against PERMISSION_MATRIX (and so against docs/permissions.md).
 * Allowed: 2xx (or a redirect), a 409 state conflict, or a code the row lists under `passes`. Refused: 401/403,
 * or 404 with a code the row lists under `hides`. Every allowed answer is also searched for the
 * markers of out-of-scope fixtures (a town-B or second-county event, department or place): zero leaks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { TEST_USER_OF_ROLE, buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { hashPassword } from '../auth/password.js';
import { bumpGeoVersion } from '../geo/grid-index.js';
import { ExportRepository } from '../exports/export.repository.js';
import { ROLES, type Role } from '../../core/access/roles.js';
import {
  PERMISSION_MATRIX,
  accessOf,
  permissionsDoc,
  routeOf,
  type MatrixRow,
  type Scope,
} from './permission-matrix.js';
import { multipart, TINY_PNG as PNG } from '../testing/multipart.js';
import { servedRoutes } from './served-routes.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A second county, outside every test user's reach but its own. */
const C2 = { county: '620998000000', town: '620998100000', village: '620998100201', grid: '620998100201001' } as const;
const IN_C2 = { lng: 106.05, lat: 35.025 };

/** The test county's user for each role. */
const USER = TEST_USER_OF_ROLE;
const JURISDICTION: Record<Role, string> = {
  citizen: T.villageA1,
  grid_worker: T.gridA1a,
  grid_head: T.villageA1,
  village_secretary: T.villageA1,
  village_leader: T.villageA1,
  village_team_member: T.villageA1,
  community_police: T.villageA1,
  department_staff: T.county,
  town_operator: T.townA,
  county_operator: T.county,
  leader: T.county,
  mediator: T.villageA1,
};
/** County-level users' out-of-scope targets lie in the second county; everyone else's in town B. */
const COUNTY_LEVEL = new Set<Role>(['county_operator', 'leader', 'department_staff']);
const outside = (role: Role): 'B' | 'C2' => (COUNTY_LEVEL.has(role) ? 'C2' : 'B');
const outCode = (role: Role) => (outside(role) === 'C2' ? C2.county : T.townB);
const outVillage = (role: Role) => (outside(role) === 'C2' ? C2.village : T.villageB1);
/** What must never appear in an answer to this role. */
const forbiddenMarkers = (role: Role) =>
  role === 'county_operator' || role === 'leader' ? ['MARKCOUNTY2'] : ['MARKCOUNTY2', 'MARKTOWNB'];

/** Every note written in this test carries this marker, so an answer that shows a note can be found. */
const NOTE = '测试NOTEMARK';
/** The staff's phones (each distinct, set in beforeAll) and names: never sent to a citizen. */
const staffPhones = new Set<string>();
const staffNames = new Set<string>();
/** Routes where a citizen works as a member of a mediator pool (乡贤): the task names who sent it, with a note. */
const AS_POOL_MEMBER = /^(GET|POST) \/api\/mediation-tasks/;

/**
 * Fields a role may not see (core/events/event-view.ts): a citizen is never sent a staff member's
 * phone, nor — but for their own mediation tasks — the names of those who handle events or the notes
 * they write. (That handlers' phones reach only those who may call them is tested on its own, in
 * server/events/event-view.test.ts: in this test everyone on staff handles event A.)
 */
function fieldLeaks(role: Role, key: string, body: string): string[] {
  if (role !== 'citizen') return [];
  const leaks = [...staffPhones].filter((phone) => body.includes(phone)).map((phone) => `a staff phone ${phone}`);
  if (!AS_POOL_MEMBER.test(key)) {
    leaks.push(...[...staffNames].filter((name) => body.includes(name)).map((name) => `the staff name ${name}`));
    if (body.includes('NOTEMARK')) leaks.push('a handler’s note');
  }
  return leaks;
}

interface Req {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

type EventState = 'dispatched' | 'returned' | 'accepted' | 'handling' | 'resolved' | 'verified' | 'closed';

const FUTURE = '2027-06-01T00:00:00Z';
const MONTH = '2026-10';

describe('permission matrix', () => {
  let ctx: TestContext;
  let county: TestCounty;
  const auth: Record<string, { authorization: string }> = {};
  let category = '';
  const ids: Record<string, number> = {};

  async function call(user: string | null, req: Req) {
    const headers = { ...(req.headers ?? {}), ...(user ? auth[user] : {}) };
    const isBuffer = Buffer.isBuffer(req.payload);
    return ctx.app.inject({
      method: req.method as 'GET',
      url: req.url,
      headers,
      ...(req.payload === undefined
        ? {}
        : isBuffer
          ? { payload: req.payload as Buffer }
          : { payload: req.payload as object }),
    });
  }
  async function ok(user: string, req: Req) {
    const res = await call(user, req);
    if (res.statusCode >= 300)
      throw new Error(`fixture ${user} ${req.method} ${req.url} → ${res.statusCode} ${res.body}`);
    return res.json();
  }
  const act = (user: string, id: number, action: string, body: Record<string, unknown> = {}) =>
    ok(user, { method: 'POST', url: `/api/events/${id}/actions/${action}`, payload: { note: NOTE, ...body } });

  // ── events ────────────────────────────────────────────────────────────────────────────
  const eventInfo = new Map<number, { token: string | null }>();
  /**
   * A: in grid A1a, reported by `reporter` (citizen1), assigned to everyone on staff (grid and village
   * owners by auto-dispatch; the town and county operators, the leader and the mediator in person;
   * the emergency department). B: town B, by citizen2. C2: the second county.
   */
  async function newEvent(
    where: 'A' | 'B' | 'C2',
    state: EventState = 'dispatched',
    reporter?: string,
    attachment?: string,
    withDepartment = true,
  ): Promise<number> {
    const who = reporter ?? (where === 'A' ? 'citizen1' : where === 'B' ? 'citizen2' : 'c2_cit');
    const location = where === 'A' ? P.inGridA1a : where === 'B' ? P.inGridB1a : IN_C2;
    const marker = where === 'A' ? '甲村事件' : where === 'B' ? 'MARKTOWNB' : 'MARKCOUNTY2';
    const body = await ok(who, {
      method: 'POST',
      url: '/api/events',
      payload: {
        categoryCode: category,
        title: marker,
        description: `${marker} 描述`,
        address: marker,
        location,
        ...(attachment ? { attachmentIds: [attachment] } : {}),
      },
    });
    const id = body.event.id as number;
    eventInfo.set(id, { token: body.event.trackingToken ?? null });
    const centre = where === 'A' ? 'county_op' : where === 'B' ? 'town_b_op' : 'c2_op';
    if (where === 'A') {
      const p = county.people;
      await act('county_op', id, 'assign', {
        personIds: [p.town_a_op, p.county_op, p.leader, p.mediator_a],
        ...(withDepartment ? { departmentIds: [county.departments.yjj] } : {}),
      });
    } else if (where === 'C2') {
      await act('c2_op', id, 'assign', { personIds: [ids.c2_op] });
    }
    const handler = where === 'A' ? (withDepartment ? 'dept_yjj' : 'gw_a1') : where === 'B' ? 'gw_b1' : 'c2_op';
    if (state === 'dispatched') return id;
    if (state === 'returned') {
      await act(handler, id, 'return');
      return id;
    }
    await act(handler, id, 'accept');
    if (state === 'accepted') return id;
    await act(handler, id, 'start');
    if (state === 'handling') return id;
    await act(handler, id, 'resolve');
    if (state === 'resolved') return id;
    await act(centre, id, 'verify');
    if (state === 'verified') return id;
    await act(centre, id, 'close');
    return id;
  }
  async function tokenOf(id: number) {
    const info = eventInfo.get(id);
    if (info?.token) return info.token;
    const row = await ctx.database.db
      .selectFrom('events')
      .select('tracking_token')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.tracking_token as string;
  }

  /** Shared targets, made once: never changed by a refused call (a leak would show anyway). */
  const shared = new Map<string, Promise<unknown>>();
  const once = <V = number>(key: string, make: () => Promise<V>): Promise<V> => {
    if (!shared.has(key)) shared.set(key, make());
    return shared.get(key)! as Promise<V>;
  };
  const eventA = () => once('A', () => newEvent('A'));
  const outEvent = (role: Role) => once(`out-${outside(role)}`, () => newEvent(outside(role)));
  const closedOut = (role: Role) => once(`closed-${outside(role)}`, () => newEvent(outside(role), 'closed'));

  /**
   * The event of an in-scope or out-of-scope case; `fresh` for a call that changes it. `withDepartment`:
   * event A with the emergency department assigned (the department tier holds it, the grid and village
   * assist); without, the grid tier holds it — the in-scope event of a handling action by anyone but
   * department staff (core/events/holding.ts).
   */
  async function eventFor(
    role: Role,
    scope: Scope,
    inScope: boolean,
    fresh: boolean,
    state: EventState = 'dispatched',
    withDepartment = true,
  ) {
    if (!inScope) return outEvent(role);
    const reporter = scope === 'reported' ? USER[role] : undefined;
    if (!fresh && !reporter)
      return once(`A-${withDepartment ? '' : 'nodept-'}${state}`, () =>
        newEvent('A', state, undefined, undefined, withDepartment),
      );
    return newEvent('A', state, reporter, undefined, withDepartment);
  }

  async function followUpOf(eventId: number) {
    const body = await ok('county_op', { method: 'GET', url: `/api/events/${eventId}/follow-ups` });
    return (body.items as { id: number; kind: string; status: string }[]).find(
      (f) => f.kind === 'visit' && f.status === 'scheduled',
    )!.id;
  }
  async function followUpOut(role: Role) {
    const key = `fu-${outside(role)}`;
    return once(key, async () => {
      const id = await closedOut(role);
      const centre = outside(role) === 'B' ? 'town_b_op' : 'c2_op';
      const body = await ok(centre, { method: 'GET', url: `/api/events/${id}/follow-ups` });
      return (body.items as { id: number; kind: string; status: string }[]).find(
        (f) => f.kind === 'visit' && f.status === 'scheduled',
      )!.id;
    });
  }

  // ── mediation tasks ───────────────────────────────────────────────────────────────────
  async function newTask(eventId: number, memberUser: string, dispatcher = 'county_op', accepted = false) {
    const memberId = county.people[memberUser] ?? ids[memberUser];
    const body = await ok(dispatcher, {
      method: 'POST',
      url: `/api/events/${eventId}/mediation-tasks`,
      payload: { memberId },
    });
    const id = body.task.id as number;
    if (accepted) await ok(memberUser, { method: 'POST', url: `/api/mediation-tasks/${id}/accept`, payload: {} });
    return id;
  }
  const taskOut = (role: Role) =>
    once(`task-${outside(role)}`, async () =>
      outside(role) === 'B'
        ? newTask(await outEvent(role), 'sec_b', 'town_b_op')
        : newTask(await outEvent(role), 'c2_cit', 'c2_op'),
    );

  // ── other shared targets ──────────────────────────────────────────────────────────────
  const attachmentFor = (where: 'A' | 'B' | 'C2') =>
    once<string>(`att-${where}`, async () => {
      const who = where === 'A' ? 'citizen1' : where === 'B' ? 'citizen2' : 'c2_cit';
      const up = await ok(who, { method: 'POST', url: '/api/attachments', ...multipart(PNG, 'a.png', 'image/png') });
      await newEvent(where, 'dispatched', who, up.attachment.id);
      return up.attachment.id as string;
    });
  const briefingFor = (where: 'county' | 'B' | 'C2') =>
    once(`brief-${where}`, async () => {
      const [who, scope] =
        where === 'county' ? ['county_op', T.county] : where === 'B' ? ['town_b_op', T.townB] : ['c2_op', C2.county];
      return (
        await ok(who, { method: 'POST', url: '/api/briefings', payload: { kind: 'monthly', scope, period: MONTH } })
      ).briefing.id as number;
    });
  const exportOf = (user: string) =>
    once(`export-${user}`, async () => {
      const personId = county.people[user] ?? ids[user];
      const job = await new ExportRepository(ctx.database.db).create(
        { requestedBy: personId, jurisdictionCode: T.county, format: 'csv', filters: {}, now: ctx.clock.now },
        10,
      );
      return job!.id;
    });
  let categorySeq = 0;
  let ruleSeq = 0;

  /** The request for one case. `fresh`: the case is expected to be allowed and changes its target. */
  async function requestFor(row: MatrixRow, role: Role, inScope: boolean): Promise<Req> {
    const scope = accessOf(row, role);
    const fresh = inScope && scope !== 'none';
    const route = routeOf(row.key);
    const [method, url] = route.split(' ');
    const mine = JURISDICTION[role];
    const code = inScope ? mine : outCode(role);
    const village = inScope ? T.villageA1 : outVillage(role);
    const ev = (state: EventState = 'dispatched', needsFresh = false, withDepartment = true) =>
      eventFor(role, scope, inScope, needsFresh && fresh, state, withDepartment);

    if (row.key.includes(' #')) {
      const action = row.key.split(' #')[1];
      const prepared: Partial<Record<string, EventState>> = {
        redispatch: 'returned',
        start: 'accepted',
        record: 'handling',
        resolve: 'handling',
        verify: 'resolved',
        rework: 'resolved',
        close: 'verified',
        reopen: 'closed',
      };
      const body: Record<string, unknown> = { note: NOTE };
      if (action === 'assign' || action === 'reassign' || action === 'redispatch')
        body.personIds = [county.people.gw_a2];
      if (action === 'merge') body.targetEventId = await newEvent('A');
      if (action === 'request_extension' || action === 'supervise') body.dueAt = FUTURE;
      // an extension is decided by the tier above the event's: these events stay with the village (no department)
      const extension = async () => {
        const id = await newEvent('A', 'dispatched', undefined, undefined, false);
        await act('gw_a1', id, 'request_extension', { dueAt: FUTURE });
        return id;
      };
      const suspended = async () => {
        const id = await newEvent('A');
        await act('county_op', id, 'suspend');
        return id;
      };
      let id: number;
      if (inScope && ['approve_extension', 'reject_extension'].includes(action))
        id = fresh ? await extension() : await once('A-ext', extension);
      else if (inScope && action === 'resume') id = fresh ? await suspended() : await once('A-susp', suspended);
      else id = await ev(prepared[action] ?? 'dispatched', true, role === 'department_staff');
      return { method: 'POST', url: `/api/events/${id}/actions/${action}`, payload: body };
    }

    switch (route) {
      case 'POST /api/auth/login':
        return { method, url, payload: { username: USER[role], password: 'secret123' } };
      case 'POST /api/auth/logout':
      case 'POST /api/auth/logout-all':
      case 'GET /api/auth/sessions':
        return { method, url };
      case 'POST /api/auth/password':
        return {
          method,
          url,
          payload: {
            currentPassword: 'secret123',
            newPassword: `Yw#2026-${ROLES.indexOf(role)}${inScope ? 'i' : 'o'}-matrix`,
          },
        };
      case 'GET /api/auth/me':
      case 'GET /api/health':
      case 'GET /api/jurisdictions':
      case 'GET /api/departments':
      case 'GET /api/categories':
      case 'GET /api/public/categories':
      case 'GET /api/public/places':
      case 'GET /api/deadline-rules':
      case 'GET /api/calendar/overrides':
      case 'GET /api/follow-ups':
      case 'GET /api/mediation-tasks':
      case 'GET /api/analytics/definitions':
      case 'GET /api/analytics/village-class-settings':
      case 'GET /api/exports':
      case 'GET /api/config/map':
      case 'GET /api/openapi.json':
      case 'GET /api/docs':
      case 'GET /api/docs/':
      case 'GET /api/docs/json':
      case 'GET /api/docs/yaml':
      case 'GET /api/docs/static/index.html':
      case 'GET /api/docs/static/swagger-initializer.js':
        return { method, url };
      case 'GET /api/docs/*': // swagger-ui's assets, /api/docs/static/* (printRoutes drops the `static/`)
        return { method, url: url.replace('*', 'static/swagger-ui.css') };
      case 'GET /*':
        return { method, url: '/' };
      case 'POST /api/events':
        return {
          method,
          url,
          payload: { categoryCode: category, description: '上报测试', location: inScope ? P.inGridA1a : P.inGridB1a },
        };
      case 'GET /api/events':
      case 'GET /api/events/geojson':
        return { method, url: role === 'citizen' && inScope ? url : `${url}?jurisdiction=${code}` };
      case 'GET /api/events/:id':
      case 'GET /api/events/:id/similar':
      case 'GET /api/events/:id/contacts':
      case 'POST /api/events/:id/reporter/unmask':
      case 'GET /api/events/:id/notifications':
      case 'GET /api/events/:id/resolution-plan':
      case 'GET /api/events/:id/mediation-tasks':
        return { method, url: url.replace(':id', String(await ev())) };
      case 'GET /api/events/:id/follow-ups':
        return { method, url: url.replace(':id', String(inScope ? await ev('closed') : await closedOut(role))) };
      // dispute work is handling: the tier holding the event does it (as with the actions above)
      case 'PUT /api/events/:id/resolution-plan':
        return {
          method,
          url: url.replace(':id', String(await ev('dispatched', false, role === 'department_staff'))),
          payload: {
            responsibleJurisdictionCode: T.villageA1,
            responsiblePersonId: county.people.sec_a,
            steps: [{ text: '走访双方' }],
            deadline: FUTURE,
            mediationType: 'people',
          },
        };
      case 'POST /api/events/:id/mediation-tasks':
        return {
          method,
          url: url.replace(':id', String(await ev('dispatched', true, role === 'department_staff'))),
          payload: { memberId: county.people.mediator_a },
        };
      // public
      case 'POST /api/public/attachments':
        return { method, url, ...multipart(PNG, 'a.png', 'image/png') };
      case 'POST /api/public/events':
        return {
          method,
          url,
          payload: {
            categoryCode: category,
            description: '公开上报测试',
            location: inScope ? P.inGridA1a : P.inGridB1a,
          },
        };
      case 'GET /api/public/events/:token':
      case 'GET /api/public/events/:token/rating':
      case 'POST /api/public/events/:token/rating': {
        const id = inScope ? await once('A-closed', () => newEvent('A', 'closed')) : await closedOut(role);
        return {
          method,
          url: url.replace(':token', await tokenOf(id)),
          ...(method === 'POST' ? { payload: { satisfaction: 'satisfied' } } : {}),
        };
      }
      // attachments
      case 'POST /api/attachments':
        return { method, url, ...multipart(PNG, 'a.png', 'image/png') };
      case 'GET /api/attachments/:id': {
        if (!inScope) return { method, url: url.replace(':id', await attachmentFor(outside(role))) };
        return { method, url: url.replace(':id', await attachmentFor('A')) };
      }
      // organisation
      case 'GET /api/jurisdictions/:code':
        return { method, url: url.replace(':code', code) };
      case 'GET /api/geo/boundaries':
        return { method, url: `${url}?level=grid&within=${code}` };
      case 'GET /api/audit':
      case 'GET /api/people':
        return { method, url: `${url}?jurisdiction=${code}` };
      case 'POST /api/people/:id/password-reset':
      case 'POST /api/people/:id/unlock':
      case 'POST /api/people/:id/deactivate':
      case 'POST /api/people/:id/reactivate':
        return {
          method,
          url: url.replace(':id', String(ids[inScope ? 'acct_a' : outside(role) === 'B' ? 'acct_b' : 'acct_c2'])),
          payload: {},
        };
      case 'POST /api/categories':
        return {
          method,
          url,
          payload: { code: `perm_${++categorySeq}`, eventType: 'dispute', nameZh: '测试', nameEn: 'Test' },
        };
      case 'PATCH /api/categories/:code':
        return { method, url: url.replace(':code', category), payload: { sortOrder: 7 } };
      case 'POST /api/import/jurisdictions': {
        const grid = inScope ? `${T.villageA1}009` : `${outVillage(role)}009`;
        const feature = {
          type: 'Feature',
          properties: { code: grid, name: '新网格', kind: 'comprehensive' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [105.0, 35.0],
                [105.01, 35.0],
                [105.01, 35.01],
                [105.0, 35.01],
                [105.0, 35.0],
              ],
            ],
          },
        };
        return {
          method,
          url: inScope ? `${url}?dryRun=true` : url,
          payload: { type: 'FeatureCollection', features: [feature] },
        };
      }
      case 'POST /api/import/people':
        return {
          method,
          url: inScope ? `${url}?dryRun=true` : url,
          payload: Buffer.from(
            `name,role,jurisdiction_code,phone\n新网格员,grid_worker,${inScope ? T.gridA1a : outCode(role) === T.townB ? T.gridB1a : C2.grid},13900000000\n`,
          ),
          headers: { 'content-type': 'text/csv' },
        };
      case 'POST /api/import/bindings':
        return {
          method,
          url: inScope ? `${url}?dryRun=true` : url,
          payload: Buffer.from(
            `jurisdiction_code,duty,username\n${inScope ? T.gridA1a : outCode(role) === T.townB ? T.gridB1a : C2.grid},grid_worker,gw_a2\n`,
          ),
          headers: { 'content-type': 'text/csv' },
        };
      // deadlines, calendar
      case 'POST /api/deadline-rules':
        return {
          method,
          url,
          payload: {
            step: 'resolve',
            eventType: 'dispute',
            riskLevel: 'red',
            tier: null,
            amount: 3,
            unit: 'natural_days',
          },
        };
      case 'PUT /api/deadline-rules/:id':
      case 'DELETE /api/deadline-rules/:id': {
        const rule = await ok('county_op', {
          method: 'POST',
          url: '/api/deadline-rules',
          payload: {
            step: 'sign',
            eventType: 'hazard',
            riskLevel: null,
            tier: 'grid',
            amount: 1 + (++ruleSeq % 50),
            unit: 'hours',
          },
        });
        return {
          method,
          url: url.replace(':id', String(rule.rule.id)),
          ...(method === 'PUT'
            ? {
                payload: { step: 'sign', eventType: 'hazard', riskLevel: null, tier: 'grid', amount: 2, unit: 'hours' },
              }
            : {}),
        };
      }
      case 'PUT /api/deadline-ladder/:eventType/:tier':
        return { method, url: '/api/deadline-ladder/dispute/village', payload: { amount: 2, unit: 'working_days' } };
      case 'DELETE /api/deadline-ladder/:eventType/:tier':
        await ok('county_op', {
          method: 'PUT',
          url: '/api/deadline-ladder/petition/village',
          payload: { amount: 2, unit: 'working_days' },
        });
        return { method, url: '/api/deadline-ladder/petition/village' };
      case 'GET /api/calendar':
        return { method, url: `${url}?from=2026-11-01&to=2026-11-30` };
      case 'GET /api/calendar/deadline':
        return { method, url: `${url}?amount=3&unit=working_days` };
      case 'PUT /api/calendar/overrides/:date':
        return { method, url: url.replace(':date', '2026-12-05'), payload: { kind: 'workday', name: '测试' } };
      case 'DELETE /api/calendar/overrides/:date':
        await ok('county_op', {
          method: 'PUT',
          url: '/api/calendar/overrides/2026-12-06',
          payload: { kind: 'workday' },
        });
        return { method, url: url.replace(':date', '2026-12-06') };
      case 'POST /api/calendar/overrides/import':
        return { method, url: `${url}?dryRun=true`, payload: [{ date: '2026-12-12', kind: 'workday' }] };
      // follow-ups
      case 'POST /api/follow-ups/:id/record':
      case 'POST /api/follow-ups/:id/skip': {
        const id = inScope
          ? await followUpOf(
              fresh ? await newEvent('A', 'closed') : await once('A-closed', () => newEvent('A', 'closed')),
            )
          : await followUpOut(role);
        return {
          method,
          url: url.replace(':id', String(id)),
          payload: route.endsWith('record') ? { method: 'phone', satisfaction: 'satisfied' } : { note: '联系不上' },
        };
      }
      // mediation
      case 'GET /api/villages/:code/mediators':
        return { method, url: url.replace(':code', village) };
      case 'POST /api/villages/:code/mediators':
        return {
          method,
          url: url.replace(':code', village),
          payload: { personId: county.people.mediator_a, specialties: ['邻里'] },
        };
      case 'PATCH /api/villages/:code/mediators/:personId':
        return {
          method,
          url: url.replace(':code', village).replace(':personId', String(county.people.mediator_a)),
          payload: { specialties: ['邻里', '婚姻'] },
        };
      case 'GET /api/mediation-tasks/:id': {
        if (!inScope) return { method, url: url.replace(':id', String(await taskOut(role))) };
        const id =
          scope === 'member'
            ? await once(`task-of-${role}`, async () => newTask(await newEvent('A'), USER[role]))
            : await once('task-A', async () => newTask(await eventA(), 'mediator_a'));
        return { method, url: url.replace(':id', String(id)) };
      }
      case 'POST /api/mediation-tasks/:id/accept':
      case 'POST /api/mediation-tasks/:id/decline':
      case 'POST /api/mediation-tasks/:id/result':
      case 'POST /api/mediation-tasks/:id/cancel': {
        const step = route.split('/').pop()!;
        const payload =
          step === 'accept'
            ? {}
            : step === 'result'
              ? { outcome: 'resolved', agreement: '双方和解' }
              : { note: '测试' };
        if (!inScope) return { method, url: url.replace(':id', String(await taskOut(role))), payload };
        // a member's own task, or (cancel) one on an event the caller handles
        const member = step === 'cancel' ? 'mediator_a' : scope === 'none' ? 'mediator_a' : USER[role];
        const holding = role === 'department_staff';
        const id = fresh
          ? await newTask(
              await newEvent('A', 'dispatched', undefined, undefined, holding),
              member,
              'county_op',
              step === 'result',
            )
          : await once(`task-${step}-${role}`, async () =>
              newTask(
                await newEvent('A', 'dispatched', undefined, undefined, holding),
                role === 'mediator' ? 'citizen1' : 'mediator_a',
                'county_op',
                step === 'result',
              ),
            );
        return { method, url: url.replace(':id', String(id)), payload };
      }
      // figures
      case 'GET /api/analytics/kpis':
        return { method, url: `${url}?scope=${code}&month=${MONTH}` };
      case 'GET /api/analytics/breakdown':
        return { method, url: `${url}?scope=${code}&month=${MONTH}&groupBy=event_type` };
      case 'GET /api/analytics/drilldown':
        return { method, url: `${url}?scope=${code}&month=${MONTH}&kpi=entered` };
      case 'GET /api/analytics/rankings': {
        const level = ['county_operator', 'leader', 'town_operator'].includes(role) ? 'village' : 'department';
        return { method, url: `${url}?scope=${code}&month=${MONTH}&level=${level}&kpi=entered` };
      }
      case 'PUT /api/analytics/village-class-settings': {
        const current = await ok('county_op', { method: 'GET', url });
        return { method, url, payload: current.settings };
      }
      case 'POST /api/analytics/village-classes/compute':
        return { method, url, payload: { month: MONTH, ...(code.length === 12 ? { scope: code } : {}) } };
      case 'GET /api/analytics/village-classes':
        return { method, url: `${url}?month=${MONTH}${code.length === 12 ? `&scope=${code}` : ''}` };
      case 'GET /api/analytics/village-classes/:code/history':
        return { method, url: url.replace(':code', village) };
      case 'GET /api/analytics/village-pairings':
        return { method, url: code.length === 12 ? `${url}?scope=${code}` : url };
      case 'PUT /api/analytics/village-pairings/:code':
        return { method, url: url.replace(':code', village), payload: { departmentIds: [county.departments.yjj] } };
      // briefings
      case 'GET /api/briefings':
        return { method, url: `${url}?scope=${inScope ? T.county : outCode(role)}` };
      case 'POST /api/briefings':
        return { method, url, payload: { kind: 'monthly', scope: code, period: MONTH } };
      case 'GET /api/briefings/:id':
      case 'GET /api/briefings/:id/xlsx':
      case 'GET /api/briefings/:id/html':
        return { method, url: url.replace(':id', String(await briefingFor(inScope ? 'county' : outside(role)))) };
      // exports
      case 'POST /api/exports':
        return { method, url, payload: { format: 'csv', filters: { jurisdiction: code } } };
      case 'GET /api/exports/:id':
      case 'GET /api/exports/:id/download':
        return { method, url: url.replace(':id', String(await exportOf(inScope ? USER[role] : 'town_b_op'))) };
    }
    throw new Error(`no request for ${row.key}: add one to permission-matrix.test.ts`);
  }

  /** Routes that end the caller's session (or change their password): each case gets a fresh one. */
  const SPENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password']);
  async function restoreLogin(user: string) {
    await ctx.database.db
      .updateTable('people')
      .set({ password_hash: await hashPassword('secret123') })
      .where('username', '=', user)
      .execute();
    auth[user] = await ctx.login(user);
  }

  type Outcome = 'allowed' | 'refused' | 'other';
  function classify(row: MatrixRow, status: number, code: string | undefined): Outcome {
    // (a redirect lets the caller in too: swagger-ui's /api/docs/static/index.html answers with one)
    if (status >= 200 && status < 400) return 'allowed';
    if (status === 409 || (code && row.passes?.includes(code))) return 'allowed';
    if (status === 401 || status === 403) return 'refused';
    if (code && row.hides?.includes(code)) return 'refused';
    return 'other';
  }

  beforeAll(async () => {
    // rate limits are not what this test is about (the clock stands still, so their windows never end)
    // a built web app of its own: GET /* must not depend on whether web/dist happens to exist
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-matrix-web-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>一网</title>');
    ctx = await createTestContext({
      config: {
        webDistDir: dist,
        rateLimits: {
          windowSeconds: 60,
          loginPerAddress: 0,
          loginPerUsername: 0,
          publicWritesPerAddress: 0,
          publicReadsPerAddress: 0,
          perToken: 0,
        },
      },
    });
    county = await buildTestCounty(ctx.database.db);
    const db = ctx.database.db;
    const box = (x0: number, y0: number, x1: number, y1: number) =>
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [x0, y0],
            [x1, y0],
            [x1, y1],
            [x0, y1],
            [x0, y0],
          ],
        ],
      });
    const j = (code: string, parent: string | null, level: 'county' | 'town' | 'village' | 'grid', name: string) => ({
      code,
      parent_code: parent,
      level,
      kind: level === 'grid' ? 'comprehensive' : level,
      name,
      boundary: box(106.0, 35.0, 106.1, 35.05),
      centroid_lng: 106.05,
      centroid_lat: 35.025,
    });
    await db
      .insertInto('jurisdictions')
      .values([
        j(C2.county, null, 'county', '邻县MARKCOUNTY2'),
        j(C2.town, C2.county, 'town', '邻镇MARKCOUNTY2'),
        j(C2.village, C2.town, 'village', '邻村MARKCOUNTY2'),
        j(C2.grid, C2.village, 'grid', '邻网格MARKCOUNTY2'),
      ])
      .execute();
    await bumpGeoVersion(db);
    await db
      .insertInto('departments')
      .values({ code: 'c2dept', name: 'MARKCOUNTY2局', jurisdiction_code: C2.county })
      .execute();
    const hash = await hashPassword('secret123');
    const rows = await db
      .insertInto('people')
      .values([
        {
          username: 'c2_op',
          name: '邻县值班员',
          role: 'county_operator',
          jurisdiction_code: C2.county,
          department_id: null,
          password_hash: hash,
          phone: '13800000001',
        },
        {
          username: 'c2_cit',
          name: '邻县群众',
          role: 'citizen',
          jurisdiction_code: C2.village,
          department_id: null,
          password_hash: hash,
          phone: '13800000002',
        },
        // 账号管理 targets: people nobody in this test signs in as (a reset or deactivation would end their sessions)
        {
          username: 'acct_a',
          name: '账号甲',
          role: 'grid_worker',
          jurisdiction_code: T.gridA1a,
          department_id: null,
          password_hash: hash,
          phone: '13800000003',
        },
        {
          username: 'acct_b',
          name: '账号乙',
          role: 'grid_worker',
          jurisdiction_code: T.gridB1a,
          department_id: null,
          password_hash: hash,
          phone: '13800000004',
        },
        {
          username: 'acct_c2',
          name: '账号邻县',
          role: 'grid_worker',
          jurisdiction_code: C2.grid,
          department_id: null,
          password_hash: hash,
          phone: '13800000005',
        },
      ])
      .returning(['id', 'username'])
      .execute();
    for (const r of rows) ids[r.username!] = r.id;
    // a phone of their own for everyone on staff, so that one sent where it must not be is found
    for (const p of await db.selectFrom('people').select(['id', 'name', 'role']).execute()) {
      if (p.role === 'citizen') continue;
      const phone = `139${String(10_000_000 + p.id).slice(-8)}`;
      await db.updateTable('people').set({ phone }).where('id', '=', p.id).execute();
      staffPhones.add(phone);
      staffNames.add(p.name);
    }
    for (const u of [...Object.values(USER), 'citizen2', 'town_b_op', 'gw_b1', 'sec_b', 'c2_op', 'c2_cit'])
      auth[u] = await ctx.login(u);
    category = (await ok('county_op', { method: 'GET', url: '/api/public/categories' })).items.find(
      (c: { parentCode: string | null }) => c.parentCode,
    ).code;
    // 群英库: everyone of the test roles may receive a task in village A1; town B and the second county have their own
    for (const u of Object.values(USER)) {
      await ok('sec_a', {
        method: 'POST',
        url: `/api/villages/${T.villageA1}/mediators`,
        payload: { personId: county.people[u], specialties: [] },
      }).catch(() => undefined);
    }
    await ok('town_b_op', {
      method: 'POST',
      url: `/api/villages/${T.villageB1}/mediators`,
      payload: { personId: county.people.sec_b, specialties: [] },
    });
    await ok('c2_op', {
      method: 'POST',
      url: `/api/villages/${C2.village}/mediators`,
      payload: { personId: ids.c2_cit, specialties: [] },
    });
    // a resolution plan on the shared event; village classes for the month
    const a = await eventA();
    shared.set('A-dispatched', Promise.resolve(a));
    await ok('county_op', {
      method: 'PUT',
      url: `/api/events/${a}/resolution-plan`,
      payload: {
        responsibleJurisdictionCode: T.villageA1,
        responsiblePersonId: county.people.sec_a,
        steps: [{ text: '走访' }],
        deadline: FUTURE,
        mediationType: 'people',
      },
    });
    await ok('county_op', { method: 'POST', url: '/api/analytics/village-classes/compute', payload: { month: MONTH } });
    await ok('c2_op', { method: 'POST', url: '/api/analytics/village-classes/compute', payload: { month: MONTH } });
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
  });

  it('docs/permissions.md is generated from the matrix', () => {
    const file = path.resolve(HERE, '../../docs/permissions.md');
    expect(fs.readFileSync(file, 'utf8')).toBe(permissionsDoc());
  });

  it('has one row per route the app serves, and no row for a route that does not exist', () => {
    const served = servedRoutes(ctx.app);
    const rows = new Set(PERMISSION_MATRIX.map((r) => routeOf(r.key)));
    expect([...served].filter((r) => !rows.has(r)).sort(), 'routes missing from the permission matrix').toEqual([]);
    expect([...rows].filter((r) => !served.has(r)).sort(), 'matrix rows for routes that do not exist').toEqual([]);
    expect(new Set(PERMISSION_MATRIX.map((r) => r.key)).size).toBe(PERMISSION_MATRIX.length);
  });

  it('answers every route × role × scope as the matrix says, and nothing out of scope leaks', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const row of PERMISSION_MATRIX) {
      if (row.key === 'GET /api/live') continue; // a stream: checked below
      for (const role of ROLES) {
        for (const inScope of [true, false]) {
          const scope = accessOf(row, role);
          const expected: Outcome =
            scope === 'none' ? 'refused' : ['public', 'any', 'self'].includes(scope) || inScope ? 'allowed' : 'refused';
          let req: Req;
          try {
            req = await requestFor(row, role, inScope);
          } catch (error) {
            failures.push(
              `${row.key} ${role} ${inScope ? 'in' : 'out'}: fixture failed: ${(error as Error).message.slice(0, 300)}`,
            );
            continue;
          }
          if (SPENDS_SESSION.has(row.key)) auth[USER[role]] = await ctx.login(USER[role]); // a fresh session to spend
          const res = await call(USER[role], req);
          cases += 1;
          const errorCode = res.headers['content-type']?.toString().includes('json')
            ? (res.json() as { error?: { code?: string } }).error?.code
            : undefined;
          const got = classify(row, res.statusCode, errorCode);
          if (got !== expected)
            failures.push(
              `${row.key} ${role} ${inScope ? 'in' : 'out'} (${scope}): expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
          else if (got === 'allowed' && scope !== 'public') {
            const leaked = [
              ...forbiddenMarkers(role).filter((m) => res.body.includes(m)),
              ...fieldLeaks(role, row.key, res.body),
            ];
            if (leaked.length)
              failures.push(`${row.key} ${role} ${inScope ? 'in' : 'out'}: the answer holds ${leaked.join(', ')}`);
          }
          if (SPENDS_SESSION.has(row.key)) await restoreLogin(USER[role]);
        }
      }
      // without a session: 401 unless public
      const req = await requestFor(row, 'county_operator', true);
      const res = await call(null, req);
      cases += 1;
      const publicRoute = accessOf(row, 'citizen') === 'public';
      const got = publicRoute ? classify(row, res.statusCode, undefined) : res.statusCode === 401 ? 'refused' : 'other';
      if (got !== (publicRoute ? 'allowed' : 'refused'))
        failures.push(`${row.key} anonymous: got ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    console.log(`permission matrix: ${PERMISSION_MATRIX.length} rows, ${cases} cases`);
    expect(failures).toEqual([]);
  }, 600_000);

  it('streams live updates to every signed-in role and refuses anyone else', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const open = async (headers: Record<string, string>) => {
      const abort = new AbortController();
      const res = await fetch(`${address}/api/live`, { headers, signal: abort.signal });
      abort.abort();
      return res.status;
    };
    expect(await open({})).toBe(401);
    for (const role of ROLES) expect([200, 503], role).toContain(await open(auth[USER[role]]));
  });
});
