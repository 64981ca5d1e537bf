/**
 * What intake takes and how it answers, through HTTP (issue 13, classes 7–9): blank text and
 * placeless citizen reports are refused with a message saying what to do; an idempotency key
 * answers only the request it was first sent with, per client; validation messages name the field
 * and what it takes; the intake's event is the same shape as the detail's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T } from '../testing/test-county.js';

let ctx: TestContext;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const CATEGORY = 'dispute.neighbour.boundary';

async function staffReport(payload: Record<string, unknown>, user = 'gw_a1', headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...(await as(user)), ...headers },
    payload: { categoryCode: CATEGORY, ...payload },
  });
}
async function publicReport(payload: Record<string, unknown>, remoteAddress = '203.0.113.7') {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/public/events',
    remoteAddress,
    payload: { categoryCode: CATEGORY, ...payload },
  });
}
const eventCount = async () =>
  Number(
    (
      await ctx.database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('blank and placeless reports', () => {
  it('refuses a description of only spaces, from staff and from the public, and writes nothing', async () => {
    const before = await eventCount();
    for (const description of ['   ', '\t\n ', '　　']) {
      const staff = await staffReport({ description, location: P.inGridA1a });
      expect(staff.statusCode, staff.body).toBe(400);
      expect(staff.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'description', problem: 'must not be blank' }],
      });
      const citizen = await publicReport({ description, location: P.inGridA1a });
      expect(citizen.statusCode, citizen.body).toBe(400);
      expect(citizen.json().error.details[0]).toMatchObject({ field: 'description' });
    }
    // the public minimum of five characters counts characters, not the spaces around them
    expect((await publicReport({ description: '  坏  ', location: P.inGridA1a })).statusCode).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('refuses blank text in every other required text field too (notes of mediation, follow-ups, category names)', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: await as('county_op'),
      payload: { code: 'blank_test', eventType: 'dispute', nameZh: '  ', nameEn: 'Test' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ field: 'nameZh', problem: 'must not be blank' });
  });

  it('stores the text trimmed', async () => {
    const res = await staffReport({
      description: '  两户因宅基地界址发生争执  ',
      address: '  东村3组  ',
      location: P.inGridA1a,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().event).toMatchObject({ description: '两户因宅基地界址发生争执', address: '东村3组' });
  });

  it('refuses a citizen’s point that is nowhere near the county — (0, 0) is a phone without a fix — and says what to do', async () => {
    const before = await eventCount();
    for (const location of [{ lng: 0, lat: 0 }, P.outsideCounty]) {
      const res = await publicReport({ description: '路灯坏了很久没人修', location });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('LOCATION_OUTSIDE_AREA');
      expect(res.json().error.message).toMatch(/turn location on|choose your town and village/);
      const signedIn = await staffReport({ description: '路灯坏了很久没人修', location }, 'citizen1');
      expect(signedIn.json().error?.code).toBe('LOCATION_OUTSIDE_AREA');
    }
    expect(await eventCount()).toBe(before);
  });

  it('takes a citizen’s point just over the county line, and a place chosen instead of a bad point', async () => {
    // 0.01° west of the county's western edge (105.0) is under a kilometre away
    const near = await publicReport({ description: '村口路灯坏了', location: { lng: 104.992, lat: 35.02 } });
    expect(near.statusCode, near.body).toBe(201);
    const named = await publicReport({
      description: '村口路灯坏了',
      location: { lng: 0, lat: 0 },
      jurisdictionCode: T.villageA1,
    });
    expect(named.statusCode, named.body).toBe(201);
    const row = await ctx.database.db
      .selectFrom('events')
      .select(['jurisdiction_code', 'lng'])
      .where('tracking_token', '=', named.json().trackingToken)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ jurisdiction_code: T.villageA1, lng: null });
  });

  it('still lets staff send an outside point to the county centre, with the reason', async () => {
    const res = await staffReport({ description: '邻县交界处发现山体裂缝', location: P.outsideCounty }, 'town_a_op');
    expect(res.statusCode).toBe(201);
    expect(res.json().event).toMatchObject({ dispatchReason: 'outside_county', jurisdictionCode: T.county });
  });
});

describe('idempotency keys', () => {
  it('returns the first event for the same body, and refuses the same key with another body', async () => {
    const body = { description: '楼道堆放杂物堵塞消防通道', location: P.inGridA1a, idempotencyKey: 'same-key-0001' };
    const first = await staffReport(body);
    expect(first.statusCode).toBe(201);
    const again = await staffReport(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, event: { id: first.json().event.id } });
    const before = await eventCount();
    const other = await staffReport({ ...body, description: '另一件事：路灯不亮' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // the header key is the same key
    const viaHeader = await staffReport({ description: '另一件事：路灯不亮', location: P.inGridA1a }, 'gw_a1', {
      'idempotency-key': 'same-key-0001',
    });
    expect(viaHeader.json().error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventCount()).toBe(before);
  });

  it('keeps each public client’s keys apart: another client’s key never returns someone else’s report', async () => {
    const body = { description: '河边有人倾倒建筑垃圾', location: P.inGridA1a, idempotencyKey: 'public-key-0001' };
    const mine = await publicReport(body, '198.51.100.1');
    expect(mine.statusCode).toBe(201);
    const retry = await publicReport(body, '198.51.100.1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json().trackingToken).toBe(mine.json().trackingToken);
    const stranger = await publicReport(body, '198.51.100.2');
    expect(stranger.statusCode).toBe(201);
    expect(stranger.json().trackingToken).not.toBe(mine.json().trackingToken);
  });
});

describe('answers a client developer can act on', () => {
  it('names the field and the allowed values of an enumeration, once', async () => {
    const res = await staffReport({ description: '测试', location: P.inGridA1a, riskLevel: 'purple' });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.message).toBe('riskLevel must be one of red, yellow, blue');
    expect(error.details).toEqual([{ field: 'riskLevel', problem: 'must be one of red, yellow, blue' }]);
    const query = await ctx.app.inject({
      method: 'GET',
      url: '/api/events?sort=colour',
      headers: await as('county_op'),
    });
    expect(query.json().error.message).toBe('sort must be one of reported_at, updated_at, risk_level, serial_no');
  });

  it('names a missing field and a field the request does not take by their paths', async () => {
    const missing = await staffReport({ location: P.inGridA1a });
    expect(missing.json().error.details).toEqual([{ field: 'description', problem: 'is required' }]);
    const nested = await staffReport({ description: '测试', location: { lng: 105.05 } });
    expect(nested.json().error.details).toEqual([{ field: 'location.lat', problem: 'is required' }]);
    const extra = await staffReport({ description: '测试', location: P.inGridA1a, colour: 'red' });
    expect(extra.json().error.details).toEqual([{ field: 'colour', problem: 'is not a field this request takes' }]);
  });

  it('answers intake with the same event the detail shows: names beside codes', async () => {
    const made = await staffReport({ description: '两户因宅基地界址发生争执', location: P.inGridA1a }, 'town_a_op');
    expect(made.statusCode).toBe(201);
    const detail = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/events/${made.json().event.id}`,
        headers: await as('town_a_op'),
      })
    ).json();
    expect(made.json().event.categoryName).toBeTruthy();
    expect(made.json().event.jurisdictionName).toBe('东村第一网格');
    const { updatedAt: _a, version: _b, ...fromIntake } = made.json().event;
    const { updatedAt: _c, version: _d, ...fromDetail } = detail.event;
    expect(fromIntake).toEqual(fromDetail);
  });
});
