/**
 * Village classes through the API: computed from the month's figures with the county's settings,
 * kept per month, the lagging list with paired departments, settings and pairings the county's
 * alone to edit, and the daily job keeping last month for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, T, type TestCounty } from '../testing/test-county.js';
import { placementOf } from '../../core/organisation/division-code.js';
import { refreshVillageClasses } from './village-class.service.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const call = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: await as(user), payload: payload as object });

/** `total` events in a village in a month, `completed` of them closed, `overdue` of them overdue. */
async function events(place: string, month: string, total: number, completed: number, overdue = 0) {
  const p = placementOf(place);
  const category = (
    await ctx.database.db
      .selectFrom('event_categories')
      .select('code')
      .where('event_type', '=', 'dispute')
      .executeTakeFirstOrThrow()
  ).code;
  await sql`
    INSERT INTO events (serial_no, channel, event_type, category_code, risk_level, title, description, status, status_kind,
      jurisdiction_code, county_code, town_code, village_code, tracking_token, reported_at, resolved_at, resolved_tier, overdue, accepted_at, supervisor_code)
    SELECT 'V' || ${month} || ${place} || g, 'grid_patrol', 'dispute', ${category}, 'blue', '纠纷', '纠纷',
      CASE WHEN g <= ${completed} THEN 'closed' ELSE 'handling' END, CASE WHEN g <= ${completed} THEN 'closed' ELSE 'open' END,
      ${place}, ${p.county_code}, ${p.town_code}, ${p.village_code}, 'vt-' || ${month} || ${place} || g,
      (${month} || '-05T02:00:00Z')::timestamptz, CASE WHEN g <= ${completed} THEN (${month} || '-20T02:00:00Z')::timestamptz END,
      CASE WHEN g <= ${completed} THEN 'village' END, g > ${total - overdue}, (${month} || '-05T03:00:00Z')::timestamptz, ${p.town_code ?? p.county_code}
    FROM generate_series(1, ${total}) g`.execute(ctx.database.db);
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  ctx.clock.now = new Date('2026-11-24T02:00:00Z');
  await events(T.villageA1, '2026-10', 20, 20); // all closed, none overdue → 放心
  await events(T.villageA2, '2026-10', 20, 4, 18); // 4 of 20 done, 18 overdue → 滞后 (score 43.1)
  await events(T.villageB1, '2026-10', 2, 2); // too few to judge
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

describe('village classes', () => {
  it('computes a month and lists the classes, lagging first', async () => {
    const res = await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-10' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      month: '2026-10',
      final: true,
      summary: { reassured: 1, lagging: 1, unclassed: 1 },
    });
    const list = (await call('county_op', 'GET', '/api/analytics/village-classes?month=2026-10')).json();
    expect(list.rows[0]).toMatchObject({ villageCode: T.villageA2, class: 'lagging', className: '滞后' });
    expect(list.rows.find((v: { villageCode: string }) => v.villageCode === T.villageA1)).toMatchObject({
      class: 'reassured',
      className: '放心',
      score: 100,
    });
    expect(list.rows.find((v: { villageCode: string }) => v.villageCode === T.villageB1)).toMatchObject({
      class: null,
      unclassed: 'below_minimum_volume',
    });
    const part = list.rows[0].parts.find((p: { key: string }) => p.key === 'completionRate');
    expect(part).toMatchObject({ name: '办结率', value: 0.2, points: 20 });
    expect(list.rows[0].score).toBe(43.1);
  });

  it('applies the county’s own weights and thresholds, validated', async () => {
    const bad = await call('county_op', 'PUT', '/api/analytics/village-class-settings', {
      weights: { entered: 1 },
      thresholds: { reassured: 90, good: 80, average: 60 },
      minVolume: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VILLAGE_CLASS_SETTINGS_INVALID');
    expect(
      (
        await call('town_a_op', 'PUT', '/api/analytics/village-class-settings', {
          weights: { completionRate: 1 },
          thresholds: { reassured: 90, good: 80, average: 60 },
          minVolume: 1,
        })
      ).statusCode,
    ).toBe(403);
    const ok = await call('county_op', 'PUT', '/api/analytics/village-class-settings', {
      weights: { completionRate: 1 },
      thresholds: { reassured: 40, good: 30, average: 20 },
      minVolume: 1,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-10' });
    const list = (await call('county_op', 'GET', '/api/analytics/village-classes?month=2026-10')).json();
    expect(list.summary).toMatchObject({ reassured: 2, average: 1, lagging: 0 }); // A2: 20 points, on the 一般 line
    expect((await call('county_op', 'GET', '/api/analytics/village-class-settings')).json()).toMatchObject({
      isDefault: false,
      settings: { minVolume: 1 },
    });
    // back to the defaults for the rest
    await call('county_op', 'PUT', '/api/analytics/village-class-settings', {
      weights: {
        completionRate: 30,
        onTimeCompletionRate: 25,
        satisfactionRate: 20,
        signedOnTimeRate: 15,
        overdueRate: 10,
      },
      thresholds: { reassured: 90, good: 80, average: 60 },
      minVolume: 3,
    });
    await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-10' });
  });

  it('pairs departments with a lagging village and shows them on the lagging list', async () => {
    const res = await call('county_op', 'PUT', `/api/analytics/village-pairings/${T.villageA2}`, {
      departmentIds: [county.departments.yjj, county.departments.scjg],
      note: '包联帮扶',
    });
    expect(res.statusCode, res.body).toBe(200);
    const lagging = (
      await call('county_op', 'GET', '/api/analytics/village-classes?month=2026-10&class=lagging')
    ).json();
    expect(lagging.rows).toHaveLength(1);
    expect(lagging.rows[0].pairedDepartments.map((d: { departmentId: number }) => d.departmentId).sort()).toEqual(
      [county.departments.yjj, county.departments.scjg].sort(),
    );
    // replacing the set, and refusing unknown departments and other roles
    await call('county_op', 'PUT', `/api/analytics/village-pairings/${T.villageA2}`, {
      departmentIds: [county.departments.yjj],
    });
    expect((await call('county_op', 'GET', '/api/analytics/village-pairings')).json().rows).toHaveLength(1);
    expect(
      (
        await call('county_op', 'PUT', `/api/analytics/village-pairings/${T.villageA2}`, { departmentIds: [999999] })
      ).json().error.code,
    ).toBe('DEPARTMENT_NOT_FOUND');
    expect(
      (await call('town_a_op', 'PUT', `/api/analytics/village-pairings/${T.villageA2}`, { departmentIds: [] }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('county_op', 'PUT', `/api/analytics/village-pairings/${T.townA}`, { departmentIds: [] })).json().error
        .code,
    ).toBe('JURISDICTION_CODE_INVALID');
  });

  it('scopes lists to the caller and says when a month is not computed', async () => {
    const town = (await call('town_b_op', 'GET', '/api/analytics/village-classes?month=2026-10')).json();
    expect(town.rows.map((v: { villageCode: string }) => v.villageCode)).toEqual([T.villageB1]);
    expect(
      (await call('town_b_op', 'GET', `/api/analytics/village-classes?month=2026-10&scope=${T.townA}`)).statusCode,
    ).toBe(403);
    const missing = await call('county_op', 'GET', '/api/analytics/village-classes?month=2019-01');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('VILLAGE_CLASS_NOT_COMPUTED');
    expect((await call('citizen1', 'GET', '/api/analytics/village-classes')).statusCode).toBe(403);
    expect(
      (await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2027-05' })).json().error
        .code,
    ).toBe('PERIOD_INVALID');
  });

  it('keeps each month: the job finalises last month once and keeps the current one provisional', async () => {
    ctx.clock.now = new Date('2026-12-02T02:00:00Z');
    await events(T.villageA1, '2026-11', 10, 10);
    const first = await refreshVillageClasses(ctx.database.db, ctx.clock.now);
    expect(first).toBe(2); // November (now final) and December (provisional)
    const nov = (await call('county_op', 'GET', '/api/analytics/village-classes?month=2026-11')).json();
    expect(nov.final).toBe(true);
    expect(await refreshVillageClasses(ctx.database.db, ctx.clock.now)).toBe(1); // November is kept
    const history = (await call('sec_a', 'GET', `/api/analytics/village-classes/${T.villageA1}/history`)).json();
    expect(history.rows.map((m: { month: string }) => m.month)).toEqual(['2026-12', '2026-11', '2026-10']);
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
  });
});
