/**
 * The centre's own bucket (本级) through the API: events held at the county or a town centre
 * itself are shown in breakdowns — labelled, flagged `own`, after the places — and never ranked:
 * a ranking has exactly one row per child place, in the API, in a notice's (通报) rankings, and
 * no village class goes to a town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T } from '../testing/test-county.js';
import { OWN_BUCKET_NOTE } from '../briefings/briefing.service.js';

let ctx: TestContext;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
async function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await ctx.app.inject({
    method,
    url,
    headers: await as(user),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(300);
  return res.json();
}

const TOWNS = [T.townA, T.townB];
const VILLAGES = [T.villageA1, T.villageA2, T.villageB1];

/** A report by the county centre: at a place (a code, no point) or at a point. */
const report = (at: { jurisdictionCode: string } | { location: { lng: number; lat: number } }) =>
  call('county_op', 'POST', '/api/events', {
    categoryCode: 'dispute.neighbour.boundary',
    description: '本级受理的矛盾纠纷',
    ...at,
  });

type Row = { key: string | null; name: string; own: boolean; counters: { entered: number } };

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
  ctx.clock.now = new Date('2026-11-24T02:00:00Z');
  // The county centre holds more events than any town (the bucket a ranking used to put first),
  // town A's centre holds some of its own, and village A1 has one.
  for (let i = 0; i < 5; i++) await report({ jurisdictionCode: T.county });
  for (let i = 0; i < 3; i++) await report({ jurisdictionCode: T.townA });
  await report({ location: P.inGridA1a });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

describe('the centre’s own bucket (本级)', () => {
  it('is a labelled row of the breakdown, after the places', async () => {
    const towns = await call('county_op', 'GET', '/api/analytics/breakdown?groupBy=town&preset=today&kpis=entered');
    const rows = towns.rows as Row[];
    expect(rows.map((r) => r.key)).toEqual([...TOWNS, T.county]);
    expect(rows.at(-1)).toMatchObject({
      key: T.county,
      own: true,
      name: expect.stringMatching(/（本级）$/),
      counters: { entered: 5 },
    });
    expect(rows.filter((r) => r.key !== T.county).every((r) => !r.own && !r.name.includes('本级'))).toBe(true);

    const villages = (
      await call('county_op', 'GET', '/api/analytics/breakdown?groupBy=village&preset=today&kpis=entered')
    ).rows as Row[];
    expect(villages.filter((r) => r.own).map((r) => r.key)).toEqual([T.county, T.townA]);
    expect(villages.find((r) => r.key === T.townA)).toMatchObject({
      own: true,
      name: expect.stringMatching(/（本级）$/),
      counters: { entered: 3 },
    });
    expect(villages.slice(0, VILLAGES.length).map((r) => r.key)).toEqual(VILLAGES);

    const byType = (await call('county_op', 'GET', '/api/analytics/breakdown?groupBy=event_type&preset=today'))
      .rows as Row[];
    expect(byType.every((r) => r.own === false)).toBe(true);
  });

  it('is never ranked: one row per town, one per village', async () => {
    for (const kpi of ['entered', 'completionRate', 'overdueRate']) {
      const towns = await call(
        'county_op',
        'GET',
        `/api/analytics/rankings?level=town&kpi=${kpi}&preset=today&minVolume=0`,
      );
      expect((towns.rows as { key: string }[]).map((r) => r.key).sort(), kpi).toEqual(TOWNS);
      const villages = await call(
        'county_op',
        'GET',
        `/api/analytics/rankings?level=village&kpi=${kpi}&preset=today&minVolume=0`,
      );
      expect((villages.rows as { key: string }[]).map((r) => r.key).sort(), kpi).toEqual(VILLAGES);
    }
    // the county's five events would have put its bucket first
    const entered = await call(
      'county_op',
      'GET',
      '/api/analytics/rankings?level=town&kpi=entered&preset=today&minVolume=0',
    );
    expect(entered.rows[0]).toMatchObject({ key: T.townA, rank: 1 });
    // a town centre's ranking of its villages leaves its own bucket out too
    const town = await call(
      'town_a_op',
      'GET',
      '/api/analytics/rankings?level=village&kpi=entered&preset=today&minVolume=0',
    );
    expect((town.rows as { key: string }[]).map((r) => r.key)).toEqual([T.villageA1, T.villageA2]);
  });

  it('is printed in a notice’s table by place, labelled and explained, and missing from its rankings', async () => {
    const issued = await call('county_op', 'POST', '/api/briefings', {
      kind: 'monthly',
      scope: T.county,
      period: 'this_month',
    });
    const { content } = await call('county_op', 'GET', `/api/briefings/${issued.briefing.id}`);
    for (const ranking of content.rankings.filter((r: { level: string }) => r.level === 'town')) {
      expect(ranking.rows).toHaveLength(TOWNS.length);
      expect(ranking.rows.some((r: { name: string }) => r.name.includes('本级'))).toBe(false);
    }
    expect(content.byPlace.rows.at(-1)).toMatchObject({
      key: T.county,
      own: true,
      name: expect.stringMatching(/（本级）$/),
    });
    const html = await ctx.app.inject({
      method: 'GET',
      url: `/api/briefings/${issued.briefing.id}/html`,
      headers: await as('county_op'),
    });
    expect(html.body).toContain('<tr class="own">');
    expect(html.body).toContain(OWN_BUCKET_NOTE);

    const townNotice = await call('town_a_op', 'POST', '/api/briefings', { kind: 'monthly', period: 'this_month' });
    const town = (await call('town_a_op', 'GET', `/api/briefings/${townNotice.briefing.id}`)).content;
    for (const ranking of town.rankings)
      expect(ranking.rows.map((r: { name: string }) => r.name).join()).not.toContain('本级');
    expect(town.byPlace.rows.filter((r: { own: boolean }) => r.own).map((r: { key: string }) => r.key)).toEqual([
      T.townA,
    ]);
  });

  it('gets no village class', async () => {
    await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-11' });
    const classes = await call('county_op', 'GET', '/api/analytics/village-classes?month=2026-11');
    expect((classes.rows as { villageCode: string }[]).map((r) => r.villageCode).sort()).toEqual(VILLAGES);
  });
});
