import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { FillLayerSpecification } from 'maplibre-gl';
import {
  DEFAULT_FILTERS,
  EVENTS_LIMIT,
  LAYER,
  RISK_COLOURS,
  SOURCE,
  baseStyle,
  BASEMAP_OPACITY,
  basemapKey,
  boundsOf,
  clusterZoomTarget,
  eventsQuery,
  expandTiles,
  gcj02ToWgs84,
  initialBounds,
  layerVisibility,
  overlayLayers,
  riskColourExpression,
  spanRange,
  toBasemapCrs,
  townsToLoad,
  wgs84ToGcj02,
  type BasemapConfig,
} from './map-spec';
import { withQuery } from '../../api/client';

const NOW = new Date('2026-11-24T08:00:00.000Z');

const square = (x: number, y: number, d = 0.01): FeatureCollection => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: 'v1' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      },
    },
  ],
});

/** Evaluates the small subset of MapLibre expressions the risk colour uses, to check its meaning. */
function evaluate(expression: unknown, properties: Record<string, unknown>): unknown {
  const [op, ...args] = expression as [string, ...unknown[]];
  if (op === 'get') return properties[args[0] as string];
  if (op === 'match') {
    const value = evaluate(args[0], properties);
    for (let i = 1; i + 1 < args.length; i += 2) if (args[i] === value) return args[i + 1];
    return args[args.length - 1];
  }
  throw new Error(`unsupported ${op}`);
}

describe('filters → the geojson query', () => {
  it('leaves out what is "any", repeats array keys and asks for the server maximum', () => {
    const query = eventsQuery({ types: [], statusKinds: [], risks: [], span: 'all' }, NOW);
    expect(withQuery('/api/events/geojson', query)).toBe(`/api/events/geojson?limit=${EVENTS_LIMIT}`);
    const narrowed = eventsQuery(
      { types: ['hazard', 'dispute'], statusKinds: ['open'], risks: ['red', 'yellow'], span: '7d' },
      NOW,
      500,
    );
    expect(withQuery('/api/events/geojson', narrowed)).toBe(
      '/api/events/geojson?type=hazard&type=dispute&statusKind=open&risk=red&risk=yellow&from=2026-11-17T08%3A00%3A00.000Z&to=2026-11-24T08%3A00%3A00.000Z&limit=500',
    );
  });

  it('turns span presets into a reported-at range ending now', () => {
    expect(spanRange('30d', NOW)).toEqual({ from: '2026-10-25T08:00:00.000Z', to: NOW.toISOString() });
    expect(spanRange('all', NOW)).toEqual({});
    expect(eventsQuery(DEFAULT_FILTERS, NOW)).toMatchObject({ statusKind: ['open'], limit: EVENTS_LIMIT });
  });
});

describe('style and layers', () => {
  it('has no basemap and nothing to fetch by default', () => {
    const style = baseStyle(null);
    expect(style.sources).toEqual({});
    expect(style.layers.map((l) => l.type)).toEqual(['background']);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  it('adds a raster basemap from the server tile template, with subdomains', () => {
    const basemap: BasemapConfig = {
      tiles: 'https://t{s}.example.cn/{z}/{x}/{y}.png',
      subdomains: ['0', '1', '2'],
      crs: 'gcj02',
      attribution: 'Example',
      tileSize: 256,
      maxZoom: 17,
    };
    const style = baseStyle(basemap);
    expect(style.sources[SOURCE.basemap]).toEqual({
      type: 'raster',
      tiles: [
        'https://t0.example.cn/{z}/{x}/{y}.png',
        'https://t1.example.cn/{z}/{x}/{y}.png',
        'https://t2.example.cn/{z}/{x}/{y}.png',
      ],
      tileSize: 256,
      maxzoom: 17,
      attribution: 'Example',
    });
    expect(style.layers.map((l) => l.id)).toEqual([LAYER.background, LAYER.basemap]);
    // washed out over white, so the boundaries and points stand out
    expect(style.layers[1]).toMatchObject({ type: 'raster', paint: { 'raster-opacity': BASEMAP_OPACITY } });
    expect(BASEMAP_OPACITY).toBeLessThan(1);
    expect(style.layers[0]).toMatchObject({ paint: { 'background-color': '#ffffff' } });
    expect(baseStyle({ ...basemap, attribution: null }).sources[SOURCE.basemap]).toMatchObject({
      attribution: undefined,
    });
    expect(expandTiles('https://a/{z}/{x}/{y}', ['1', '2'])).toEqual(['https://a/{z}/{x}/{y}']);
    expect(basemapKey(null)).toBe('none');
    expect(basemapKey({ ...basemap })).toBe(basemapKey(basemap));
    expect(basemapKey({ ...basemap, crs: 'wgs84' })).not.toBe(basemapKey(basemap));
  });

  it('draws boundaries under the heatmap under the clusters and points, with no symbol (glyph) layers', () => {
    const layers = overlayLayers();
    expect(layers.map((l) => l.id)).toEqual([
      LAYER.villageFill,
      LAYER.villageLine,
      LAYER.gridFill,
      LAYER.gridLine,
      LAYER.heatmap,
      LAYER.clusters,
      LAYER.points,
    ]);
    expect(layers.some((l) => l.type === 'symbol')).toBe(false);
    const grid = layers.find((l) => l.id === LAYER.gridFill)!;
    expect(grid.minzoom).toBe(13);
    // the fills are for hit-testing only: opacity 0 (MapLibre skips drawing them) and no outline of
    // their own (the line layers draw the edges) — a translucent full-screen fill costs frames when panning
    for (const id of [LAYER.villageFill, LAYER.gridFill]) {
      const paint = (layers.find((l) => l.id === id) as FillLayerSpecification).paint;
      expect(paint?.['fill-antialias']).toBe(false);
      expect(paint?.['fill-opacity']).toBe(0);
    }
    const clusters = layers.find((l) => l.id === LAYER.clusters)!;
    expect(clusters).toMatchObject({ type: 'circle', source: SOURCE.events, filter: ['has', 'point_count'] });
    const points = layers.find((l) => l.id === LAYER.points)!;
    expect(points).toMatchObject({
      type: 'circle',
      filter: ['!', ['has', 'point_count']],
      paint: { 'circle-stroke-color': '#ffffff' },
    });
  });

  it('colours points by risk: red, yellow, blue, grey for anything else', () => {
    const expression = riskColourExpression();
    expect(evaluate(expression, { riskLevel: 'red' })).toBe(RISK_COLOURS.red);
    expect(evaluate(expression, { riskLevel: 'yellow' })).toBe(RISK_COLOURS.yellow);
    expect(evaluate(expression, { riskLevel: 'blue' })).toBe(RISK_COLOURS.blue);
    expect(evaluate(expression, { riskLevel: undefined })).toBe('#8c8c8c');
  });

  it('shows the heatmap instead of the clusters and points', () => {
    expect(layerVisibility(true)).toEqual({
      [LAYER.heatmap]: 'visible',
      [LAYER.clusters]: 'none',
      [LAYER.points]: 'none',
    });
    expect(layerVisibility(false)).toEqual({
      [LAYER.heatmap]: 'none',
      [LAYER.clusters]: 'visible',
      [LAYER.points]: 'visible',
    });
  });
});

describe('interaction and placement', () => {
  it('zooms into a clicked cluster: to its expansion zoom, at least one level, never past the maximum', () => {
    expect(clusterZoomTarget(8, 11)).toBe(11);
    expect(clusterZoomTarget(10, 10)).toBe(11);
    expect(clusterZoomTarget(18.5, 22)).toBe(19);
  });

  it('fits the jurisdiction: villages, else grids, else (when there are no boundaries) the events', () => {
    const villages = square(112, 30);
    expect(boundsOf(villages)).toEqual([
      [112, 30],
      [112.01, 30.01],
    ]);
    expect(boundsOf({ type: 'FeatureCollection', features: [] })).toBeNull();
    const events: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113, 31] } }],
    };
    expect(initialBounds(villages, null, events)).toEqual([
      [112, 30],
      [112.01, 30.01],
    ]);
    expect(initialBounds({ type: 'FeatureCollection', features: [] }, square(114, 32), events)).toEqual([
      [114, 32],
      [114.01, 32.01],
    ]);
    expect(initialBounds(undefined, null, events)).toBeNull(); // the villages are still loading
    expect(initialBounds({ type: 'FeatureCollection', features: [] }, null, events)).toEqual([
      [113, 31],
      [113, 31],
    ]);
  });

  it('loads grids per town of the villages in view, once each', () => {
    const visible = [
      { parentCode: '360102001000' },
      { parentCode: '360102002000' },
      { parentCode: '360102001000' },
      { parentCode: null },
    ];
    expect(townsToLoad(visible, new Set())).toEqual(['360102001000', '360102002000']);
    expect(townsToLoad(visible, new Set(['360102001000']))).toEqual(['360102002000']);
  });

  it('shifts our WGS-84 data into GCJ-02 for a GCJ-02 basemap, and back', () => {
    const [lng, lat] = wgs84ToGcj02(116.397428, 39.90923);
    // the GCJ-02 offset in Beijing is a few hundred metres, mostly eastward
    expect((lng - 116.397428) * 85_000).toBeGreaterThan(300);
    expect((lng - 116.397428) * 85_000).toBeLessThan(700);
    expect(Math.abs(lat - 39.90923) * 111_000).toBeLessThan(300);
    const [x, y] = gcj02ToWgs84(lng, lat);
    expect(x).toBeCloseTo(116.397428, 6);
    expect(y).toBeCloseTo(39.90923, 6);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]); // outside China: unchanged
    const villages = square(116.39, 39.9);
    expect(toBasemapCrs(villages, 'wgs84')).toBe(villages);
    const shifted = toBasemapCrs(villages, 'gcj02');
    const ring = (shifted.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring[0]).toEqual(wgs84ToGcj02(116.39, 39.9));
    expect(shifted.features[0]!.properties).toEqual({ code: 'v1' });
  });
});
