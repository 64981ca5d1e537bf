/**
 * Periods outside what the calendar can count, through the API: every route that takes a month,
 * a date or a date-time — figures, notices, village classes, the event list and intake, due dates,
 * the audit trail, the work calendar and its import, exports — refuses one outside 2000-01-01 …
 * 2099-12-31 (or malformed) with a 4xx and a documented code: PERIOD_INVALID for a reporting
 * period, VALIDATION_FAILED for the others, IMPORT_HAS_ERRORS for a file's cell. Never a 500
 * (PostgreSQL's "date/time field value out of range"), never a 200 with a span in year 99. The
 * range's own edges are counted, their 环比 and 同比 included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, T } from '../testing/test-county.js';

let ctx: TestContext;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
async function call(
  user: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return ctx.app.inject({
    method,
    url,
    headers: { ...(await as(user)), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
async function refused(res: Awaited<ReturnType<typeof call>>, code: string, what: string) {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(
    code === 'IMPORT_HAS_ERRORS' ? 422 : 400,
  );
  expect(res.json().error.code, what).toBe(code);
  expect(res.body, what).not.toMatch(/"from":"00|"from":"9999/);
}

/** Months no calendar here can count, or that are no months at all. */
const BAD_MONTHS = ['0000-01', '9999-12', '0099-12', '1999-12', '2100-01', '2026-13', '2026-00', '2026-1', '+2026-01'];
/** Days likewise, as from/to pairs. */
const BAD_DAYS: [string, string][] = [
  ['0099-12-01', '0099-12-31'],
  ['0000-01-01', '0000-01-31'],
  ['9999-12-01', '9999-12-31'],
  ['1999-12-31', '2000-01-01'],
  ['2099-12-31', '2100-01-01'],
  ['2026-02-30', '2026-03-01'],
];
/** Single days outside the range or not days at all. */
const BAD_DAYS_ALONE = ['0099-12-01', '0000-01-01', '9999-12-31', '1999-12-31', '2100-01-01', '2026-02-30', '2026-2-1'];
/** Date-times likewise. */
const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0099-12-01T00:00:00Z',
  '9999-12-31T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '1999-12-31T15:59:59Z',
  '2100-01-01T00:00:00+08:00',
  '2026-11-24T10:00:00',
  '2026-02-30T00:00:00Z',
];

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
  ctx.clock.now = new Date('2026-11-24T02:00:00Z');
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

const FIGURES = [
  '/api/analytics/kpis?',
  '/api/analytics/breakdown?groupBy=town&',
  '/api/analytics/rankings?level=town&kpi=entered&',
  '/api/analytics/drilldown?kpi=entered&',
];

describe('reporting periods (PERIOD_INVALID)', () => {
  it('refuses months and days outside the range on every figure route', async () => {
    for (const route of FIGURES) {
      for (const month of BAD_MONTHS)
        await refused(
          await call('county_op', 'GET', `${route}month=${encodeURIComponent(month)}`),
          'PERIOD_INVALID',
          `${route}month=${month}`,
        );
      for (const [from, to] of BAD_DAYS)
        await refused(
          await call('county_op', 'GET', `${route}from=${from}&to=${to}`),
          'PERIOD_INVALID',
          `${route}from=${from}&to=${to}`,
        );
      await refused(await call('county_op', 'GET', `${route}preset=the_year_99`), 'PERIOD_INVALID', `${route}preset`);
    }
    // department staff reach the department ranking by another path
    await refused(
      await call('dept_yjj', 'GET', '/api/analytics/rankings?level=department&kpi=entered&month=0000-01'),
      'PERIOD_INVALID',
      'department ranking',
    );
  });

  it('says which field and what to send', async () => {
    const res = await call('county_op', 'GET', '/api/analytics/kpis?month=0099-12');
    expect(res.json().error.message).toBe('month must be a month YYYY-MM between 2000-01 and 2099-12');
    expect(res.json().error.details).toEqual([
      { field: 'month', problem: 'must be a month YYYY-MM between 2000-01 and 2099-12' },
    ]);
  });

  it('counts the range’s edges, their 环比 and 同比 included', async () => {
    const first = await call('county_op', 'GET', '/api/analytics/kpis?month=2000-01');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      span: { from: '2000-01-01', to: '2000-01-31' },
      previous: { from: '1999-12-01' },
      lastYear: { from: '1999-01-01', to: '1999-01-31' },
    });
    const last = await call('county_op', 'GET', '/api/analytics/breakdown?groupBy=month&compare=true&month=2099-12');
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json().span).toMatchObject({ from: '2099-12-01', toExclusive: '2100-01-01' });
    const days = await call('county_op', 'GET', '/api/analytics/kpis?from=2000-01-01&to=2000-03-31');
    expect(days.statusCode, days.body).toBe(200);
    expect(days.json().previous.from).toBe('1999-10-02'); // 91 days before (2000 is a leap year)
  });

  it('refuses them in a notice asked for on demand (通报), however the period is written', async () => {
    const bodies: unknown[] = [];
    for (const month of BAD_MONTHS)
      bodies.push(
        { kind: 'monthly', period: month },
        { kind: 'monthly', month },
        { kind: 'monthly', period: { month } },
      );
    for (const [from, to] of BAD_DAYS)
      bodies.push({ kind: 'yearly', period: { from, to } }, { kind: 'yearly', from, to });
    bodies.push({ kind: 'monthly', period: 'the_year_99' }, { kind: 'monthly', period: { preset: 'the_year_99' } });
    for (const body of bodies)
      await refused(await call('county_op', 'POST', '/api/briefings', body), 'PERIOD_INVALID', JSON.stringify(body));
    // the last month of the range has not begun: refused by the notice's own rule, with the same code
    await refused(
      await call('county_op', 'POST', '/api/briefings', { kind: 'monthly', period: '2099-12' }),
      'PERIOD_INVALID',
      '2099-12',
    );
    const first = await call('county_op', 'POST', '/api/briefings', {
      kind: 'monthly',
      scope: T.county,
      period: '2000-01',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(
      (await call('county_op', 'GET', `/api/briefings/${first.json().briefing.id}`)).json().content.lastYear,
    ).toMatchObject({ from: '1999-01-01' });
  });

  it('refuses them when village classes are computed or read', async () => {
    for (const month of BAD_MONTHS) {
      await refused(
        await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month }),
        'PERIOD_INVALID',
        `compute ${month}`,
      );
      await refused(
        await call('county_op', 'GET', `/api/analytics/village-classes?month=${encodeURIComponent(month)}`),
        'PERIOD_INVALID',
        `classes ${month}`,
      );
    }
    const first = await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2000-01' });
    expect(first.statusCode, first.body).toBe(200);
  });
});

describe('dates and instants elsewhere (VALIDATION_FAILED)', () => {
  it('refuses them in the event list, intake, due dates and exports', async () => {
    for (const at of BAD_INSTANTS) {
      const q = encodeURIComponent(at);
      await refused(await call('county_op', 'GET', `/api/events?from=${q}`), 'VALIDATION_FAILED', `events from ${at}`);
      await refused(await call('county_op', 'GET', `/api/events?to=${q}`), 'VALIDATION_FAILED', `events to ${at}`);
      await refused(
        await call('county_op', 'GET', `/api/events/geojson?from=${q}`),
        'VALIDATION_FAILED',
        `geojson from ${at}`,
      );
      await refused(
        await call('county_op', 'POST', '/api/events', {
          categoryCode: 'dispute.neighbour.boundary',
          description: '上报',
          jurisdictionCode: T.villageA1,
          reportedAt: at,
        }),
        'VALIDATION_FAILED',
        `reportedAt ${at}`,
      );
      await refused(
        await call('county_op', 'POST', '/api/events/1/actions/supervise', { note: '督办', dueAt: at }),
        'VALIDATION_FAILED',
        `supervise dueAt ${at}`,
      );
      await refused(
        await call('county_op', 'PUT', '/api/events/1/resolution-plan', {
          responsiblePersonId: 1,
          steps: [{ text: '走访', dueAt: at }],
          deadline: '2027-01-01T00:00:00Z',
          mediationType: 'people',
        }),
        'VALIDATION_FAILED',
        `plan step ${at}`,
      );
      await refused(
        await call('county_op', 'POST', '/api/exports', { format: 'csv', filters: { from: at } }),
        'VALIDATION_FAILED',
        `export from ${at}`,
      );
    }
  });

  it('refuses them in the audit trail and the work calendar', async () => {
    for (const at of BAD_INSTANTS) {
      const q = encodeURIComponent(at);
      await refused(await call('county_op', 'GET', `/api/audit?from=${q}`), 'VALIDATION_FAILED', `audit from ${at}`);
      await refused(
        await call('county_op', 'GET', `/api/calendar/deadline?start=${q}&amount=1&unit=working_days`),
        'VALIDATION_FAILED',
        `deadline start ${at}`,
      );
    }
    for (const [from, to] of BAD_DAYS)
      await refused(
        await call('gw_a1', 'GET', `/api/calendar?from=${from}&to=${to}`),
        'VALIDATION_FAILED',
        `calendar ${from} ${to}`,
      );
    for (const day of BAD_DAYS_ALONE) {
      await refused(
        await call('county_op', 'PUT', `/api/calendar/overrides/${day}`, { kind: 'holiday' }),
        'VALIDATION_FAILED',
        `override ${day}`,
      );
      await refused(
        await call('county_op', 'DELETE', `/api/calendar/overrides/${day}`),
        'VALIDATION_FAILED',
        `delete override ${day}`,
      );
    }
    expect((await call('gw_a1', 'GET', '/api/calendar?from=2099-12-25&to=2099-12-31')).statusCode).toBe(200);
    expect(
      (
        await call(
          'gw_a1',
          'GET',
          '/api/calendar/deadline?start=2000-01-01T00:00:00%2B08:00&amount=1&unit=working_days',
        )
      ).statusCode,
    ).toBe(200);
  });

  it('refuses a calendar file’s cells outside the range, naming each row, and writes nothing', async () => {
    const csv = [
      'date,kind,name',
      '0099-12-01,holiday,年99',
      '9999/12/31,workday,末日',
      '2100-01-01,holiday,下世纪',
      '1999-12-31,holiday,上世纪',
      '2099-12-31,holiday,末年',
    ].join('\n');
    const res = await call('county_op', 'POST', '/api/calendar/overrides/import', csv, { 'content-type': 'text/csv' });
    await refused(res, 'IMPORT_HAS_ERRORS', 'calendar import');
    const errors = res.json().error.details.errors as { row: number; field: string }[];
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'date'],
      [3, 'date'],
      [4, 'date'],
      [5, 'date'],
    ]);
    const json = await call('county_op', 'POST', '/api/calendar/overrides/import', [
      { date: '0000-01-01', kind: 'holiday' },
    ]);
    await refused(json, 'IMPORT_HAS_ERRORS', 'calendar import (JSON)');
    expect((await call('county_op', 'GET', '/api/calendar/overrides')).json().items).toEqual([]);
  });
});
