/**
 * GET /api/public/places: 随手拍's place list without an account — counties, then towns, then
 * villages/communities, never grids or people — and a citizen's report sent with the place chosen
 * there, dispatched to that place's people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, T, type TestCounty } from '../testing/test-county.js';

let ctx: TestContext;
let county: TestCounty;

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});

afterAll(async () => {
  await ctx?.close();
});

const places = (query = '') => ctx.app.inject({ method: 'GET', url: `/api/public/places${query}` });

describe('GET /api/public/places', () => {
  it('lists the counties without a session, then a county’s towns, then a town’s villages — nothing more than code, name, level, hasChildren', async () => {
    const top = await places();
    expect(top.statusCode).toBe(200);
    expect(top.json()).toEqual({
      parent: null,
      items: [{ code: T.county, name: '测试县', level: 'county', hasChildren: true }],
    });

    const towns = await places(`?parent=${T.county}`);
    expect(towns.statusCode).toBe(200);
    expect(towns.json()).toEqual({
      parent: { code: T.county, name: '测试县', level: 'county' },
      items: [
        { code: T.townA, name: '甲镇', level: 'town', hasChildren: true },
        { code: T.townB, name: '乙镇', level: 'town', hasChildren: true },
      ],
    });

    const villages = await places(`?parent=${T.townB}`);
    expect(villages.json()).toEqual({
      parent: { code: T.townB, name: '乙镇', level: 'town' },
      // a village has grids below it, but they are internal: no level below for the public
      items: [{ code: T.villageB1, name: '南社区', level: 'village', hasChildren: false }],
    });
    expect(JSON.stringify(villages.json())).not.toContain('网格');
  });

  it('a town without villages has no children', async () => {
    await ctx.database.db
      .insertInto('jurisdictions')
      .values({ code: '620999102000', parent_code: T.county, level: 'town', kind: 'town', name: '丙镇' })
      .execute();
    try {
      const towns = await places(`?parent=${T.county}`);
      expect(towns.json().items).toContainEqual({
        code: '620999102000',
        name: '丙镇',
        level: 'town',
        hasChildren: false,
      });
      expect((await places('?parent=620999102000')).json().items).toEqual([]);
    } finally {
      await ctx.database.db.deleteFrom('jurisdictions').where('code', '=', '620999102000').execute();
    }
  });

  it('refuses malformed codes and codes below a town with 400, unknown places with 404', async () => {
    for (const parent of ['abc', '', '62099910020', '6209991002011', '000000000000']) {
      const res = await places(`?parent=${encodeURIComponent(parent)}`);
      expect(res.statusCode, parent).toBe(400);
      expect(res.json().error.code, parent).toBe('JURISDICTION_CODE_INVALID');
    }
    // never a grid list, not even under a village that has grids
    for (const parent of [T.villageA1, T.gridA1a]) {
      const res = await places(`?parent=${parent}`);
      expect(res.statusCode, parent).toBe(400);
      expect(res.json().error.code, parent).toBe('JURISDICTION_CODE_INVALID');
    }
    for (const parent of ['620999109000', '620998000000']) {
      const res = await places(`?parent=${parent}`);
      expect(res.statusCode, parent).toBe(404);
      expect(res.json().error.code, parent).toBe('JURISDICTION_NOT_FOUND');
    }
    const extra = await places('?level=grid');
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('a citizen’s report with a chosen place (no GPS)', () => {
  async function reportAt(jurisdictionCode: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'uncivil.public.littering',
        description: '河边有人倾倒建筑垃圾',
        jurisdictionCode,
        address: '东村三组路口',
      },
    });
    expect(res.statusCode).toBe(201);
    const operator = await ctx.login('county_op');
    const found = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?q=${res.json().serialNo}`,
      headers: operator,
    });
    const [summary] = found.json().items;
    return (await ctx.app.inject({ method: 'GET', url: `/api/events/${summary.id}`, headers: operator })).json();
  }

  it('goes to the chosen village’s "3+N" team', async () => {
    const { event, assignments } = await reportAt(T.villageA1);
    expect(event).toMatchObject({
      jurisdictionCode: T.villageA1,
      dispatchReason: 'named_jurisdiction',
      channel: 'citizen',
      address: '东村三组路口',
    });
    expect(event.location).toBeNull();
    expect(assignments.map((a: { person: { id: number } | null }) => a.person?.id).sort()).toEqual(
      [county.people.sec_a, county.people.vl_a, county.people.police_a, county.people.team_a].sort(),
    );
  });

  it('goes to the town centre when the citizen stops at the town', async () => {
    const { event, assignments } = await reportAt(T.townB);
    expect(event).toMatchObject({ jurisdictionCode: T.townB, dispatchReason: 'named_jurisdiction' });
    expect(assignments).toEqual([
      expect.objectContaining({ assignmentRole: 'centre', centre: expect.objectContaining({ code: T.townB }) }),
    ]);
  });
});
