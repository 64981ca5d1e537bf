/**
 * Briefings (通报) through the HTTP API: the schedule issues each notice once however often it
 * runs (and concurrently), the Monday review lists last week's petitions and disputes with their
 * state, the Friday notice lists what was decided this week and what is still under supervision,
 * a monthly notice's figures are the dashboard's, on-demand notices replace their period's, the
 * Excel file and the printable page read back as they should, and who receives what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { placementOf } from '../../core/organisation/division-code.js';
import { briefingRoutes } from './briefing.routes.js';
import { briefingJob, generateDueBriefings, type BriefingContent } from './briefing.service.js';

let ctx: TestContext;
let county: TestCounty;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const call = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: await as(user), payload: payload as object });
const db = () => ctx.database.db;
const at = (instant: string) => (ctx.clock.now = new Date(instant));

async function report(user: string, body: Record<string, unknown>) {
  const res = await call(user, 'POST', '/api/events', {
    description: '群众反映的问题',
    location: P.inGridA1a,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event.id as number;
}
async function act(user: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await call(user, 'POST', `/api/events/${id}/actions/${action}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

/** `total` disputes in a village in a month, `completed` of them closed, the last `overdue` of them overdue. */
async function monthEvents(place: string, month: string, total: number, completed: number, overdue = 0) {
  const p = placementOf(place);
  await sql`
    INSERT INTO events (serial_no, channel, event_type, category_code, risk_level, title, description, status, status_kind,
      jurisdiction_code, county_code, town_code, village_code, tracking_token, reported_at, resolved_at, closed_at, resolved_tier, overdue, accepted_at,
      supervisor_code)
    SELECT 'B' || ${month} || ${place} || g, 'grid_patrol', 'dispute', 'dispute.neighbour.noise', 'blue', '纠纷', '纠纷',
      CASE WHEN g <= ${completed} THEN 'closed' ELSE 'handling' END, CASE WHEN g <= ${completed} THEN 'closed' ELSE 'open' END,
      ${place}, ${p.county_code}, ${p.town_code}, ${p.village_code}, 'bt-' || ${month} || ${place} || g,
      (${month} || '-05T02:00:00Z')::timestamptz,
      CASE WHEN g <= ${completed} THEN (${month} || '-20T02:00:00Z')::timestamptz END,
      CASE WHEN g <= ${completed} THEN (${month} || '-21T02:00:00Z')::timestamptz END,
      CASE WHEN g <= ${completed} THEN 'village' END, g > ${total - overdue}, (${month} || '-05T03:00:00Z')::timestamptz,
      ${p.town_code ?? p.county_code}
    FROM generate_series(1, ${total}) g`.execute(db());
}

/** A stored briefing's id by kind, centre and period start. */
async function briefingId(kind: string, scope: string, from: string): Promise<number> {
  const row = await sql<{
    id: number;
  }>`SELECT id FROM briefings WHERE kind = ${kind} AND scope_code = ${scope} AND period_from = ${from}::date`.execute(
    db(),
  );
  expect(row.rows, `${kind} ${scope} ${from}`).toHaveLength(1);
  return row.rows[0].id;
}
async function content(user: string, id: number): Promise<BriefingContent> {
  const res = await call(user, 'GET', `/api/briefings/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().content;
}

const ids: Record<string, number> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  // Until server/app.ts wires the briefing routes, register them on the test app (before it is ready).
  if (!ctx.app.hasRoute({ method: 'GET', url: '/api/briefings' })) {
    await ctx.app.register(async (scope) =>
      briefingRoutes(scope, { db: ctx.database.db, now: () => new Date(ctx.clock.now) }),
    );
  }
  county = await buildTestCounty(db());

  // October: town A's villages are ranked (40 events), town B's is below the minimum (2); 西村 lags.
  await monthEvents(T.villageA1, '2026-10', 20, 20);
  await monthEvents(T.villageA2, '2026-10', 20, 4, 18);
  await monthEvents(T.villageB1, '2026-10', 2, 2);
  at('2026-11-24T02:00:00Z');
  const classes = await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-10' });
  expect(classes.statusCode, classes.body).toBe(200);
  const pairing = await call('county_op', 'PUT', `/api/analytics/village-pairings/${T.villageA2}`, {
    departmentIds: [county.departments.yjj],
  });
  expect(pairing.statusCode, pairing.body).toBe(200);

  // Two weeks ago (Tuesday 10 November): a dispute that last week's review must not list.
  at('2026-11-10T02:00:00Z');
  ids.older = await report('gw_a1', { categoryCode: 'dispute.neighbour.noise', title: '上上周的噪音纠纷' });
  // Last week (Tuesday 17 November): petitions and disputes in both towns, and an appeal.
  at('2026-11-17T02:00:00Z');
  ids.script = await report('gw_a1', {
    categoryCode: 'dispute.neighbour.boundary',
    title: '<script>alert("x")</script>宅基地纠纷',
  });
  ids.petition = await report('gw_a1', { categoryCode: 'petition.general.first', title: '初信：低保申请未获答复' });
  ids.appeal = await report('gw_a1', { categoryCode: 'appeal.livelihood.water', title: '停水三天' });
  ids.townB = await report('gw_b1', {
    categoryCode: 'dispute.family.support',
    title: '乙镇赡养纠纷',
    location: P.inGridB1a,
  });
  await act('gw_a1', ids.petition, 'accept');
  await act('gw_a1', ids.petition, 'start');
  // This week (Tuesday 24 November): a dispute handled to the end, and last week's petition put under supervision.
  at('2026-11-24T01:00:00Z');
  ids.decided = await report('gw_a1', { categoryCode: 'dispute.neighbour.drainage', title: '排水通行纠纷' });
  await act('gw_a1', ids.decided, 'accept');
  await act('gw_a1', ids.decided, 'start');
  await act('gw_a1', ids.decided, 'resolve', { note: '已调解，双方签订协议' });
  await act('town_a_op', ids.petition, 'supervise', { dueAt: '2026-11-30T10:00:00+08:00', note: '请于月底前答复' });
  at('2026-11-24T02:00:00Z'); // Tuesday 10:00 in China
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

describe('the schedule', () => {
  it('issues every due notice for every centre once, however often it runs', async () => {
    const first = await generateDueBriefings(db(), ctx.clock.now);
    expect(first).toMatchObject({ due: 15, created: 15, completed: 0 }); // 5 kinds × (the county and two towns)
    const second = await generateDueBriefings(db(), ctx.clock.now);
    expect(second).toMatchObject({ due: 15, created: 0, completed: 0 });
    const counts = await sql<{ kind: string; scope_code: string; n: number }>`
      SELECT kind, scope_code, count(*)::int AS n FROM briefings GROUP BY kind, scope_code`.execute(db());
    expect(counts.rows).toHaveLength(15);
    expect(counts.rows.every((r) => r.n === 1)).toBe(true);
    const periods = await sql<{ kind: string; f: string; t: string }>`
      SELECT DISTINCT kind, to_char(period_from, 'YYYY-MM-DD') AS f, to_char(period_to, 'YYYY-MM-DD') AS t FROM briefings ORDER BY kind`.execute(
      db(),
    );
    expect(periods.rows).toEqual([
      { kind: 'monthly', f: '2026-10-01', t: '2026-11-01' },
      { kind: 'quarterly', f: '2026-07-01', t: '2026-10-01' },
      { kind: 'weekly_progress', f: '2026-11-16', t: '2026-11-21' },
      { kind: 'weekly_review', f: '2026-11-16', t: '2026-11-23' },
      { kind: 'yearly', f: '2025-01-01', t: '2026-01-01' },
    ]);
  });

  it('is a job named briefings that runs hourly', () => {
    const job = briefingJob({ db: db(), now: () => ctx.clock.now });
    expect(job).toMatchObject({ name: 'briefings', intervalMs: 3_600_000 });
  });
});

describe('the Monday review (周一研判)', () => {
  it('lists last week’s new petitions and disputes with their state, nothing else', async () => {
    const id = await briefingId('weekly_review', T.townA, '2026-11-16');
    const c = await content('town_a_op', id);
    expect(c.title).toBe('甲镇2026年第47周矛盾纠纷和信访研判（周一）');
    expect(c.period).toMatchObject({ from: '2026-11-16', to: '2026-11-22', label: '2026年11月16日至11月22日' });
    const [list] = c.lists;
    expect(list).toMatchObject({ key: 'reported_petitions_disputes', total: 2 });
    const byTitle = Object.fromEntries(list.items.map((e) => [e.title, e]));
    expect(Object.keys(byTitle).sort()).toEqual(
      ['<script>alert("x")</script>宅基地纠纷', '初信：低保申请未获答复'].sort(),
    );
    expect(byTitle['初信：低保申请未获答复']).toMatchObject({
      typeName: '信访',
      statusName: '处置中',
      tierName: '网格',
      lightName: '绿灯',
      overdue: false,
    });
    expect(byTitle['初信：低保申请未获答复'].place).toContain('东村第一网格');
    expect(byTitle['<script>alert("x")</script>宅基地纠纷']).toMatchObject({
      typeName: '矛盾纠纷',
      statusName: '已分拨',
    });
    // the county's review has both towns
    const countyReview = await content('county_op', await briefingId('weekly_review', T.county, '2026-11-16'));
    expect(countyReview.lists[0].total).toBe(3);
    expect(countyReview.lists[0].items.map((e) => e.title)).toContain('乙镇赡养纠纷');
  });
});

describe('the Friday progress (周五调度)', () => {
  it('lists this week’s decided items and the petitions still under supervision, from Friday 16:00', async () => {
    const friday = new Date('2026-11-27T08:30:00Z'); // Friday 16:30 in China
    const run = await generateDueBriefings(db(), friday);
    expect(run.created).toBe(3);
    const id = await briefingId('weekly_progress', T.townA, '2026-11-23');
    const c = await content('town_a_op', id);
    expect(c.title).toBe('甲镇2026年第48周议定事项进展调度（周五）');
    expect(c.period).toMatchObject({ from: '2026-11-23', to: '2026-11-27' });
    const decided = c.lists.find((l) => l.key === 'decided')!;
    expect(decided.items.map((e) => e.title)).toEqual(['排水通行纠纷']);
    expect(decided.items[0]).toMatchObject({
      statusName: '已办结',
      lastActionName: '办结',
      lastNote: '已调解，双方签订协议',
    });
    const supervised = c.lists.find((l) => l.key === 'open_supervised')!;
    expect(supervised.items.map((e) => e.title)).toEqual(['初信：低保申请未获答复']);
    expect(supervised.items[0]).toMatchObject({
      supervised: true,
      statusName: '处置中',
      lastActionName: '督办',
      lastNote: '请于月底前答复',
    });
  });
});

describe('the monthly notice (月通报)', () => {
  it('prints the dashboard’s figures for the same scope and month, with 环比 and 同比', async () => {
    const id = await briefingId('monthly', T.county, '2026-10-01');
    const c = await content('county_op', id);
    expect(c.title).toBe('测试县2026年10月基层治理工作通报');
    const dashboard = (await call('county_op', 'GET', `/api/analytics/kpis?scope=${T.county}&month=2026-10`)).json();
    expect(c.headline.length).toBeGreaterThanOrEqual(10);
    for (const f of c.headline) {
      const k = dashboard.kpis[f.key];
      expect({ value: f.value, numerator: f.numerator, denominator: f.denominator, display: f.display }, f.key).toEqual(
        {
          value: k.value,
          numerator: k.numerator,
          denominator: k.denominator,
          display: k.display,
        },
      );
      expect([f.mom.display, f.yoy.display], f.key).toEqual([k.mom.display, k.yoy.display]);
    }
    expect(c.headline.find((f) => f.key === 'entered')!.value).toBe(42);
    expect(c.headline.find((f) => f.key === 'completionRate')!.display).toBe('61.9%'); // 26 of 42
  });

  it('ranks the towns and departments, and names the lagging villages with their paired departments', async () => {
    const c = await content('county_op', await briefingId('monthly', T.county, '2026-10-01'));
    const towns = c.rankings.find((r) => r.level === 'town' && r.kpi.key === 'completionRate')!;
    expect(towns.rows.map((r) => [r.name, r.rank, r.volume, r.unranked])).toEqual([
      ['甲镇', 1, 40, null],
      ['乙镇', null, 2, 'below_minimum_volume'],
    ]);
    expect(towns.rows[1].note).toContain('不参与排名');
    expect(c.rankings.map((r) => r.level)).toEqual(['town', 'town', 'department', 'department']);
    expect(c.byPlace.rows.map((r) => r.name)).toEqual(['甲镇', '乙镇']);
    expect(c.byType.rows.find((r) => r.key === 'dispute')!.figures.entered.value).toBe(42);
    expect(c.villageClasses?.lagging).toEqual([
      expect.objectContaining({ villageName: '西村', months: ['2026-10'], pairedDepartments: ['应急管理局'] }),
    ]);
    // a town's notice ranks its villages
    const town = await content('town_a_op', await briefingId('monthly', T.townA, '2026-10-01'));
    expect(town.rankings.map((r) => r.level)).toEqual(['village', 'village']);
    expect(town.rankings[0].rows.map((r) => [r.name, r.rank])).toEqual([
      ['东村', 1],
      ['西村', 2],
    ]);
  });

  it('reads back from Excel: merged title, real ratios in per-cent cells, the ranking sheet', async () => {
    const id = await briefingId('monthly', T.county, '2026-10-01');
    const res = await call('county_op', 'GET', `/api/briefings/${id}.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="briefing-\d+\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('测试县2026年10月基层治理工作通报.xlsx');
    expect((await call('county_op', 'GET', `/api/briefings/${id}/xlsx`)).statusCode).toBe(200);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['概况', '分布', '排名', '分类', '村级分类']),
    );
    const overview = workbook.getWorksheet('概况')!;
    expect(overview.getCell('A1').value).toBe('测试县2026年10月基层治理工作通报');
    expect(overview.getCell('H1').isMerged).toBe(true);
    expect(overview.getCell('H1').master.address).toBe('A1');
    expect(overview.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(overview.getCell('E4').master.address).toBe('E4'); // 环比 spans E4:F4
    expect(overview.getCell('F4').master.address).toBe('E4');
    expect(overview.getCell('E4').value).toBe('环比');
    expect(overview.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
    });
    let completionRow = 0;
    overview.eachRow((row, n) => {
      if (row.getCell(1).value === '办结率') completionRow = n;
    });
    expect(completionRow).toBeGreaterThan(0);
    const rate = overview.getCell(completionRow, 2);
    expect(rate.value).toBeCloseTo(26 / 42, 12);
    expect(rate.numFmt).toBe('0.0%');
    expect(overview.getCell(completionRow, 3).value).toBe(26);

    const ranking = workbook.getWorksheet('排名')!;
    const rows: { rank: unknown; name: unknown; rate: unknown; grey: boolean }[] = [];
    ranking.eachRow((row) =>
      rows.push({
        rank: row.getCell(1).value,
        name: row.getCell(2).value,
        rate: row.getCell(3).value,
        grey: row.getCell(2).font?.color?.argb === 'FF808080',
      }),
    );
    expect(rows).toEqual(expect.arrayContaining([{ rank: 1, name: '甲镇', rate: 24 / 40, grey: false }]));
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ rank: '—', name: '乙镇', grey: true })]));
  });
});

describe('the printable page', () => {
  it('is self-contained HTML with every user text escaped', async () => {
    const id = await briefingId('weekly_review', T.townA, '2026-11-16');
    const res = await call('town_a_op', 'GET', `/api/briefings/${id}/html`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4 landscape');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;宅基地纠纷');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)=/);
    expect((await call('town_a_op', 'GET', `/api/briefings/${id}.html`)).body).toBe(html);
  });
});

describe('the notice as JSON', () => {
  it('answers its summary and snapshot, with or without the .json extension', async () => {
    const id = await briefingId('weekly_review', T.townA, '2026-11-16');
    const res = await call('town_a_op', 'GET', `/api/briefings/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json().briefing).toMatchObject({
      id,
      kind: 'weekly_review',
      scope: { code: T.townA, level: 'town' },
      period: { from: '2026-11-16', to: '2026-11-22', toExclusive: '2026-11-23' },
      generatedBy: null,
      scheduled: true,
      links: {
        json: `/api/briefings/${id}`,
        xlsx: `/api/briefings/${id}.xlsx`,
        html: `/api/briefings/${id}/html`,
      },
    });
    expect(res.json().content).toMatchObject({ version: 1, kind: 'weekly_review', villageClasses: null });
    const withExtension = await call('town_a_op', 'GET', `/api/briefings/${id}.json`);
    expect(withExtension.json()).toEqual(res.json());
  });
});

describe('on demand', () => {
  it('issues a notice to date, and replaces an existing period’s notice saying so', async () => {
    at('2026-11-24T02:00:00Z');
    const fresh = await call('county_op', 'POST', '/api/briefings', { kind: 'monthly', period: 'this_month' });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.json()).toMatchObject({
      replaced: false,
      briefing: {
        title: '测试县2026年11月基层治理工作通报（截至11月24日）',
        period: { from: '2026-11-01', to: '2026-11-24' },
        scheduled: false,
      },
    });

    const scheduledId = await briefingId('monthly', T.townA, '2026-10-01');
    const again = await call('town_a_op', 'POST', '/api/briefings', { kind: 'monthly', period: { month: '2026-10' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      replaced: true,
      briefing: { id: scheduledId, generatedBy: { name: '甲镇值班员' } },
    });
    expect(again.json().message).toContain('替换');

    // with no period: the latest whole period of the kind (last week for the Monday review)
    const review = await call('leader', 'POST', '/api/briefings', { kind: 'weekly_review', scope: T.townB });
    expect(review.statusCode, review.body).toBe(200);
    expect(review.json().briefing).toMatchObject({ scope: { code: T.townB }, period: { from: '2026-11-16' } });
  });

  it('completes a partial notice when its period is over and the schedule runs', async () => {
    const partial = await briefingId('monthly', T.county, '2026-11-01');
    const run = await generateDueBriefings(db(), new Date('2026-12-01T01:00:00Z'));
    expect(run.completed).toBe(1);
    expect(await briefingId('monthly', T.county, '2026-11-01')).toBe(partial);
    const c = await content('county_op', partial);
    expect(c.title).toBe('测试县2026年11月基层治理工作通报');
    expect(c.period.toExclusive).toBe('2026-12-01');
  });

  it('refuses bad kinds and periods with 400', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'daily' }, 'VALIDATION_FAILED'],
      [{}, 'VALIDATION_FAILED'],
      [{ kind: 'monthly', period: 'someday' }, 'PERIOD_INVALID'],
      [{ kind: 'monthly', period: '2026-13' }, 'PERIOD_INVALID'],
      [{ kind: 'monthly', period: '2027-01' }, 'PERIOD_INVALID'],
      [{ kind: 'quarterly', period: { month: '2026-11' } }, 'PERIOD_INVALID'],
      [{ kind: 'weekly_review', period: { from: '2026-11-18', to: '2026-11-20' } }, 'PERIOD_INVALID'],
      [{ kind: 'monthly', period: 'last_month', month: '2026-10' }, 'PERIOD_INVALID'],
      [{ kind: 'monthly', scope: T.villageA1 }, 'VALIDATION_FAILED'],
      [{ kind: 'monthly', scope: '620999109000' }, 'JURISDICTION_NOT_FOUND'],
      [{ kind: 'monthly', extra: 1 }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await call('county_op', 'POST', '/api/briefings', payload);
      expect(res.json().error?.code, JSON.stringify(payload)).toBe(code);
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500);
    }
    const list = await call('county_op', 'GET', '/api/briefings?kind=daily');
    expect(list.statusCode).toBe(400);
    expect(list.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who receives what (下发范围)', () => {
  it('circulates a county notice to its towns, and keeps a town’s from the other town', async () => {
    const townA = await briefingId('monthly', T.townA, '2026-10-01');
    const countyNotice = await briefingId('monthly', T.county, '2026-10-01');
    expect((await call('town_a_op', 'GET', `/api/briefings/${countyNotice}`)).statusCode).toBe(200);
    expect((await call('sec_a', 'GET', `/api/briefings/${townA}`)).statusCode).toBe(200);
    for (const url of [`/api/briefings/${townA}`, `/api/briefings/${townA}.xlsx`, `/api/briefings/${townA}/html`]) {
      const res = await call('town_b_op', 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('BRIEFING_NOT_FOUND');
    }
    const scopes = async (user: string) => {
      const res = await call(user, 'GET', '/api/briefings?pageSize=100');
      expect(res.statusCode, res.body).toBe(200);
      return new Set(res.json().items.map((b: { scope: { code: string } }) => b.scope.code));
    };
    expect(await scopes('town_b_op')).toEqual(new Set([T.county, T.townB]));
    expect(await scopes('sec_a')).toEqual(new Set([T.county, T.townA]));
    expect(await scopes('county_op')).toEqual(new Set([T.county, T.townA, T.townB]));
    expect(await scopes('dept_yjj')).toEqual(new Set([T.county]));
    const filtered = await call('town_a_op', 'GET', `/api/briefings?kind=monthly&scope=${T.county}`);
    expect(filtered.json().items.map((b: { kind: string; scope: { code: string } }) => [b.kind, b.scope.code])).toEqual(
      [
        ['monthly', T.county],
        ['monthly', T.county],
      ],
    );
    const outside = await call('town_b_op', 'GET', `/api/briefings?scope=${T.townA}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('keeps notices from citizens, mediators and grid staff, and issuing to centres and leaders in their own jurisdiction', async () => {
    const countyNotice = await briefingId('monthly', T.county, '2026-10-01');
    for (const user of ['citizen1', 'mediator_a', 'gw_a1', 'gh_a']) {
      for (const url of ['/api/briefings', `/api/briefings/${countyNotice}`]) {
        const res = await call(user, 'GET', url);
        expect(res.statusCode, `${user} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    const outside = await call('town_b_op', 'POST', '/api/briefings', {
      kind: 'monthly',
      scope: T.townA,
      period: '2026-10',
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    const secretary = await call('sec_a', 'POST', '/api/briefings', {
      kind: 'monthly',
      scope: T.townA,
      period: '2026-10',
    });
    expect(secretary.statusCode).toBe(403);
    expect(secretary.json().error.code).toBe('FORBIDDEN');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/briefings' })).statusCode).toBe(401);
  });

  it('answers 404 for notices that do not exist, and 400 for ids that are not ids', async () => {
    for (const url of [
      '/api/briefings/999999',
      '/api/briefings/99999999999',
      '/api/briefings/999999.xlsx',
      '/api/briefings/999999/html',
      '/api/briefings/0',
    ]) {
      const res = await call('county_op', 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('BRIEFING_NOT_FOUND');
    }
    for (const url of ['/api/briefings/abc', '/api/briefings/12.pdf', '/api/briefings/1e3/html']) {
      const res = await call('county_op', 'GET', url);
      expect(res.statusCode, url).toBe(400);
    }
  });
});

describe('two schedules at once', () => {
  it('inserts each notice once, and neither run fails', async () => {
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM briefings`.execute(db())).rows[0].n;
    const before = await count();
    // Monday 7 December 09:00: the review of 30 November's week and its Friday progress are new
    const monday = new Date('2026-12-07T01:00:00Z');
    const [a, b] = await Promise.all([generateDueBriefings(db(), monday), generateDueBriefings(db(), monday)]);
    expect(a.created + b.created).toBe(6);
    expect(await count()).toBe(before + 6);
    const duplicates = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM briefings GROUP BY kind, scope_code, period_from HAVING count(*) > 1) d`.execute(
      db(),
    );
    expect(duplicates.rows[0].n).toBe(0);
  });
});
