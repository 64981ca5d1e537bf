/**
 * Bad input: every write route (POST/PUT/PATCH/DELETE in PERMISSION_MATRIX, checked against what the
 * app serves) is called, as a user allowed to call it, with fast-check generated payloads — random
 * JSON; the route's valid request with one field (or one path parameter) replaced by a hostile value
 * (hostile-values.ts); values JSON.parse turns into ±Infinity; malformed raw bodies; wrong content
 * types; unknown extra properties. Every answer must be below 500; every refusal a JSON body
 * `{ error: { code, message } }` with a code of core/errors.ts and a message; and a refusal must
 * leave the database as it was (a checksum of every application table before and after).
 *
 * FUZZ_SEED (default 20261124) fixes the run; FUZZ_RUNS (default 1) multiplies each route's runs.
 * A failure names the seed, the route, the request and, from fast-check, the counterexample path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { TEST_USER_OF_ROLE, buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { hashPassword } from '../auth/password.js';
import { ERROR_CODES } from '../../core/errors.js';
import { ROLES, type Role } from '../../core/access/roles.js';
import { PERMISSION_MATRIX, accessOf, routeOf, type MatrixRow } from '../permissions/permission-matrix.js';
import {
  HOSTILE_CONTENT_TYPES,
  HOSTILE_SEGMENTS,
  RAW_BODIES,
  RAW_MARK,
  RAW_TOKENS,
  hostileValue,
} from './hostile-values.js';
import { multipart, TINY_PNG as PNG } from '../testing/multipart.js';
import { servedRoutes } from '../permissions/served-routes.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Math.max(0.1, Number(process.env.FUZZ_RUNS ?? 1));
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));

/**
 * Tables a refusal may legitimately change, left out of the fingerprint:
 * - audit_records, audit_chain_head: every write request is audited, refused ones on purpose
 *   (who tried what is the point of an audit trail);
 * - login_failures: a refused sign-in is counted for the lockout (that is what it is for);
 * - sessions: every authenticated request moves its session's last-seen time (idle timeout).
 */
const MAY_CHANGE_ON_REFUSAL = new Set(['audit_records', 'audit_chain_head', 'login_failures', 'sessions']);

const USER = TEST_USER_OF_ROLE;
/** Who calls a route: anonymous if public; else the first role of this list that may. */
const PREFERRED: readonly Role[] = [
  'county_operator',
  'town_operator',
  'mediator',
  'citizen',
  'grid_worker',
  'village_secretary',
  ...ROLES,
];

interface Req {
  method: string;
  url: string;
  /** An object (sent as JSON), a Buffer or a string (sent raw). */
  payload?: unknown;
  headers?: Record<string, string>;
}

type Mutation =
  | { kind: 'random'; body: unknown }
  | { kind: 'field'; at: number; value: unknown }
  | { kind: 'extra'; name: string; value: unknown }
  | { kind: 'raw-number'; at: number; token: string }
  | { kind: 'segment'; at: number; segment: string }
  | { kind: 'raw'; body: string }
  | { kind: 'content-type'; type: string }
  | { kind: 'upload'; bytes: Uint8Array; filename: string; type: string; field: string };

/** Every path to a value inside a JSON value (objects and arrays), the root excluded. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value as object);
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of entries) out.push(...leafPaths(v, [...prefix, k]));
  return out;
}
function replaceAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (!at.length) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[at[0]] = replaceAt(copy[at[0]], at.slice(1), replacement);
  return copy;
}
const describeReq = (r: Req) => {
  const p =
    r.payload === undefined
      ? ''
      : Buffer.isBuffer(r.payload)
        ? `<${r.payload.length} bytes>`
        : typeof r.payload === 'string'
          ? r.payload
          : JSON.stringify(r.payload);
  return `${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers ?? {}).slice(0, 200)} ${p.slice(0, 400)}`;
};

describe('write endpoints under bad input', () => {
  let ctx: TestContext;
  let county: TestCounty;
  const auth: Record<string, { authorization: string }> = {};
  let category = '';
  let eventA = 0;
  let token = '';
  let followUp = 0;
  let task = 0;
  let rule = 0;
  /** 账号管理's target: a person nobody here signs in as (a reset or deactivation ends their sessions). */
  let accountTarget = 0;
  let tables: string[] = [];

  async function call(user: string | null, req: Req) {
    const headers = { ...(req.headers ?? {}), ...(user ? auth[user] : {}) };
    const p = req.payload;
    return ctx.app.inject({
      method: req.method as 'POST',
      url: req.url,
      headers,
      ...(p === undefined
        ? {}
        : Buffer.isBuffer(p) || typeof p === 'string'
          ? { payload: p }
          : { payload: JSON.stringify(p), headers: { 'content-type': 'application/json', ...headers } }),
    });
  }
  async function ok(user: string | null, req: Req) {
    const res = await call(user, req);
    if (res.statusCode >= 300)
      throw new Error(`fixture ${user} ${req.method} ${req.url} → ${res.statusCode} ${res.body}`);
    return res.json();
  }
  const act = (user: string, id: number, action: string, body: Record<string, unknown> = {}) =>
    ok(user, { method: 'POST', url: `/api/events/${id}/actions/${action}`, payload: { note: '测试', ...body } });

  /** An order-independent checksum of every application table (count and a sum of row hashes). */
  async function fingerprint(): Promise<Record<string, string>> {
    const parts = tables.map(
      (t) =>
        `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as f from "${t}" x`,
    );
    const res = await sql<{ t: string; f: string }>`${sql.raw(parts.join(' union all '))}`.execute(ctx.database.db);
    return Object.fromEntries(res.rows.map((r) => [r.t, r.f]));
  }

  function callerOf(row: MatrixRow): string | null {
    if (accessOf(row, 'citizen') === 'public') return null;
    const role = PREFERRED.find((r) => accessOf(row, r) !== 'none');
    if (!role) throw new Error(`nobody may call ${row.key}`);
    return USER[role];
  }

  /** The valid request for a route (fixtures made in beforeAll); event actions pick one per run. */
  function validRequest(route: string, action = 'dispatch'): Req {
    const [method, url] = route.split(' ');
    const id = (v: number | string) => url.replace(/:id\b/, String(v));
    switch (route) {
      case 'POST /api/auth/login':
        return { method, url, payload: { username: 'sec_a2', password: 'secret123' } };
      case 'POST /api/auth/logout':
      case 'POST /api/auth/logout-all':
        return { method, url, payload: {} };
      case 'POST /api/auth/password':
        return { method, url, payload: { currentPassword: 'secret123', newPassword: 'Yw#2026-fuzz-Password' } };
      case 'POST /api/events':
        return {
          method,
          url,
          payload: {
            categoryCode: category,
            title: '标题',
            description: '上报测试',
            address: '东村',
            location: P.inGridA1a,
            reportedAt: '2026-11-24T01:00:00Z',
          },
        };
      case 'POST /api/events/:id/reporter/unmask':
        return { method, url: id(eventA), payload: { reason: '核实情况' } };
      case 'POST /api/events/:id/actions/:action': {
        const body: Record<string, unknown> = { note: '测试' };
        if (['assign', 'reassign', 'redispatch', 'dispatch'].includes(action)) body.personIds = [county.people.gw_a2];
        if (action === 'merge') body.targetEventId = eventA;
        if (action === 'request_extension' || action === 'supervise') body.dueAt = '2027-06-01T00:00:00Z';
        return { method, url: id(eventA).replace(':action', action), payload: body };
      }
      case 'POST /api/public/attachments':
      case 'POST /api/attachments':
        return { method, url, ...multipart(PNG, 'a.png', 'image/png') };
      case 'POST /api/public/events':
        return {
          method,
          url,
          payload: {
            categoryCode: category,
            description: '公开上报测试',
            address: '东村口',
            reporterName: '张三',
            reporterPhone: '13800000000',
            location: P.inGridA1a,
          },
        };
      case 'POST /api/public/events/:token/rating':
        return { method, url: url.replace(':token', token), payload: { satisfaction: 'satisfied', comment: '好' } };
      case 'POST /api/people/:id/password-reset':
      case 'POST /api/people/:id/unlock':
      case 'POST /api/people/:id/deactivate':
      case 'POST /api/people/:id/reactivate':
        return { method, url: id(accountTarget), payload: {} };
      case 'POST /api/categories':
        return { method, url, payload: { code: 'fuzz_cat', eventType: 'dispute', nameZh: '测试', nameEn: 'Test' } };
      case 'PATCH /api/categories/:code':
        return { method, url: url.replace(':code', category), payload: { sortOrder: 7 } };
      case 'POST /api/import/jurisdictions': {
        const feature = {
          type: 'Feature',
          properties: { code: `${T.villageA1}009`, name: '新网格', kind: 'comprehensive' },
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
        return { method, url: `${url}?dryRun=true`, payload: { type: 'FeatureCollection', features: [feature] } };
      }
      case 'POST /api/import/people':
        return {
          method,
          url: `${url}?dryRun=true`,
          payload: Buffer.from(`name,role,jurisdiction_code,phone\n新网格员,grid_worker,${T.gridA1a},13900000000\n`),
          headers: { 'content-type': 'text/csv' },
        };
      case 'POST /api/import/bindings':
        return {
          method,
          url: `${url}?dryRun=true`,
          payload: Buffer.from(`jurisdiction_code,duty,username\n${T.gridA1a},grid_worker,gw_a2\n`),
          headers: { 'content-type': 'text/csv' },
        };
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
        return {
          method,
          url: id(rule),
          payload: { step: 'sign', eventType: 'hazard', riskLevel: null, tier: 'grid', amount: 2, unit: 'hours' },
        };
      case 'DELETE /api/deadline-rules/:id':
        return { method, url: id(rule) };
      case 'PUT /api/deadline-ladder/:eventType/:tier':
        return { method, url: '/api/deadline-ladder/dispute/village', payload: { amount: 2, unit: 'working_days' } };
      case 'DELETE /api/deadline-ladder/:eventType/:tier':
        return { method, url: '/api/deadline-ladder/petition/village' };
      case 'PUT /api/calendar/overrides/:date':
        return { method, url: url.replace(':date', '2026-12-05'), payload: { kind: 'workday', name: '测试' } };
      case 'DELETE /api/calendar/overrides/:date':
        return { method, url: url.replace(':date', '2026-12-06') };
      case 'POST /api/calendar/overrides/import':
        return { method, url: `${url}?dryRun=true`, payload: [{ date: '2026-12-12', kind: 'workday', name: '调休' }] };
      case 'POST /api/follow-ups/:id/record':
        return { method, url: id(followUp), payload: { method: 'phone', satisfaction: 'satisfied', note: '满意' } };
      case 'POST /api/follow-ups/:id/skip':
        return { method, url: id(followUp), payload: { note: '联系不上' } };
      case 'PUT /api/events/:id/resolution-plan':
        return {
          method,
          url: id(eventA),
          payload: {
            responsibleJurisdictionCode: T.villageA1,
            responsiblePersonId: county.people.sec_a,
            steps: [{ text: '走访双方' }],
            deadline: '2027-06-01T00:00:00Z',
            mediationType: 'people',
          },
        };
      case 'POST /api/villages/:code/mediators':
        return {
          method,
          url: url.replace(':code', T.villageA1),
          payload: { personId: county.people.gw_a2, specialties: ['邻里'] },
        };
      case 'PATCH /api/villages/:code/mediators/:personId':
        return {
          method,
          url: url.replace(':code', T.villageA1).replace(':personId', String(county.people.mediator_a)),
          payload: { specialties: ['邻里', '婚姻'] },
        };
      case 'POST /api/events/:id/mediation-tasks':
        return { method, url: id(eventA), payload: { memberId: county.people.mediator_a } };
      case 'POST /api/mediation-tasks/:id/accept':
        return { method, url: id(task), payload: {} };
      case 'POST /api/mediation-tasks/:id/result':
        return { method, url: id(task), payload: { outcome: 'resolved', agreement: '双方和解' } };
      case 'POST /api/mediation-tasks/:id/decline':
      case 'POST /api/mediation-tasks/:id/cancel':
        return { method, url: id(task), payload: { note: '测试' } };
      case 'PUT /api/analytics/village-class-settings':
        return { method, url, payload: settings };
      case 'POST /api/analytics/village-classes/compute':
        return { method, url, payload: { month: '2026-10' } };
      case 'PUT /api/analytics/village-pairings/:code':
        return { method, url: url.replace(':code', T.villageA1), payload: { departmentIds: [county.departments.yjj] } };
      case 'POST /api/briefings':
        return { method, url, payload: { kind: 'monthly', scope: T.county, period: '2026-10' } };
      case 'POST /api/exports':
        return { method, url, payload: { format: 'csv', filters: { jurisdiction: T.county } } };
    }
    throw new Error(`no valid request for ${route}: add one to write-endpoints.fuzz.test.ts`);
  }
  let settings: unknown = {};

  /** The request one mutation makes of a route's valid request. */
  function mutate(route: string, valid: Req, m: Mutation): Req {
    const isJson = valid.payload !== undefined && !Buffer.isBuffer(valid.payload);
    switch (m.kind) {
      case 'random':
        return { ...valid, payload: m.body ?? null };
      case 'field': {
        if (!isJson) return { ...valid, payload: m.value as object };
        const paths = leafPaths(valid.payload);
        if (!paths.length) return { ...valid, payload: m.value as object };
        return { ...valid, payload: replaceAt(valid.payload, paths[m.at % paths.length], m.value) };
      }
      case 'extra':
        if (!isJson || typeof valid.payload !== 'object' || Array.isArray(valid.payload))
          return { ...valid, payload: { [m.name]: m.value } };
        return { ...valid, payload: { ...(valid.payload as object), [m.name]: m.value } };
      case 'raw-number': {
        const base = isJson ? valid.payload : {};
        const paths = leafPaths(base);
        const replaced = paths.length ? replaceAt(base, paths[m.at % paths.length], RAW_MARK) : RAW_MARK;
        return {
          ...valid,
          payload: JSON.stringify(replaced).replace(`"${RAW_MARK}"`, m.token),
          headers: { 'content-type': 'application/json' },
        };
      }
      case 'segment': {
        const parts = valid.url.split('?');
        const segs = parts[0].split('/');
        // only the segments that are parameters in the route's template (`:id`, `:code`, `:token` …)
        const template = route.split(' ')[1].split('/');
        const params = segs.map((s, i) => [s, i] as const).filter(([, i]) => template[i]?.startsWith(':'));
        if (!params.length) return valid;
        segs[params[m.at % params.length][1]] = m.segment;
        return { ...valid, url: [segs.join('/'), ...parts.slice(1)].join('?') };
      }
      case 'raw':
        return { ...valid, payload: m.body, headers: { ...(valid.headers ?? {}), 'content-type': 'application/json' } };
      case 'content-type':
        return {
          ...valid,
          payload: isJson ? JSON.stringify(valid.payload) : (valid.payload ?? '{}'),
          headers: { 'content-type': m.type },
        };
      case 'upload':
        return { ...valid, ...multipart(Buffer.from(m.bytes), m.filename, m.type, m.field) };
    }
  }

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.anything({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 3 }))
        .map((body) => ({ kind: 'random' as const, body })),
    },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('field' as const), at: fc.nat(), value: hostileValue }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        name: fc.constantFrom('isAdmin', '__proto__', 'constructor', 'id', 'status', '\u0000', ''),
        value: hostileValue,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('raw-number' as const),
        at: fc.nat(),
        token: fc.constantFrom(...RAW_TOKENS),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('segment' as const),
        at: fc.nat(),
        segment: fc.constantFrom(...HOSTILE_SEGMENTS),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), body: fc.constantFrom(...RAW_BODIES) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('content-type' as const),
        type: fc.constantFrom(...HOSTILE_CONTENT_TYPES),
      }),
    },
  );
  const upload: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constant('upload' as const),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.constant(new Uint8Array(PNG.subarray(0, 20))),
      fc.constant(new Uint8Array(Buffer.from('<svg onload=alert(1)>'))),
    ),
    filename: fc.constantFrom(
      'a.png',
      '../../etc/passwd',
      '<img src=x onerror=alert(1)>.png',
      '\u202Egnp.exe',
      'x'.repeat(2000),
      '',
      'a\u0000.png',
    ),
    type: fc.constantFrom('image/png', 'text/html', 'application/octet-stream', 'image/svg+xml', ''),
    field: fc.constantFrom('file', 'other', ''),
  });

  beforeAll(async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-fuzz-web-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>一网</title>');
    ctx = await createTestContext({ config: { webDistDir: dist } });
    county = await buildTestCounty(ctx.database.db);
    for (const u of [...new Set(Object.values(USER))]) auth[u] = await ctx.login(u);
    accountTarget = (
      await ctx.database.db
        .insertInto('people')
        .values({
          username: 'acct_fuzz',
          name: '账号测试',
          role: 'grid_worker',
          jurisdiction_code: T.gridA1a,
          department_id: null,
          password_hash: await hashPassword('secret123'),
          phone: '13800000009',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    category = (await ok('county_op', { method: 'GET', url: '/api/public/categories' })).items.find(
      (c: { parentCode: string | null }) => c.parentCode,
    ).code;
    const newEvent = async () => {
      const body = await ok('citizen1', {
        method: 'POST',
        url: '/api/events',
        payload: { categoryCode: category, description: '甲村事件', location: P.inGridA1a },
      });
      const id = body.event.id as number;
      const p = county.people;
      await act('county_op', id, 'assign', { personIds: [p.town_a_op, p.county_op, p.leader, p.mediator_a] });
      return id;
    };
    eventA = await newEvent();
    const closed = await newEvent();
    for (const [who, a] of [
      ['county_op', 'accept'],
      ['county_op', 'start'],
      ['county_op', 'resolve'],
      ['leader', 'verify'],
      ['leader', 'close'],
    ] as const)
      await act(who, closed, a);
    token = (
      await ctx.database.db
        .selectFrom('events')
        .select('tracking_token')
        .where('id', '=', closed)
        .executeTakeFirstOrThrow()
    ).tracking_token as string;
    followUp = (await ok('county_op', { method: 'GET', url: `/api/events/${closed}/follow-ups` })).items.find(
      (f: { kind: string; status: string }) => f.kind === 'visit' && f.status === 'scheduled',
    ).id;
    await ok('sec_a', {
      method: 'POST',
      url: `/api/villages/${T.villageA1}/mediators`,
      payload: { personId: county.people.mediator_a, specialties: [] },
    });
    task = (
      await ok('county_op', {
        method: 'POST',
        url: `/api/events/${await newEvent()}/mediation-tasks`,
        payload: { memberId: county.people.mediator_a },
      })
    ).task.id;
    rule = (
      await ok('county_op', {
        method: 'POST',
        url: '/api/deadline-rules',
        payload: { step: 'sign', eventType: 'hazard', riskLevel: null, tier: 'grid', amount: 5, unit: 'hours' },
      })
    ).rule.id;
    settings = (await ok('county_op', { method: 'GET', url: '/api/analytics/village-class-settings' })).settings;
    const res = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
      ctx.database.db,
    );
    tables = res.rows.map((r) => r.table_name).filter((t) => !MAY_CHANGE_ON_REFUSAL.has(t));
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
  });

  const WRITE = /^(POST|PUT|PATCH|DELETE) /;
  const writeRows = PERMISSION_MATRIX.filter((r) => WRITE.test(r.key));
  const writeRoutes = [...new Set(writeRows.map((r) => routeOf(r.key)))];

  it('covers every write route the app serves', () => {
    const served = servedRoutes(ctx.app);
    const servedWrites = [...served].filter((r) => WRITE.test(r)).sort();
    expect(writeRoutes.length).toBeGreaterThan(20);
    expect([...writeRoutes].sort()).toEqual(servedWrites);
    expect(tables.length).toBeGreaterThan(20);
  });

  /** Routes that end a session or change a password: each request gets a fresh session to spend. */
  const SPENDS_SESSION: Record<string, string> = {
    'POST /api/auth/logout': 'vl_a',
    'POST /api/auth/logout-all': 'team_a',
    'POST /api/auth/password': 'dept_scjg',
  };
  /** Routes whose requests are costly (a password hash, a computation): fewer runs. */
  const FEWER = new Set([
    'POST /api/auth/login',
    'POST /api/auth/password',
    'POST /api/auth/logout',
    'POST /api/auth/logout-all',
    'POST /api/analytics/village-classes/compute',
    'POST /api/briefings',
  ]);
  const UPLOADS = new Set(['POST /api/attachments', 'POST /api/public/attachments']);
  const ACTIONS = writeRows.filter((r) => r.key.includes(' #')).map((r) => r.key.split(' #')[1]);

  let checked = 0;
  let refusals = 0;
  /** Answers by status and code, printed at the end: shows the fuzz reaches past validation. */
  const tally = new Map<string, number>();
  for (const route of writeRoutes) {
    it(`${route}: never 5xx, refusals coded and without partial writes (seed ${SEED})`, async () => {
      const row = writeRows.find((r) => routeOf(r.key) === route)!;
      const spends = SPENDS_SESSION[route];
      const caller = spends ?? callerOf(row);
      const arbitrary = fc.tuple(
        UPLOADS.has(route) ? fc.oneof(mutation, upload) : mutation,
        fc.constantFrom(...(ACTIONS.length ? ACTIONS : ['dispatch'])),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([m, action]) => {
          if (spends) {
            await ctx.database.db
              .updateTable('people')
              .set({ password_hash: await hashPassword('secret123') })
              .where('username', '=', spends)
              .execute();
            auth[spends] = await ctx.login(spends);
          }
          const req = mutate(route, validRequest(route, action), m);
          const before = await fingerprint();
          const res = await call(caller, req);
          checked += 1;
          const code = res.statusCode >= 400 ? ((res.json() as { error?: { code?: string } })?.error?.code ?? '?') : '';
          tally.set(`${res.statusCode} ${code}`.trim(), (tally.get(`${res.statusCode} ${code}`.trim()) ?? 0) + 1);
          const what = `seed ${SEED}: ${caller ?? 'anonymous'} ${describeReq(req)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            refusals += 1;
            const body = res.json() as { error?: { code?: unknown; message?: unknown } };
            expect(Object.keys(ERROR_CODES), what).toContain(body.error?.code);
            expect(typeof body.error?.message === 'string' && body.error.message.length > 0, what).toBe(true);
            const after = await fingerprint();
            const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
            expect(changed, `partial write: ${what}`).toEqual([]);
          }
        }),
        { seed: SEED, numRuns: runs(FEWER.has(route) ? 12 : route.includes(':action') ? 100 : 50), endOnFailure: true },
      );
    }, 120_000);
  }

  it('made a meaningful number of requests', () => {
    console.log(
      `fuzz: ${writeRoutes.length} write routes, ${checked} requests, ${refusals} refusals checked for partial writes (seed ${SEED}, FUZZ_RUNS ${RUNS})`,
    );
    console.log(
      [...tally]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', '),
    );
    expect(checked).toBeGreaterThan(writeRoutes.length * 5);
  });
});
