/**
 * Reading the organisation through the HTTP layer (embedded database, and PostgreSQL when
 * TEST_DATABASE_URL is set): the tree from the caller's own place, one place with its children and
 * its people, the people list, the departments and the taxonomy — every field of each answer, so the
 * answers' schemas (organisation.schemas.ts) are held to what the routes send.
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
afterAll(async () => ctx?.close());

const get = async (username: string, url: string) =>
  ctx.app.inject({ method: 'GET', url, headers: await ctx.login(username) });

describe('GET /api/jurisdictions', () => {
  it('starts the tree at the caller’s own place, with each child’s number of children', async () => {
    const res = await get('town_a_op', '/api/jurisdictions');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      root: { code: T.townA, level: 'town', name: '甲镇' },
      children: [
        { code: T.villageA1, level: 'village', kind: 'village', name: '东村', childCount: 2 },
        { code: T.villageA2, level: 'village', kind: 'village', name: '西村', childCount: 1 },
      ],
    });
  });

  it('is not for citizens', async () => {
    const res = await get('citizen1', '/api/jurisdictions');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('GET /api/jurisdictions/:code', () => {
  it('answers a place, its children and the people bound to it, phones included', async () => {
    const res = await get('town_a_op', `/api/jurisdictions/${T.villageA1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.jurisdiction).toEqual({
      code: T.villageA1,
      parentCode: T.townA,
      level: 'village',
      kind: 'village',
      name: '东村',
      centroid: { lng: 105.05, lat: 35.05 },
      households: null,
    });
    expect(body.children).toEqual([
      { code: T.gridA1a, level: 'grid', kind: 'comprehensive', name: '东村第一网格', households: null, childCount: 0 },
      { code: T.gridA1b, level: 'grid', kind: 'comprehensive', name: '东村第二网格', households: null, childCount: 0 },
    ]);
    expect(body.responsible).toEqual([
      {
        personId: county.people.sec_a,
        name: '书记甲',
        role: 'village_secretary',
        roleName: expect.any(String),
        duty: 'party_secretary',
        dutyName: expect.any(String),
        phone: '13800000000',
      },
      expect.objectContaining({ personId: county.people.vl_a, duty: 'leader_in_charge' }),
      expect.objectContaining({ personId: county.people.police_a, duty: 'community_police' }),
      expect.objectContaining({ personId: county.people.team_a, duty: 'team_member' }),
    ]);
  });

  it('answers null for a place without a centroid, and its households when known', async () => {
    await ctx.database.db
      .insertInto('jurisdictions')
      .values({
        code: '620999100203',
        parent_code: T.townA,
        level: 'village',
        kind: 'village',
        name: '北村',
        households: 312,
      })
      .execute();
    try {
      const res = await get('town_a_op', '/api/jurisdictions/620999100203');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        jurisdiction: {
          code: '620999100203',
          parentCode: T.townA,
          level: 'village',
          kind: 'village',
          name: '北村',
          centroid: null,
          households: 312,
        },
        children: [],
        responsible: [],
      });
    } finally {
      await ctx.database.db.deleteFrom('jurisdictions').where('code', '=', '620999100203').execute();
    }
  });

  it('answers a place outside the caller’s area as absent', async () => {
    const res = await get('town_a_op', `/api/jurisdictions/${T.villageB1}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('JURISDICTION_NOT_FOUND');
  });
});

describe('GET /api/people', () => {
  it('lists the people of a subtree with their place, department and sign-in state', async () => {
    const res = await get('county_op', '/api/people?role=department_staff');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: county.people.dept_yjj,
          name: '应急局干部',
          role: 'department_staff',
          roleName: expect.any(String),
          phone: '13800000000',
          jurisdictionCode: T.county,
          jurisdictionName: '测试县',
          department: { id: county.departments.yjj, name: '应急管理局' },
          username: 'dept_yjj',
          active: true,
          mustChangePassword: false,
          lockedUntil: null,
        },
        expect.objectContaining({
          id: county.people.dept_scjg,
          department: { id: county.departments.scjg, name: '市场监管局' },
        }),
      ],
      page: 1,
      pageSize: 50,
    });
    const villagers = (await get('town_a_op', `/api/people?jurisdiction=${T.villageA1}&pageSize=2`)).json();
    expect(villagers.pageSize).toBe(2);
    expect(villagers.items).toHaveLength(2);
    expect(villagers.items[0].department).toBeNull();
  });
});

describe('GET /api/departments', () => {
  it('lists the county’s departments', async () => {
    const res = await get('town_a_op', '/api/departments');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { id: county.departments.scjg, code: 'scjg', name: '市场监管局', jurisdictionCode: T.county },
        { id: county.departments.yjj, code: 'yjj', name: '应急管理局', jurisdictionCode: T.county },
      ],
    });
  });
});

describe('the taxonomy (事件分类)', () => {
  it('adds an aspect, edits it, and hides it from citizens once inactive', async () => {
    const headers = await ctx.login('county_op');
    const added = await ctx.app.inject({
      method: 'POST',
      url: '/api/categories',
      headers,
      payload: {
        code: 'hazard.fire.test_answers',
        parentCode: 'hazard.fire',
        eventType: 'hazard',
        nameZh: '测试方面',
        nameEn: 'Test aspect',
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({
      category: {
        code: 'hazard.fire.test_answers',
        parentCode: 'hazard.fire',
        eventType: 'hazard',
        nameZh: '测试方面',
        nameEn: 'Test aspect',
        sortOrder: 1000,
        active: true,
      },
    });

    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/categories/hazard.fire.test_answers',
      headers,
      payload: { nameEn: 'Renamed aspect', active: false },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().category).toMatchObject({ nameEn: 'Renamed aspect', active: false });

    const all = (await get('gw_a1', '/api/categories')).json().items as { code: string; parentCode: string | null }[];
    expect(all).toContainEqual(expect.objectContaining({ code: 'hazard.fire.test_answers', active: false }));
    expect(all.find((c) => c.code === 'hazard.fire')?.parentCode).toBeNull();
    const open = await ctx.app.inject({ method: 'GET', url: '/api/public/categories' });
    expect(open.statusCode).toBe(200);
    expect(open.json().items.map((c: { code: string }) => c.code)).not.toContain('hazard.fire.test_answers');
  });
});
