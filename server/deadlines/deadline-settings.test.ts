/**
 * A saved setting never makes reporting impossible (issue 13, class 5), through HTTP: a time-limit
 * rule or 五级九天 rung the engine cannot count is refused when it is saved; one stored before
 * (written straight into the table here) falls back to the built-in default at intake, on an
 * action and in the sweep's automatic escalation — the event goes on, the clock says so, the
 * county centre is told once and a warning is logged; calendar overrides that would leave no
 * working day, and village-class settings a newer version refuses, likewise.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { LOG_LEVEL, LogCapture } from '../testing/log-capture.js';
import { changedTables, fingerprintedTables, tableFingerprint } from '../testing/table-fingerprint.js';
import { buildTestCounty, P, T, type TestCounty } from '../testing/test-county.js';
import { calendarProviderFor } from '../calendar/calendar.service.js';
import { DEFAULT_VILLAGE_CLASS_SETTINGS } from '../../core/analytics/village-class.js';
import { addCstDays } from '../../core/deadlines/work-calendar.js';
import { sweepDeadlines } from './deadline-sweep.js';

let ctx: TestContext;
let county: TestCounty;
const log = new LogCapture();
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const call = async (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: await as(user),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const errorOf = (res: { statusCode: number; json(): { error?: { code: string } } }) => ({
  status: res.statusCode,
  code: res.json().error?.code,
});

async function reportDispute() {
  return call('gw_a1', 'POST', '/api/events', {
    categoryCode: 'dispute.neighbour.boundary',
    description: '两户因宅基地界址发生争执',
    location: P.inGridA1a,
  });
}
type Clock = {
  step: string;
  tier: string;
  dueAt: string;
  completedAt: string | null;
  limit: { amount: number; unit: string } | null;
  fallback: Record<string, unknown> | null;
};
async function openClock(id: number, step: string): Promise<Clock> {
  const d = (await call('county_op', 'GET', `/api/events/${id}`)).json();
  return d.deadlines.find((c: Clock) => c.step === step && !c.completedAt);
}
/** The fault notices (设置故障) the outbox holds, as recipient and key. */
async function faultNotices() {
  const rows = await ctx.database.db
    .selectFrom('outbox')
    .select(['recipient_id', 'payload', 'event_id'])
    .where('topic', '=', 'setting.fault')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const { key, setting, text, detail } = r.payload as { key: string; setting: string; text: string; detail: unknown };
    return { recipient: r.recipient_id, key, setting, text, detail, eventId: r.event_id };
  });
}
const warnings = () =>
  log
    .atLeast(LOG_LEVEL.warn)
    .filter((l) => l.level === LOG_LEVEL.warn && l.msg?.startsWith('a stored deadline setting')) as { key?: string }[];
const rebuildSettings = () => {
  ctx.clocks.invalidate();
  calendarProviderFor(ctx.database.db).invalidate();
};

let disputeRuleId = 0;

beforeAll(async () => {
  ctx = await createTestContext({ config: { logLevel: 'warn' }, logStream: log.stream });
  county = await buildTestCounty(ctx.database.db);
  disputeRuleId = (
    await ctx.database.db
      .selectFrom('time_limit_rules')
      .select('id')
      .where('step', '=', 'resolve')
      .where('event_type', '=', 'dispute')
      .where('risk_level', 'is', null)
      .where('tier', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await ctx?.close();
});

describe('saving a time limit', () => {
  const rule = { step: 'resolve', eventType: 'dispute', riskLevel: null, tier: null };

  it('refuses a rule the engine cannot count, or one ending beyond the horizon, and saves nothing', async () => {
    const tables = await fingerprintedTables(ctx.database.db);
    const before = await tableFingerprint(ctx.database.db, tables);
    const tooLong = await call('county_op', 'POST', '/api/deadline-rules', {
      ...rule,
      amount: 100000,
      unit: 'natural_days',
    });
    expect(errorOf(tooLong)).toEqual({ status: 422, code: 'DEADLINE_RULE_INVALID' });
    expect(tooLong.json().error.details).toEqual([
      { field: 'amount', problem: expect.stringContaining('cannot count 100000 natural_days') },
    ]);
    expect(
      errorOf(await call('county_op', 'POST', '/api/deadline-rules', { ...rule, amount: 100000, unit: 'hours' })),
    ).toEqual({ status: 422, code: 'DEADLINE_RULE_INVALID' });
    expect(
      errorOf(
        await call('county_op', 'PUT', `/api/deadline-rules/${disputeRuleId}`, {
          ...rule,
          amount: 100000,
          unit: 'working_days',
        }),
      ),
    ).toEqual({ status: 422, code: 'DEADLINE_RULE_INVALID' });
    expect(
      errorOf(
        await call('county_op', 'PUT', '/api/deadline-ladder/dispute/grid', { amount: 100000, unit: 'natural_days' }),
      ),
    ).toEqual({ status: 422, code: 'DEADLINE_RULE_INVALID' });
    expect(changedTables(before, await tableFingerprint(ctx.database.db, tables))).toEqual([]);
    const rules = (await call('county_op', 'GET', '/api/deadline-rules')).json().rules as {
      id: number;
      amount: number;
      unit: string;
    }[];
    expect(rules.find((r) => r.id === disputeRuleId)).toMatchObject({ amount: 14, unit: 'natural_days' });
    const ladder = (await call('county_op', 'GET', '/api/deadline-rules')).json().ladder as {
      eventType: string;
      tier: string;
      amount: number;
      unit: string;
    }[];
    expect(ladder.find((r) => r.eventType === 'dispute' && r.tier === 'grid')).toMatchObject({
      amount: 1,
      unit: 'working_days',
    });
  });

  it('still saves a limit the engine counts within the horizon', async () => {
    const res = await call('county_op', 'POST', '/api/deadline-rules', {
      step: 'resolve',
      eventType: 'appeal',
      riskLevel: null,
      tier: null,
      amount: 300,
      unit: 'natural_days',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call('county_op', 'DELETE', `/api/deadline-rules/${res.json().rule.id}`)).statusCode).toBe(200);
    expect(
      (await call('county_op', 'PUT', '/api/deadline-ladder/dispute/grid', { amount: 8, unit: 'hours' })).statusCode,
    ).toBe(200);
    expect(
      (await call('county_op', 'PUT', '/api/deadline-ladder/dispute/grid', { amount: 1, unit: 'working_days' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('a broken rule already stored', () => {
  it('does not stop intake: the default deadline, the clock says so, the county centre told once, a warning logged', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    // saved before settings were checked
    await ctx.database.db
      .updateTable('time_limit_rules')
      .set({ amount: 100000 })
      .where('id', '=', disputeRuleId)
      .execute();
    rebuildSettings();
    try {
      const first = await reportDispute();
      expect(first.statusCode, first.body).toBe(201);
      const id = first.json().event.id as number;
      const resolve = await openClock(id, 'resolve');
      expect(resolve).toMatchObject({ dueAt: '2026-12-08T15:59:59.999Z', limit: { amount: 14, unit: 'natural_days' } }); // the built-in 14 natural days
      expect(resolve.fallback).toMatchObject({
        broken: { kind: 'rule', ruleId: disputeRuleId, amount: 100000, unit: 'natural_days' },
        code: 'VALIDATION_FAILED',
        used: { amount: 14, unit: 'natural_days' },
      });
      expect((await openClock(id, 'sign')).fallback).toBeNull();

      const key = `time_limit_rule:${disputeRuleId}:100000:natural_days:VALIDATION_FAILED`;
      expect(await faultNotices()).toEqual([
        {
          recipient: county.people.county_op,
          key,
          setting: 'time_limit_rule',
          text: expect.stringContaining(`时限规则#${disputeRuleId}（办结，100000个自然日）无法计算`),
          detail: expect.any(Object),
          eventId: id,
        },
      ]);
      const second = await reportDispute();
      expect(second.statusCode).toBe(201);
      expect((await openClock(second.json().event.id, 'resolve')).fallback).not.toBeNull();
      expect(await faultNotices()).toHaveLength(1); // once, not per event
      expect(warnings().filter((w) => w.key === key)).toHaveLength(1);
    } finally {
      await ctx.database.db
        .updateTable('time_limit_rules')
        .set({ amount: 14 })
        .where('id', '=', disputeRuleId)
        .execute();
      rebuildSettings();
    }
  });

  it('does not stop an escalation, by hand or by the sweep (五级九天): the default rung counts', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    await ctx.database.db
      .updateTable('tier_ladder')
      .set({ amount: 100000, unit: 'natural_days' })
      .where('event_type', '=', 'dispute')
      .where('tier', 'in', ['grid', 'village'])
      .execute();
    rebuildSettings();
    try {
      const before = (await faultNotices()).length;
      const res = await reportDispute();
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().event.id as number;
      expect(await openClock(id, 'tier')).toMatchObject({
        tier: 'grid',
        dueAt: '2026-11-25T15:59:59.999Z',
        limit: { amount: 1, unit: 'working_days' },
        fallback: { broken: { kind: 'rung', tier: 'grid' } },
      });

      const up = await call('gw_a1', 'POST', `/api/events/${id}/actions/escalate`, { note: '需村里协调' });
      expect(up.statusCode, up.body).toBe(200);
      expect(await openClock(id, 'tier')).toMatchObject({
        tier: 'village',
        limit: { amount: 2, unit: 'working_days' },
        fallback: { broken: { kind: 'rung', tier: 'village' } },
      });

      // the sweep's automatic escalation opens the village's ladder clock from the same broken rung
      const other = (await reportDispute()).json().event.id as number;
      expect((await call('sec_a', 'POST', `/api/events/${other}/actions/accept`, {})).statusCode).toBe(200);
      ctx.clock.now = new Date('2026-11-25T16:00:00Z');
      const swept = await sweepDeadlines({
        db: ctx.database.db,
        now: () => new Date(ctx.clock.now),
        clocks: ctx.clocks,
      });
      expect(swept.escalated).toBeGreaterThanOrEqual(1);
      expect(await openClock(other, 'tier')).toMatchObject({
        tier: 'village',
        fallback: { broken: { kind: 'rung', tier: 'village' } },
      });

      const told = (await faultNotices()).slice(before);
      expect(told.map((n) => n.key).sort()).toEqual([
        'tier_ladder:dispute:grid:100000:natural_days:VALIDATION_FAILED',
        'tier_ladder:dispute:village:100000:natural_days:VALIDATION_FAILED',
      ]);
      expect(told.every((n) => n.recipient === county.people.county_op)).toBe(true);
      expect(warnings().map((w) => w.key)).toEqual(expect.arrayContaining(told.map((n) => n.key)));
    } finally {
      await ctx.database.db
        .updateTable('tier_ladder')
        .set({ amount: 1, unit: 'working_days' })
        .where('event_type', '=', 'dispute')
        .where('tier', '=', 'grid')
        .execute();
      await ctx.database.db
        .updateTable('tier_ladder')
        .set({ amount: 2, unit: 'working_days' })
        .where('event_type', '=', 'dispute')
        .where('tier', '=', 'village')
        .execute();
      rebuildSettings();
    }
  });
});

describe('the work calendar', () => {
  /** Every weekday from `from` to `to` a holiday, written straight into the table. */
  const restDays = (from: string, to: string) =>
    sql`
    INSERT INTO calendar_overrides (date, kind, name)
    SELECT d::date, 'holiday', '测试' FROM generate_series(${from}::date, ${to}::date, interval '1 day') d
    WHERE extract(isodow FROM d) < 6`.execute(ctx.database.db);
  const clear = async () => {
    await ctx.database.db
      .deleteFrom('calendar_overrides')
      .where(sql<boolean>`date >= '2026-01-01'::date`)
      .execute();
    rebuildSettings();
  };

  it('refuses an override change that would leave no working day for MAX_SCAN_DAYS, and saves nothing', async () => {
    // ten years of holidays on every weekday, held together by one swapped working Saturday (调休) in the middle
    const keep = '2035-01-06';
    await restDays('2030-01-07', '2040-02-01');
    await sql`INSERT INTO calendar_overrides (date, kind, name) VALUES (${keep}::date, 'workday', '测试')`.execute(
      ctx.database.db,
    );
    try {
      const headers = await as('county_op');
      const tables = await fingerprintedTables(ctx.database.db);
      const before = await tableFingerprint(ctx.database.db, tables);
      expect(errorOf(await call('county_op', 'PUT', `/api/calendar/overrides/${keep}`, { kind: 'holiday' }))).toEqual({
        status: 409,
        code: 'CALENDAR_NO_WORKING_DAY',
      });
      expect(errorOf(await call('county_op', 'DELETE', `/api/calendar/overrides/${keep}`))).toEqual({
        status: 409,
        code: 'CALENDAR_NO_WORKING_DAY',
      });
      for (const url of ['/api/calendar/overrides/import?dryRun=true', '/api/calendar/overrides/import']) {
        const res = await ctx.app.inject({ method: 'POST', url, headers, payload: [{ date: keep, kind: 'holiday' }] });
        expect(errorOf(res), url).toEqual({ status: 409, code: 'CALENDAR_NO_WORKING_DAY' });
      }
      expect(changedTables(before, await tableFingerprint(ctx.database.db, tables))).toEqual([]);
      // other changes still go through
      expect(
        (await call('county_op', 'PUT', '/api/calendar/overrides/2029-06-01', { kind: 'holiday' })).statusCode,
      ).toBe(201);
    } finally {
      await clear();
    }
  });

  it('that cannot count (stored before the check) does not stop intake: the weekday calendar counts', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    await restDays('2026-11-01', addCstDays('2026-11-01', 3700));
    rebuildSettings();
    try {
      const res = await reportDispute();
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().event.id as number;
      expect(await openClock(id, 'respond')).toMatchObject({
        dueAt: '2026-11-25T15:59:59.999Z',
        limit: { amount: 1, unit: 'working_days' },
        fallback: { code: 'CALENDAR_NO_WORKING_DAY', weekdayCalendar: true },
      });
      expect((await openClock(id, 'sign')).fallback).toBeNull();
      const keys = (await faultNotices()).map((n) => n.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^time_limit_rule:\d+:1:working_days:CALENDAR_NO_WORKING_DAY$/),
          'tier_ladder:dispute:grid:1:working_days:CALENDAR_NO_WORKING_DAY',
        ]),
      );
    } finally {
      await clear();
    }
  });
});

describe('village-class settings a newer version refuses', () => {
  it('do not stop the monthly computation: the defaults are used and the centre is told once', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const stored = { weights: { noSuchKpi: 10 }, thresholds: { reassured: 90, good: 80, average: 60 }, minVolume: 0 };
    await sql`INSERT INTO analytics_settings (key, value) VALUES (${`village_class:${T.county}`}, ${JSON.stringify(stored)}::jsonb)`.execute(
      ctx.database.db,
    );
    for (let i = 0; i < 2; i++) {
      const res = await call('county_op', 'POST', '/api/analytics/village-classes/compute', { month: '2026-11' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().villages).toBeGreaterThan(0);
    }
    const told = (await faultNotices()).filter((n) => n.setting === 'village_class_settings');
    expect(told).toEqual([
      {
        recipient: county.people.county_op,
        key: 'village_class_settings:unknown KPI "noSuchKpi"',
        setting: 'village_class_settings',
        text: expect.stringContaining('村级分类设置无法使用'),
        detail: { problem: 'unknown KPI "noSuchKpi"' },
        eventId: null,
      },
    ]);
    const settings = (await call('county_op', 'GET', '/api/analytics/village-class-settings')).json();
    expect(settings).toMatchObject({ isDefault: true, settings: DEFAULT_VILLAGE_CLASS_SETTINGS });
  });
});
