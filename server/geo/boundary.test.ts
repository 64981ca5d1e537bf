/**
 * GET /api/geo/boundaries through the HTTP layer (embedded database, and PostgreSQL when
 * TEST_DATABASE_URL is set): one level of outlines within a part of the caller's subtree, as the
 * GeoJSON the map draws — every field of a feature, so the answer's schema (boundary.schemas.ts) is
 * held to what the route sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, T } from '../testing/test-county.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
});
afterAll(async () => ctx?.close());

const boundaries = async (username: string, query: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/geo/boundaries?${query}`, headers: await ctx.login(username) });

describe('GET /api/geo/boundaries', () => {
  it('answers the grids of a village as a FeatureCollection, each outline as stored', async () => {
    const res = await boundaries('town_a_op', `level=grid&within=${T.villageA1}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: T.gridA1a,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [105.0, 35.0],
                [105.1, 35.0],
                [105.1, 35.05],
                [105.0, 35.05],
                [105.0, 35.0],
              ],
            ],
          },
          properties: {
            code: T.gridA1a,
            parentCode: T.villageA1,
            level: 'grid',
            kind: 'comprehensive',
            name: '东村第一网格',
            households: null,
          },
        },
        expect.objectContaining({ id: T.gridA1b }),
      ],
    });
  });

  it('defaults to the caller’s own place and honours the limit', async () => {
    const towns = (await boundaries('county_op', 'level=town')).json();
    expect(towns.features.map((f: { id: string }) => f.id)).toEqual([T.townA, T.townB]);
    expect(towns.features[0].properties).toMatchObject({ parentCode: T.county, level: 'town', name: '甲镇' });
    const one = (await boundaries('county_op', 'level=village&limit=1')).json();
    expect(one.features).toHaveLength(1);
  });

  it('refuses citizens and places outside the caller’s area', async () => {
    const citizen = await boundaries('citizen1', 'level=grid');
    expect(citizen.statusCode).toBe(403);
    expect(citizen.json().error.code).toBe('FORBIDDEN');
    const outside = await boundaries('town_a_op', `level=grid&within=${T.villageB1}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
  });
});
