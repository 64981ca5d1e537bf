import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty } from '../testing/test-county.js';
import { addCstDays, cstDateOf, endOfCstDay, WorkCalendar, type CstDate } from '../../core/deadlines/work-calendar.js';
import {
  explicitDaysOf,
  GOLDEN_ROWS,
  OFFICIAL_2025,
  OFFICIAL_2026,
} from '../../core/deadlines/work-calendar.golden.js';
import { packageCalendar } from './holiday-source.js';
import { CalendarProvider, calendarProviderFor, loadWorkCalendar } from './calendar.service.js';
import { CalendarRepository } from './calendar.repository.js';
import { readArrangementFile } from './arrangement-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE_2027 = path.join(here, 'data/2027.example.csv');

let ctx: TestContext;
let county: { authorization: string };
let town: { authorization: string };
let worker: { authorization: string };
let citizen: { authorization: string };
let people: Record<string, number>;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ people } = await buildTestCounty(ctx.database.db));
  [county, town, worker, citizen] = await Promise.all(
    ['county_op', 'town_a_op', 'gw_a1', 'citizen1'].map((u) => ctx.login(u)),
  );
});
afterAll(async () => {
  await ctx?.close();
});

const get = (url: string, headers?: object) => ctx.app.inject({ method: 'GET', url, headers: headers as never });
const deadlineOf = async (start: string, amount: number, unit = 'working_days') => {
  const res = await get(
    `/api/calendar/deadline?start=${encodeURIComponent(start)}&amount=${amount}&unit=${unit}`,
    worker,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { deadline: string; deadlineCstDate: string; workingDays: number };
};

describe('the package-backed calendar', () => {
  it('knows 2004 to 2026 (chinese-days)', () => {
    const pkg = packageCalendar();
    expect(pkg.firstYear).toBe(2004);
    expect(pkg.lastYear).toBeGreaterThanOrEqual(2026);
    expect(pkg.days.get('2026-02-14')).toEqual({ kind: 'workday', name: '春节调休', source: 'package' });
    expect(pkg.days.get('2026-02-15')).toEqual({ kind: 'holiday', name: '春节', source: 'package' });
    expect(pkg.days.get('2026-10-10')).toEqual({ kind: 'workday', name: '国庆节调休', source: 'package' });
  });

  it('agrees day by day with the official 2025 and 2026 arrangements typed in from the notices', async () => {
    const fromPackage = await loadWorkCalendar(ctx.database.db);
    const official = new WorkCalendar(explicitDaysOf([...OFFICIAL_2025, ...OFFICIAL_2026]));
    const differences: string[] = [];
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addCstDays(d, 1)) {
      if (fromPackage.isWorkingDay(d) !== official.isWorkingDay(d)) differences.push(d);
    }
    expect(differences).toEqual([]);
  });

  it('gives the golden deadlines', async () => {
    const calendar = await loadWorkCalendar(ctx.database.db);
    for (const row of GOLDEN_ROWS) {
      const due = calendar.deadline(new Date(row.start), { amount: row.amount, unit: row.unit });
      expect(cstDateOf(due), row.why).toBe(row.due);
      expect(due.getTime(), row.why).toBe(endOfCstDay(row.due).getTime());
    }
  });

  it("agrees with the package's own isWorkday() for every day it covers (run in CST, where that API is reliable)", async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const chineseDays = (await import('chinese-days')).default;
      const calendar = await loadWorkCalendar(ctx.database.db);
      const { firstYear, lastYear } = packageCalendar();
      const differences: string[] = [];
      for (let d = `${firstYear}-01-01`; d <= `${lastYear}-12-31`; d = addCstDays(d, 1)) {
        if (chineseDays.isWorkday(d) !== calendar.isWorkingDay(d)) differences.push(d);
      }
      expect(differences).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('GET /api/calendar', () => {
  it('lists every date with kind, working, name and source', async () => {
    const res = await get('/api/calendar?from=2026-02-13&to=2026-03-01', worker);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.packageYears.first).toBe(2004);
    expect(body.uncoveredYears).toEqual([]);
    expect(body.days).toHaveLength(17);
    const byDate = Object.fromEntries(body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-02-13']).toEqual({
      date: '2026-02-13',
      weekday: 5,
      kind: 'workday',
      working: true,
      name: null,
      source: 'weekday',
    });
    expect(byDate['2026-02-14']).toEqual({
      date: '2026-02-14',
      weekday: 6,
      kind: 'workday',
      working: true,
      name: '春节调休',
      source: 'package',
    });
    expect(byDate['2026-02-21']).toMatchObject({ kind: 'holiday', working: false, name: '春节', source: 'package' });
    expect(byDate['2026-02-24']).toMatchObject({ kind: 'workday', working: true, source: 'weekday' });
    expect(byDate['2026-03-01']).toEqual({
      date: '2026-03-01',
      weekday: 7,
      kind: 'weekend',
      working: false,
      name: null,
      source: 'weekday',
    });
  });

  it('says which years have no arrangement loaded', async () => {
    const res = await get('/api/calendar?from=2031-12-30&to=2032-01-02', worker);
    expect(res.statusCode).toBe(200);
    expect(res.json().uncoveredYears).toEqual([2031, 2032]);
  });

  it('refuses bad dates and long spans with 400 VALIDATION_FAILED', async () => {
    for (const query of [
      'from=2026-02-30&to=2026-03-01',
      'from=2026-2-1&to=2026-03-01',
      'from=2026-03-01',
      'from=2026-03-01&to=2026-02-01',
      'from=2026-01-01&to=2027-02-05', // 401 days
      'from=x&to=y',
    ]) {
      const res = await get(`/api/calendar?${query}`, worker);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('VALIDATION_FAILED');
    }
    expect((await get('/api/calendar?from=2026-01-01&to=2027-02-04', worker)).statusCode).toBe(200); // 400 days
  });

  it('is for signed-in staff only', async () => {
    expect((await get('/api/calendar?from=2026-02-13&to=2026-03-01')).statusCode).toBe(401);
    expect((await get('/api/calendar?from=2026-02-13&to=2026-03-01', citizen)).statusCode).toBe(403);
    expect((await get('/api/calendar/overrides')).statusCode).toBe(401);
    expect((await get('/api/calendar/deadline?amount=1&unit=working_days')).statusCode).toBe(401);
  });
});

describe('GET /api/calendar/deadline', () => {
  it('counts on the package calendar', async () => {
    expect(await deadlineOf('2025-01-27T10:00:00+08:00', 1)).toMatchObject({
      deadline: '2025-02-05T15:59:59.999Z',
      deadlineCstDate: '2025-02-05',
      workingDays: 1,
    });
    expect((await deadlineOf('2025-01-27T16:30:00Z', 0)).deadlineCstDate).toBe('2025-02-05');
    expect((await deadlineOf('2026-09-24T10:00:00+08:00', 7, 'natural_days')).deadlineCstDate).toBe('2026-10-08');
    expect((await deadlineOf('2026-09-24T10:00:00+08:00', 90, 'minutes')).deadline).toBe('2026-09-24T03:30:00.000Z');
  });

  it('starts now when no start is given', async () => {
    // The test clock is 2026-11-24T02:00Z (Tuesday); +1 working day is Wednesday.
    const res = await get('/api/calendar/deadline?amount=1&unit=working_days', worker);
    expect(res.json().deadlineCstDate).toBe('2026-11-25');
  });

  it('refuses bad input', async () => {
    for (const query of [
      'amount=1&unit=weeks',
      'amount=-1&unit=hours',
      'amount=1.5&unit=working_days',
      'start=2026-01-01&amount=1&unit=hours',
      'start=2026-01-01T10:00:00&amount=1&unit=hours',
    ]) {
      const res = await get(`/api/calendar/deadline?${query}`, worker);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});

describe('overrides', () => {
  it('only the county centre writes; others get 403, strangers 401', async () => {
    const put = (headers?: object) =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/calendar/overrides/2030-03-04',
        headers: headers as never,
        payload: { kind: 'holiday', name: '测试' },
      });
    expect((await put()).statusCode).toBe(401);
    for (const who of [town, worker]) {
      const res = await put(who);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await put(citizen)).statusCode).toBe(403);
    const importAs = (headers?: object) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/calendar/overrides/import',
        headers: { ...(headers as object), 'content-type': 'text/csv' },
        payload: '2030-03-04,holiday,x\n',
      });
    expect((await importAs()).statusCode).toBe(401);
    expect((await importAs(town)).statusCode).toBe(403);
    const del = await ctx.app.inject({ method: 'DELETE', url: '/api/calendar/overrides/2030-03-04', headers: town });
    expect(del.statusCode).toBe(403);
    expect((await get('/api/calendar/overrides', worker)).json().items).toEqual([]);
  });

  it('an override wins over the package and moves deadlines at once; deleting it restores them', async () => {
    // 2025-02-05 (Wed) is the first working day after the Spring Festival; make it a local day off.
    expect((await deadlineOf('2025-01-27T10:00:00+08:00', 1)).deadlineCstDate).toBe('2025-02-05');
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2025-02-05',
      headers: county,
      payload: { kind: 'holiday', name: '地方假日', note: '县政府通知' },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json().override).toMatchObject({
      date: '2025-02-05',
      kind: 'holiday',
      name: '地方假日',
      note: '县政府通知',
      updatedBy: { name: '县值班员' },
    });
    expect((await deadlineOf('2025-01-27T10:00:00+08:00', 1)).deadlineCstDate).toBe('2025-02-06');
    // The shared provider the deadline engine reads was told too.
    expect((await calendarProviderFor(ctx.database.db).get()).isWorkingDay('2025-02-05')).toBe(false);
    const day = (await get('/api/calendar?from=2025-02-05&to=2025-02-05', worker)).json().days[0];
    expect(day).toMatchObject({ kind: 'holiday', working: false, name: '地方假日', source: 'override' });

    // A second PUT replaces it (200), and an override may also make a statutory holiday a working day.
    const again = await ctx.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2025-02-05',
      headers: county,
      payload: { kind: 'workday' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().override).toMatchObject({ kind: 'workday', name: null, note: null });
    const holiday = await ctx.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2025-01-30',
      headers: county,
      payload: { kind: 'workday', name: '值班' },
    });
    expect(holiday.statusCode).toBe(201);
    expect((await deadlineOf('2025-01-27T10:00:00+08:00', 1)).deadlineCstDate).toBe('2025-01-30');
    expect((await get('/api/calendar/overrides', worker)).json().items.map((o: { date: string }) => o.date)).toEqual([
      '2025-01-30',
      '2025-02-05',
    ]);

    for (const date of ['2025-02-05', '2025-01-30']) {
      const res = await ctx.app.inject({ method: 'DELETE', url: `/api/calendar/overrides/${date}`, headers: county });
      expect(res.statusCode).toBe(200);
      expect(res.json().deleted.date).toBe(date);
    }
    expect((await deadlineOf('2025-01-27T10:00:00+08:00', 1)).deadlineCstDate).toBe('2025-02-05');
    const missing = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides/2025-02-05',
      headers: county,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CALENDAR_OVERRIDE_NOT_FOUND');
  });

  it('refuses bad dates and bodies with 400', async () => {
    for (const [url, payload] of [
      ['/api/calendar/overrides/2025-02-30', { kind: 'holiday' }],
      ['/api/calendar/overrides/2025-2-3', { kind: 'holiday' }],
      ['/api/calendar/overrides/1999-12-31', { kind: 'holiday' }],
      ['/api/calendar/overrides/2025-02-03', { kind: 'rest' }],
      ['/api/calendar/overrides/2025-02-03', { kind: 'holiday', extra: 1 }],
      ['/api/calendar/overrides/2025-02-03', { kind: 'holiday', name: 'x'.repeat(51) }],
    ] as const) {
      const res = await ctx.app.inject({ method: 'PUT', url, headers: county, payload });
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: '/api/calendar/overrides/2025-13-01', headers: county }))
        .statusCode,
    ).toBe(400);
  });
});

describe('importing an arrangement', () => {
  it('the (illustrative) 2027 example file changes 2027 deadlines', async () => {
    // Without an arrangement 2027 follows the weekday rule: Thu Feb 4 + 1 working day = Fri Feb 5.
    expect((await deadlineOf('2027-02-04T10:00:00+08:00', 1)).deadlineCstDate).toBe('2027-02-05');
    const parsed = await readArrangementFile(EXAMPLE_2027);
    expect(parsed.errors).toEqual([]);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: { ...county, 'content-type': 'text/csv' },
      payload: fs.readFileSync(EXAMPLE_2027),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      dryRun: false,
      counts: { rows: parsed.rows.length, inserted: parsed.rows.length, updated: 0, skipped: 0 },
    });
    // In the example, Feb 5–13 are off and Sun Feb 14 is a working day.
    expect((await deadlineOf('2027-02-04T10:00:00+08:00', 1)).deadlineCstDate).toBe('2027-02-14');
    expect((await get('/api/calendar?from=2027-02-14&to=2027-02-14', worker)).json().days[0]).toMatchObject({
      kind: 'workday',
      source: 'override',
      name: '春节调休',
    });
    const calendar = await loadWorkCalendar(ctx.database.db);
    expect(calendar.isWorkingDay('2027-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false);

    // Importing the same file again changes nothing.
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: { ...county, 'content-type': 'text/csv' },
      payload: fs.readFileSync(EXAMPLE_2027),
    });
    expect(again.json().counts).toMatchObject({ inserted: 0, updated: 0, skipped: parsed.rows.length });
  });

  it('with a bad row writes nothing and reports every row at fault (422 IMPORT_HAS_ERRORS)', async () => {
    const before = await new CalendarRepository(ctx.database.db).list();
    const csv = [
      'date,kind,name',
      '2028-01-03,holiday,好行',
      '2028-02-30,holiday,坏日期',
      '2028-01-04,rest,坏类型',
      '2028-01-03,workday,重复',
      '2207-01-01,holiday,错年份',
      '',
    ].join('\n');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: { ...county, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('IMPORT_HAS_ERRORS');
    expect(error.details.ok).toBe(false);
    expect(error.details.errors).toEqual([
      { row: 3, field: 'date', message: expect.stringContaining('2028-02-30') },
      { row: 4, field: 'kind', message: expect.stringContaining('rest') },
      { row: 5, field: 'date', message: expect.stringContaining('row 2') },
      { row: 6, field: 'date', message: expect.stringContaining('2207') },
    ]);
    expect(await new CalendarRepository(ctx.database.db).list()).toEqual(before);
    expect((await loadWorkCalendar(ctx.database.db)).isWorkingDay('2028-01-03')).toBe(true);
  });

  it('takes a JSON array, and a dry run writes nothing', async () => {
    const rows = [
      { date: '2029-01-02', kind: 'holiday', name: '测试假日' },
      { date: '2029-01-06', kind: 'workday', note: '补班' },
    ];
    const dry = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import?dryRun=true',
      headers: county,
      payload: rows,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ ok: true, dryRun: true, counts: { rows: 2, inserted: 2 } });
    expect((await loadWorkCalendar(ctx.database.db)).isWorkingDay('2029-01-02')).toBe(true);

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: county,
      payload: rows,
    });
    expect(res.statusCode, res.body).toBe(200);
    const calendar = await calendarProviderFor(ctx.database.db).get();
    expect(calendar.isWorkingDay('2029-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2029-01-06')).toBe(true);

    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: county,
      payload: [{ date: '2029-01-03', kind: 'holiday' }, { date: 20290104, kind: 'holiday' }, 'x'],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    expect((await loadWorkCalendar(ctx.database.db)).isWorkingDay('2029-01-03')).toBe(true);

    const notArray = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: county,
      payload: { date: '2029-01-03' },
    });
    expect(notArray.statusCode).toBe(400);
  });

  it('reads Chinese headers, kinds and slashed dates', async () => {
    const csv = '\uFEFF日期,类型,名称,备注\n2029/3/5,放假,地方节日,县里定的\n2029-03-10,上班,补班,\n';
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: { ...county, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    const overrides = (await get('/api/calendar/overrides', worker)).json().items;
    expect(overrides.find((o: { date: string }) => o.date === '2029-03-05')).toMatchObject({
      kind: 'holiday',
      name: '地方节日',
      note: '县里定的',
    });
    expect(overrides.find((o: { date: string }) => o.date === '2029-03-10')).toMatchObject({
      kind: 'workday',
      name: '补班',
      note: null,
    });
  });
});

describe('importing from a form upload', () => {
  it('takes the file from the multipart field "file"', async () => {
    const boundary = '----yiwangtest';
    const payload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="2029.csv"',
      'Content-Type: text/csv',
      '',
      'date,kind,name',
      '2029-04-02,holiday,上传测试',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/calendar/overrides/import',
      headers: { ...county, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toMatchObject({ rows: 1, inserted: 1 });
    expect((await calendarProviderFor(ctx.database.db).get()).isWorkingDay('2029-04-02')).toBe(false);
  });
});

describe('CalendarProvider', () => {
  it('caches, reloads after the max age or an invalidation, and shares one load between callers', async () => {
    const db = ctx.database.db;
    let now = 1_000_000;
    const provider = new CalendarProvider(db, { maxAgeMs: 60_000, clock: () => now });
    const [a, b] = await Promise.all([provider.get(), provider.get()]);
    expect(a).toBe(b);
    const date: CstDate = '2030-06-03';
    expect(a.isWorkingDay(date)).toBe(true);
    // Another process writes an override: this provider does not know until the max age passes.
    await new CalendarRepository(db).upsert(
      { date, kind: 'holiday', name: null, note: null },
      people.county_op,
      new Date(),
    );
    now += 59_000;
    expect(await provider.get()).toBe(a);
    now += 2_000;
    const c = await provider.get();
    expect(c).not.toBe(a);
    expect(c.isWorkingDay(date)).toBe(false);
    // An invalidation (a change in this process) reloads at once.
    await new CalendarRepository(db).delete(date);
    provider.invalidate();
    expect((await provider.get()).isWorkingDay(date)).toBe(true);
  });
});
