/**
 * The map's basemap as run-time configuration: MAP_TILES … read and checked at start-up
 * (loadConfig fails naming the variable), served to signed-in staff by GET /api/config/map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty } from '../testing/test-county.js';

const TIANDITU =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc';
const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe('MAP_TILES at start-up', () => {
  it('is optional: no basemap by default (nothing fetched from the internet)', () => {
    expect(loadConfig(env({})).mapTiles).toBeNull();
    expect(loadConfig(env({ MAP_TILES: '  ' })).mapTiles).toBeNull();
  });

  it('reads the template and its options, with defaults', () => {
    expect(loadConfig(env({ MAP_TILES: 'https://tile.example.org/{z}/{x}/{y}.png' })).mapTiles).toEqual({
      tiles: 'https://tile.example.org/{z}/{x}/{y}.png',
      subdomains: [],
      crs: 'wgs84',
      attribution: null,
      maxZoom: 18,
      tileSize: 256,
    });
    expect(
      loadConfig(
        env({
          MAP_TILES: TIANDITU,
          MAP_TILES_SUBDOMAINS: '0, 1,2,3,4,5,6,7',
          MAP_TILES_CRS: 'gcj02',
          MAP_TILES_ATTRIBUTION: ' 天地图 ',
          MAP_TILES_MAX_ZOOM: '17',
          MAP_TILES_SIZE: '512',
        }),
      ).mapTiles,
    ).toEqual({
      tiles: TIANDITU,
      subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
      crs: 'gcj02',
      attribution: '天地图',
      maxZoom: 17,
      tileSize: 512,
    });
    expect(loadConfig(env({ MAP_TILES: 'https://tiles.example.org/t?q={quadkey}' })).mapTiles?.tiles).toBe(
      'https://tiles.example.org/t?q={quadkey}',
    );
  });

  it('fails fast, naming the variable, on a template the map could not use', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ MAP_TILES: 'https://tile.example.org/{z}/{x}.png' }, 'MAP_TILES', /\{z\}, \{x\} and \{y\}/],
      [{ MAP_TILES: 'https://tile.example.org/{z}/{x}/{y}.png?key={key}' }, 'MAP_TILES', /cannot fill: \{key\}/],
      [{ MAP_TILES: 'ftp://tile.example.org/{z}/{x}/{y}.png' }, 'MAP_TILES', /http: or https:/],
      [{ MAP_TILES: 'tile.example.org/{z}/{x}/{y}.png' }, 'MAP_TILES', /not a valid URL/],
      [
        { MAP_TILES: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' },
        'MAP_TILES_SUBDOMAINS',
        /required when MAP_TILES contains \{s\}/,
      ],
      [
        { MAP_TILES: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', MAP_TILES_SUBDOMAINS: 'a,b/c' },
        'MAP_TILES_SUBDOMAINS',
        /host labels/,
      ],
      [{ MAP_TILES: TIANDITU, MAP_TILES_SUBDOMAINS: '0', MAP_TILES_CRS: 'bd09' }, 'MAP_TILES_CRS', /wgs84, gcj02/],
      [{ MAP_TILES: TIANDITU, MAP_TILES_SUBDOMAINS: '0', MAP_TILES_MAX_ZOOM: '30' }, 'MAP_TILES_MAX_ZOOM', /1 to 24/],
      [{ MAP_TILES: TIANDITU, MAP_TILES_SUBDOMAINS: '0', MAP_TILES_SIZE: '300' }, 'MAP_TILES_SIZE', /256, 512/],
      [{ MAP_TILES_CRS: 'gcj02' }, 'MAP_TILES_CRS', /MAP_TILES \(the tile URL template\) is not/],
    ];
    for (const [vars, variable, reason] of cases) {
      let error: unknown;
      try {
        loadConfig(env(vars));
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(vars)).toBeInstanceOf(ConfigError);
      expect((error as Error).message, JSON.stringify(vars)).toContain(`configuration: ${variable} `);
      expect((error as Error).message, JSON.stringify(vars)).toMatch(reason);
    }
  });
});

describe('GET /api/config/map', () => {
  let plain: TestContext;
  let tiles: TestContext;

  beforeAll(async () => {
    // one at a time: a database starting blocks the event loop long enough to time out the other app's plugins
    plain = await createTestContext();
    await buildTestCounty(plain.database.db);
    tiles = await createTestContext({
      config: {
        mapTiles: loadConfig(env({ MAP_TILES: TIANDITU, MAP_TILES_SUBDOMAINS: '0,1', MAP_TILES_ATTRIBUTION: '天地图' }))
          .mapTiles,
      },
    });
    await buildTestCounty(tiles.database.db);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([plain?.close(), tiles?.close()]);
  });

  it('answers the configured basemap to staff', async () => {
    for (const username of ['county_op', 'gw_a1', 'dept_yjj']) {
      const res = await tiles.app.inject({
        method: 'GET',
        url: '/api/config/map',
        headers: await tiles.login(username),
      });
      expect(res.statusCode, username).toBe(200);
      expect(res.json(), username).toEqual({
        basemap: {
          tiles: TIANDITU,
          subdomains: ['0', '1'],
          crs: 'wgs84',
          attribution: '天地图',
          maxZoom: 18,
          tileSize: 256,
        },
      });
    }
  });

  it('answers null when no basemap is configured', async () => {
    const res = await plain.app.inject({
      method: 'GET',
      url: '/api/config/map',
      headers: await plain.login('town_a_op'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ basemap: null });
  });

  it('needs a session and is not for citizens', async () => {
    const anonymous = await tiles.app.inject({ method: 'GET', url: '/api/config/map' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    const citizen = await tiles.app.inject({
      method: 'GET',
      url: '/api/config/map',
      headers: await tiles.login('citizen1'),
    });
    expect(citizen.statusCode).toBe(403);
    expect(citizen.json().error.code).toBe('FORBIDDEN');
    expect(citizen.body).not.toContain('tk=');
  });
});
