/**
 * Supervision figures through the HTTP API: the articles' known answers, freshness after a real
 * report, open-but-overdue counted now, period boundaries in China time, events moved between
 * villages, 环比/同比, rankings, drill-down, and who may see what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { sweepDeadlines } from '../deadlines/deadline-sweep.js';
import { placementOf } from '../../core/organisation/division-code.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const get = async (user: string, url: string) => ctx.app.inject({ method: 'GET', url, headers: await as(user) });
const kpis = async (user: string, query: string) => {
  const res = await get(user, `/api/analytics/kpis?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function report(body: Record<string, unknown> = {}) {
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
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event.id as number;
}
async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/events/${id}/actions/${action}`,
    headers: await as(user),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * Events made set-wise in one village in one month: `closed` of them closed (化解) — the first
 * `closedAtTownOrBelow` resolved at town tier, the rest at county — and the rest open.
 */
async function bulkEvents(o: {
  place: string;
  month: string;
  total: number;
  closed: number;
  closedAtTownOrBelow?: number;
  satisfied?: number;
  rated?: number;
}) {
  const p = placementOf(o.place);
  const category = (
    await ctx.database.db
      .selectFrom('event_categories')
      .select('code')
      .where('event_type', '=', 'appeal')
      .executeTakeFirstOrThrow()
  ).code;
  await sql`
    INSERT INTO events (serial_no, channel, event_type, category_code, risk_level, title, description, status, status_kind,
      jurisdiction_code, county_code, town_code, village_code, grid_code, tracking_token, reported_at, accepted_at, resolved_at, resolved_tier, tier,
      satisfaction, followed_up, supervisor_code)
    SELECT 'K' || ${o.month} || ${o.place} || g, 'hotline_12345', 'appeal', ${category}, 'blue', '诉求', '诉求', 
      CASE WHEN g <= ${o.closed} THEN 'closed' ELSE 'handling' END,
      CASE WHEN g <= ${o.closed} THEN 'closed' ELSE 'open' END,
      ${o.place}, ${p.county_code}, ${p.town_code}, ${p.village_code}, ${p.grid_code}, 'tk-' || ${o.month} || ${o.place} || g,
      (${o.month} || '-10T02:00:00Z')::timestamptz + (g % 15) * interval '1 day',
      (${o.month} || '-10T03:00:00Z')::timestamptz,
      CASE WHEN g <= ${o.closed} THEN (${o.month} || '-28T03:00:00Z')::timestamptz END,
      CASE WHEN g <= ${o.closed} THEN (CASE WHEN g <= ${o.closedAtTownOrBelow ?? o.closed} THEN 'town' ELSE 'county' END) END,
      'village',
      CASE WHEN g <= ${o.rated ?? 0} THEN (CASE WHEN g <= ${o.satisfied ?? 0} THEN 'satisfied' ELSE 'dissatisfied' END) END,
      g <= ${o.closed},
      ${p.town_code ?? p.county_code}
    FROM generate_series(1, ${o.total}) AS g`.execute(ctx.database.db);
}

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
  ctx.clock.now = new Date('2026-11-24T02:00:00Z');
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

describe('known answers from the articles', () => {
  it('3,638 entered and 3,330 resolved report 91.5%', async () => {
    await bulkEvents({ place: T.villageA1, month: '2025-03', total: 3638, closed: 3330 });
    const r = await kpis('county_op', 'month=2025-03');
    expect(r.kpis.entered.value).toBe(3638);
    expect(r.kpis.resolved.value).toBe(3330);
    expect(r.kpis.resolutionRate.display).toBe('91.5%');
    expect(r.source).toBe('kpi_place_day');
  });

  it('3,211 registered and 3,200 resolved report 99.66%, 90% of them at town level or below', async () => {
    await bulkEvents({ place: T.villageB1, month: '2025-04', total: 3211, closed: 3200, closedAtTownOrBelow: 2880 });
    const r = await kpis('county_op', 'month=2025-04');
    expect(r.kpis.resolutionRate.display).toBe('99.66%');
    expect(r.kpis.townOrBelowShare.display).toBe('90%');
    expect(r.kpis.countyShare.display).toBe('10%');
  });

  it('7,276 collected and 7,088 solved report 97.4%, satisfaction 99.1%', async () => {
    await bulkEvents({ place: T.villageA2, month: '2025-05', total: 7276, closed: 7088, rated: 7088, satisfied: 7024 });
    const r = await kpis('county_op', 'month=2025-05');
    expect(r.kpis.resolutionRate.display).toBe('97.4%');
    expect(r.kpis.satisfactionRate.display).toBe('99.1%');
    expect(r.kpis.followUpRate.display).toBe('100%');
  });

  it('a town sees only its own share of the county', async () => {
    const r = await kpis('town_b_op', 'month=2025-04');
    expect(r.kpis.entered.value).toBe(3211);
    expect((await kpis('town_a_op', 'month=2025-04')).kpis.entered.value).toBe(0);
  });
});

describe('zero denominators and comparisons', () => {
  it('shows — for a rate with nothing to divide by, never NaN', async () => {
    const r = await kpis('county_op', 'month=2020-01');
    expect(r.kpis.entered.value).toBe(0);
    expect(r.kpis.resolutionRate).toMatchObject({ value: null, display: '—' });
    expect(r.kpis.resolutionRate.mom.display).toBe('—');
    expect(JSON.stringify(r)).not.toContain('NaN');
  });

  it('compares a month with the month before (环比) and the same month last year (同比)', async () => {
    await bulkEvents({ place: T.villageA1, month: '2026-03', total: 50, closed: 40 });
    await bulkEvents({ place: T.villageA1, month: '2026-04', total: 100, closed: 95 });
    const r = await kpis('county_op', 'month=2026-04');
    expect(r.previous).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
    expect(r.lastYear).toMatchObject({ from: '2025-04-01', to: '2025-04-30' });
    expect(r.kpis.entered.mom).toMatchObject({ delta: 50, ratio: 1, display: '+100.0%' });
    expect(r.kpis.entered.yoy).toMatchObject({ delta: 100 - 3211 }); // April 2025 had the 3,211
    expect(r.kpis.resolutionRate.mom.delta).toBe(15); // 95% vs 80%: +15 percentage points
    expect(r.kpis.resolutionRate.mom.display).toBe('+15.00pp');
  });

  it('accepts presets and custom spans, and refuses bad periods with PERIOD_INVALID', async () => {
    const week = await kpis('county_op', 'preset=this_week');
    expect(week.span).toMatchObject({ from: '2026-11-23', to: '2026-11-24', unit: 'week' });
    expect(week.previous).toMatchObject({ from: '2026-11-16', to: '2026-11-17' });
    const custom = await kpis('county_op', 'from=2026-03-20&to=2026-04-05');
    expect(custom.span.days).toBe(17);
    for (const q of [
      'preset=someday',
      'month=2026-13',
      'from=2026-04-05&to=2026-03-20',
      'from=2026-02-30&to=2026-03-01',
      'from=2026-01-01',
      'month=2026-01&preset=today',
      'from=2000-01-01&to=2026-01-01',
    ]) {
      const res = await get('county_op', `/api/analytics/kpis?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBe('PERIOD_INVALID');
    }
  });
});

describe('fresh and honest figures from real handling', () => {
  it('counts a new report at once, and a handled one as signed, completed and closed', async () => {
    const before = (await kpis('county_op', 'preset=today')).kpis;
    const id = await report();
    const after = (await kpis('county_op', 'preset=today')).kpis;
    expect(after.entered.value).toBe(before.entered.value + 1);
    expect(after.dispatched.value).toBe(before.dispatched.value + 1);
    await act('gw_a1', id, 'accept');
    await act('gw_a1', id, 'start');
    await act('gw_a1', id, 'resolve', { note: '已调解' });
    const done = (await kpis('county_op', 'preset=today')).kpis;
    expect(done.completed.value).toBe(before.completed.value + 1);
    expect(done.signedOnTimeRate.numerator).toBe(before.signedOnTimeRate.numerator + 1);
    expect(done.gridShare.numerator).toBe(before.gridShare.numerator + 1);
  });

  it('counts an open event as overdue from the sweep that turns its resolve clock red', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const id = await report({ categoryCode: 'hazard.fire', riskLevel: 'red', description: '消防通道堵塞' });
    const before = (await kpis('county_op', 'preset=today')).kpis.overdue.value;
    ctx.clock.now = new Date('2026-12-30T02:00:00Z');
    await sweepDeadlines({ db: ctx.database.db, now: () => new Date(ctx.clock.now), clocks: ctx.clocks });
    const r = await kpis('county_op', 'from=2026-11-24&to=2026-11-24');
    expect(r.kpis.overdue.value).toBe(before + 1);
    const drill = await get(
      'county_op',
      '/api/analytics/drilldown?kpi=overdue&from=2026-11-24&to=2026-11-24&pageSize=100',
    );
    expect(drill.json().items.map((e: { id: number }) => e.id)).toContain(id);
    expect(drill.json().total).toBe(r.kpis.overdue.value);
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
  });

  it('puts an event on the China day it was reported: 23:59 on 31 October is October', async () => {
    const oct = (await kpis('county_op', 'month=2026-10')).kpis.entered.value;
    const nov = (await kpis('county_op', 'month=2026-11')).kpis.entered.value;
    ctx.clock.now = new Date('2026-10-31T15:59:00Z');
    await report();
    ctx.clock.now = new Date('2026-10-31T16:00:00Z');
    await report();
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    expect((await kpis('county_op', 'month=2026-10')).kpis.entered.value).toBe(oct + 1);
    expect((await kpis('county_op', 'month=2026-11')).kpis.entered.value).toBe(nov + 1);
  });

  it('counts a moved event in the village it is in now', async () => {
    const id = await report();
    const byVillage = async () => {
      const res = await get('county_op', '/api/analytics/breakdown?groupBy=village&preset=today&kpis=entered');
      expect(res.statusCode, res.body).toBe(200);
      return Object.fromEntries(
        res.json().rows.map((g: { key: string; counters: { entered: number } }) => [g.key, g.counters.entered]),
      );
    };
    const before = await byVillage();
    await act('town_a_op', id, 'reassign', { jurisdictionCode: T.villageA2, note: '属地调整' });
    const after = await byVillage();
    expect(after[T.villageA1]).toBe(before[T.villageA1] - 1);
    expect(after[T.villageA2]).toBe((before[T.villageA2] ?? 0) + 1);
  });
});

describe('breakdowns, rankings and drill-down', () => {
  it('lists every village of the county, with zeros, and names the groups', async () => {
    const res = await get(
      'county_op',
      '/api/analytics/breakdown?groupBy=village&month=2025-03&kpis=entered,resolutionRate',
    );
    const rows = res.json().rows;
    expect(rows.map((g: { key: string }) => g.key)).toEqual(
      expect.arrayContaining([T.villageA1, T.villageA2, T.villageB1]),
    );
    expect(rows.find((g: { key: string }) => g.key === T.villageA2).kpis.resolutionRate.display).toBe('—');
    const byType = await get('county_op', '/api/analytics/breakdown?groupBy=event_type&month=2025-03');
    expect(byType.json().source).toBe('kpi_place_type_day');
    expect(byType.json().rows).toEqual([
      expect.objectContaining({ key: 'appeal', name: expect.stringMatching(/诉求/), own: false }),
    ]);
    const byChannel = await get('county_op', '/api/analytics/breakdown?groupBy=channel&month=2025-03&compare=true');
    expect(byChannel.json().source).toBe('kpi_town_dim_day');
    expect(byChannel.json().rows[0].kpis.entered.mom).toBeDefined();
  });

  it('ranks villages with the volume beside the rate, leaving small volumes unranked', async () => {
    await bulkEvents({ place: T.villageA1, month: '2024-06', total: 2, closed: 2 });
    await bulkEvents({ place: T.villageA2, month: '2024-06', total: 40, closed: 38 });
    await bulkEvents({ place: T.villageB1, month: '2024-06', total: 20, closed: 19 });
    const res = await get('county_op', '/api/analytics/rankings?level=village&kpi=resolutionRate&month=2024-06');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows;
    // 38/40 and 19/20 are both 95%: a tie shares rank 1, the bigger volume listed first.
    expect(
      rows.slice(0, 2).map((r: { key: string; rank: number; volume: number }) => [r.key, r.rank, r.volume]),
    ).toEqual([
      [T.villageA2, 1, 40],
      [T.villageB1, 1, 20],
    ]);
    expect(rows.find((r: { key: string }) => r.key === T.villageA1)).toMatchObject({
      rank: null,
      unranked: 'below_minimum_volume',
      volume: 2,
    });
    const all = await get(
      'county_op',
      '/api/analytics/rankings?level=village&kpi=resolutionRate&month=2024-06&minVolume=1',
    );
    expect(all.json().rows[0]).toMatchObject({ key: T.villageA1, rank: 1 });
    const towns = await get('county_op', '/api/analytics/rankings?level=town&kpi=entered&month=2024-06&minVolume=0');
    expect(towns.json().rows.map((r: { key: string }) => r.key)).toEqual([T.townA, T.townB]);
  });

  it('ranks departments by the events assigned to them', async () => {
    const id = await report();
    await act('town_a_op', id, 'assign', { departmentIds: [county.departments.yjj] });
    const res = await get('county_op', '/api/analytics/rankings?level=department&kpi=entered&preset=today&minVolume=0');
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().rows.find((r: { key: string }) => r.key === String(county.departments.yjj));
    expect(row.value.value).toBeGreaterThanOrEqual(1);
    const own = await get('dept_yjj', '/api/analytics/rankings?level=department&kpi=entered&preset=today&minVolume=0');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().rows).toHaveLength(1);
    expect((await get('dept_yjj', '/api/analytics/kpis?preset=today')).statusCode).toBe(403);
  });

  it('drills from a number to the events behind it', async () => {
    const r = await kpis('county_op', 'month=2025-03');
    const res = await get(
      'county_op',
      `/api/analytics/drilldown?kpi=resolutionRate&month=2025-03&groupBy=village&group=${T.villageA1}&pageSize=5`,
    );
    expect(res.json()).toMatchObject({ total: r.kpis.resolutionRate.numerator, pageSize: 5 });
    expect(res.json().items).toHaveLength(5);
    const open = await get('county_op', '/api/analytics/drilldown?kpi=resolutionRate&part=denominator&month=2025-03');
    expect(open.json().total).toBe(3638);
  });
});

describe('who may see what', () => {
  it('keeps figures inside the caller’s jurisdiction and role', async () => {
    const outside = await get('town_a_op', `/api/analytics/kpis?scope=${T.townB}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await get('citizen1', '/api/analytics/kpis')).statusCode).toBe(403);
    expect((await get('mediator_a', '/api/analytics/definitions')).statusCode).toBe(403);
    const grid = await kpis('gw_a1', 'preset=today');
    expect(grid.scope.level).toBe('grid');
    expect(grid.source).toBe('events');
    const village = await kpis('sec_a', 'month=2025-03');
    expect(village.kpis.entered.value).toBe(3638);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/analytics/kpis' })).statusCode).toBe(401);
  });

  it('lists the KPI catalogue, the groupings and the ranking levels', async () => {
    const res = await get('county_op', '/api/analytics/definitions');
    expect(res.statusCode, res.body).toBe(200);
    const { kpis: catalogue, groupBy, rankingLevels } = res.json();
    expect(catalogue.find((k: { key: string }) => k.key === 'resolutionRate')).toEqual({
      key: 'resolutionRate',
      zh: '化解率',
      en: 'Resolution rate',
      kind: 'rate',
      numerator: ['closed'],
      denominator: ['entered'],
      higherIsBetter: true,
    });
    expect(catalogue.find((k: { key: string }) => k.key === 'open')).toMatchObject({
      kind: 'count',
      numerator: ['open'],
      denominator: null,
      higherIsBetter: false,
    });
    expect(groupBy).toEqual(expect.arrayContaining(['town', 'village', 'grid', 'event_type', 'month']));
    expect(rankingLevels).toEqual(['town', 'village', 'department']);
  });

  it('answers bad input with 400 and a stable code', async () => {
    const cases: [string, string][] = [
      ['/api/analytics/kpis?kpis=entered,nonsense', 'KPI_UNKNOWN'],
      ['/api/analytics/rankings?level=village&kpi=nonsense', 'KPI_UNKNOWN'],
      ['/api/analytics/rankings?level=planet&kpi=entered', 'VALIDATION_FAILED'],
      ['/api/analytics/breakdown?groupBy=colour', 'VALIDATION_FAILED'],
      ['/api/analytics/kpis?scope=12345', 'VALIDATION_FAILED'],
      ['/api/analytics/kpis?scope=620999100999', 'JURISDICTION_NOT_FOUND'],
      ['/api/analytics/drilldown?kpi=entered&group=x', 'VALIDATION_FAILED'],
      ['/api/analytics/kpis?type=meteor', 'VALIDATION_FAILED'],
    ];
    for (const [url, code] of cases) {
      const res = await get('county_op', url);
      expect(res.json().error?.code, url).toBe(code);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });
});
