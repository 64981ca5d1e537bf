/**
 * The map's pure parts, kept apart from MapLibre (which needs WebGL) so they can be tested: the
 * style without a basemap, the sources and layers, the risk colours, filters → query, the span
 * presets, the cluster-click zoom, the bounds of a FeatureCollection, the WGS-84 → GCJ-02 shift
 * for basemaps in GCJ-02, and which towns' grids to load for the view.
 *
 * Only types are imported from maplibre-gl here, so this file costs nothing at run time.
 */
import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  HeatmapLayerSpecification,
  LayerSpecification,
  LineLayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { Query } from '../../api/client';
import { EVENT_TYPES, RISK_LEVELS, type EventType, type RiskLevel } from '../../../../core/events/event-catalog';
import { STATUS_KINDS, type StatusKind } from '../../domain';
import { DAY_MS } from '../../lib/time';

export { EVENT_TYPES, RISK_LEVELS, STATUS_KINDS };
export const SPAN_PRESETS = ['7d', '30d', '90d', '365d', 'all'] as const;
export type EventTypeKey = EventType;
export type { RiskLevel, StatusKind };
export type SpanPreset = (typeof SPAN_PRESETS)[number];

export interface MapFilters {
  types: EventTypeKey[];
  statusKinds: StatusKind[];
  risks: RiskLevel[];
  span: SpanPreset;
}

export const DEFAULT_FILTERS: MapFilters = { types: [], statusKinds: ['open'], risks: [], span: '30d' };

/** The server's maximum for GET /api/events/geojson (server/events/event.schemas.ts). */
export const EVENTS_LIMIT = 100_000;
/** From this zoom on, grid boundaries are loaded and drawn. */
export const GRID_MIN_ZOOM = 13;
/** Clusters break up into single points above this zoom. */
export const CLUSTER_MAX_ZOOM = 15;
export const MAX_ZOOM = 19;

export const SOURCE = {
  villages: 'villages',
  grids: 'grids',
  events: 'events',
  heat: 'events-heat',
  basemap: 'basemap',
} as const;
export const LAYER = {
  background: 'background',
  basemap: 'basemap',
  villageFill: 'village-fill',
  villageLine: 'village-line',
  gridFill: 'grid-fill',
  gridLine: 'grid-line',
  heatmap: 'events-heatmap',
  clusters: 'event-clusters',
  points: 'event-points',
} as const;

export const RISK_COLOURS: Record<RiskLevel, string> = { red: '#f5222d', yellow: '#faad14', blue: '#1677ff' };
export const UNKNOWN_RISK_COLOUR = '#8c8c8c';

/** A circle's colour by the feature's `riskLevel`. */
export function riskColourExpression(): ExpressionSpecification {
  return [
    'match',
    ['get', 'riskLevel'],
    'red',
    RISK_COLOURS.red,
    'yellow',
    RISK_COLOURS.yellow,
    'blue',
    RISK_COLOURS.blue,
    UNKNOWN_RISK_COLOUR,
  ];
}

/** Cluster radius by point count: 14 px, 20 px from 100, 28 px from 1,000, 36 px from 10,000. */
export function clusterRadiusExpression(): ExpressionSpecification {
  return ['step', ['get', 'point_count'], 14, 100, 20, 1000, 28, 10000, 36];
}

/** A cluster is red when it holds a red event, else yellow when it holds a yellow one, else blue. */
export const CLUSTER_PROPERTIES = {
  red: ['+', ['case', ['==', ['get', 'riskLevel'], 'red'], 1, 0]],
  yellow: ['+', ['case', ['==', ['get', 'riskLevel'], 'yellow'], 1, 0]],
} as const;

export function clusterColourExpression(): ExpressionSpecification {
  return [
    'case',
    ['>', ['get', 'red'], 0],
    RISK_COLOURS.red,
    ['>', ['get', 'yellow'], 0],
    RISK_COLOURS.yellow,
    RISK_COLOURS.blue,
  ];
}

// ---------------------------------------------------------------------------------------------
// Filters → the query of GET /api/events/geojson

const SPAN_DAYS: Record<SpanPreset, number | null> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365, all: null };

/** The reported-at range of a span preset, ending now. */
export function spanRange(span: SpanPreset, now: Date): { from?: string; to?: string } {
  const days = SPAN_DAYS[span];
  if (days === null) return {};
  return { from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString() };
}

/** Arrays repeat the key (`risk=red&risk=yellow`); empty arrays mean "any" and are left out. */
export function eventsQuery(filters: MapFilters, now: Date, limit = EVENTS_LIMIT): Query {
  return {
    type: filters.types.length ? filters.types : undefined,
    statusKind: filters.statusKinds.length ? filters.statusKinds : undefined,
    risk: filters.risks.length ? filters.risks : undefined,
    ...spanRange(filters.span, now),
    limit,
  };
}

// ---------------------------------------------------------------------------------------------
// The style, the sources, the layers

export type BasemapCrs = 'wgs84' | 'gcj02';

/**
 * An optional raster basemap, as GET /api/config/map answers it (the server's MAP_TILES …
 * variables, checked at its start-up): an XYZ tile URL template (`{z}/{x}/{y}`, `{s}` for a subdomain).
 */
export interface BasemapConfig {
  tiles: string;
  subdomains: string[];
  crs: BasemapCrs;
  attribution: string | null;
  tileSize: number;
  maxZoom: number;
}

/** `{s}` expanded over the subdomains; a template without `{s}` stays one URL. */
export function expandTiles(template: string, subdomains: readonly string[] = []): string[] {
  if (!template.includes('{s}') || subdomains.length === 0) return [template];
  return subdomains.map((s) => template.replaceAll('{s}', s));
}

/** A basemap's identity: the map is built again (style, sources shifted) only when it changes. */
export function basemapKey(basemap: BasemapConfig | null): string {
  return basemap
    ? JSON.stringify([
        basemap.tiles,
        basemap.subdomains,
        basemap.crs,
        basemap.tileSize,
        basemap.maxZoom,
        basemap.attribution,
      ])
    : 'none';
}

/** How much of the basemap shows through (the rest is the white background). */
export const BASEMAP_OPACITY = 0.5;

/** The map's style: a plain background (no glyphs, no sprites: nothing to fetch), plus the basemap if configured. */
export function baseStyle(basemap: BasemapConfig | null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: LAYER.background, type: 'background', paint: { 'background-color': '#eef1f5' } }],
  };
  if (basemap) {
    style.sources[SOURCE.basemap] = {
      type: 'raster',
      tiles: expandTiles(basemap.tiles, basemap.subdomains),
      tileSize: basemap.tileSize,
      maxzoom: basemap.maxZoom,
      attribution: basemap.attribution ?? undefined,
    };
    // washed out (over a white background) so that boundaries and points stand out
    style.layers[0] = { id: LAYER.background, type: 'background', paint: { 'background-color': '#ffffff' } };
    style.layers.push({
      id: LAYER.basemap,
      type: 'raster',
      source: SOURCE.basemap,
      paint: { 'raster-opacity': BASEMAP_OPACITY },
    });
  }
  return style;
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Boundary layers: an invisible fill (for hit-testing: which villages are in view, clicks and hover
 * later) and an outline. The fill has opacity 0, which MapLibre skips when drawing: a translucent
 * fill over the whole county is a full-screen blended pass in every frame, most of a frame's cost
 * when panning (bench/README.md, `web`). The basemap, if any, is washed out by its own opacity.
 */
export function boundaryLayers(kind: 'village' | 'grid'): [FillLayerSpecification, LineLayerSpecification] {
  const village = kind === 'village';
  const source = village ? SOURCE.villages : SOURCE.grids;
  const minzoom = village ? 0 : GRID_MIN_ZOOM;
  return [
    {
      id: village ? LAYER.villageFill : LAYER.gridFill,
      type: 'fill',
      source,
      minzoom,
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0, 'fill-antialias': false },
    },
    {
      id: village ? LAYER.villageLine : LAYER.gridLine,
      type: 'line',
      source,
      minzoom,
      paint: village
        ? { 'line-color': '#5b6b82', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 14, 2] }
        : { 'line-color': '#69b1ff', 'line-width': 1, 'line-dasharray': [2, 2] },
    },
  ];
}

export function heatmapLayer(): HeatmapLayerSpecification {
  return {
    id: LAYER.heatmap,
    type: 'heatmap',
    source: SOURCE.heat,
    maxzoom: MAX_ZOOM,
    layout: { visibility: 'none' },
    paint: {
      'heatmap-weight': ['match', ['get', 'riskLevel'], 'red', 1, 'yellow', 0.6, 0.3],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 6, 0.6, 15, 2],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 6, 6, 15, 24],
      'heatmap-opacity': 0.8,
    },
  };
}

/** Clusters as circles sized by count (no text: glyphs are not available offline), points by risk. */
export function eventLayers(): [CircleLayerSpecification, CircleLayerSpecification] {
  return [
    {
      id: LAYER.clusters,
      type: 'circle',
      source: SOURCE.events,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': clusterColourExpression(),
        'circle-opacity': 0.75,
        'circle-radius': clusterRadiusExpression(),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYER.points,
      type: 'circle',
      source: SOURCE.events,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': riskColourExpression(),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 4, 16, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
  ];
}

/** Every overlay layer, bottom to top. */
export function overlayLayers(): LayerSpecification[] {
  return [...boundaryLayers('village'), ...boundaryLayers('grid'), heatmapLayer(), ...eventLayers()];
}

/** Which layers a heatmap switch shows: the heatmap instead of clusters and points. */
export function layerVisibility(heatmap: boolean): Record<string, 'visible' | 'none'> {
  return {
    [LAYER.heatmap]: heatmap ? 'visible' : 'none',
    [LAYER.clusters]: heatmap ? 'none' : 'visible',
    [LAYER.points]: heatmap ? 'none' : 'visible',
  };
}

// ---------------------------------------------------------------------------------------------
// Interaction

/** Where a click on a cluster takes the camera: its expansion zoom, at least one level in, within bounds. */
export function clusterZoomTarget(currentZoom: number, expansionZoom: number, maxZoom = MAX_ZOOM): number {
  return Math.min(maxZoom, Math.max(expansionZoom, currentZoom + 1));
}

export type Bounds = [[number, number], [number, number]];

function eachPosition(geometry: Geometry | null, visit: (p: Position) => void): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((ring) => ring.forEach(visit));
      break;
    case 'MultiPolygon':
      geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
      break;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => eachPosition(g, visit));
      break;
  }
}

/** The bounding box of a collection, or null when it has no coordinates. */
export function boundsOf(collection: FeatureCollection): Bounds | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of collection.features) {
    eachPosition(f.geometry, ([x, y]) => {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    });
  }
  return minX === Infinity
    ? null
    : [
        [minX, minY],
        [maxX, maxY],
      ];
}

/**
 * The towns whose grids to load for what is on screen: the parents of the villages in view,
 * minus those loaded already, sorted. Grids come per town, so zooming around a town loads once.
 */
export function townsToLoad(
  visibleVillages: readonly { parentCode?: string | null }[],
  loaded: ReadonlySet<string>,
): string[] {
  const towns = new Set<string>();
  for (const v of visibleVillages) if (v.parentCode && !loaded.has(v.parentCode)) towns.add(v.parentCode);
  return [...towns].sort();
}

// ---------------------------------------------------------------------------------------------
// GCJ-02 (the offset Chinese web maps use; 天地图 is CGCS2000 ≈ WGS-84 and needs none): the
// platform's own transform, shared with the server's intake.

import { wgs84ToGcj02 } from '../../../../core/geo/coord-transform.js';
export { gcj02ToWgs84, wgs84ToGcj02 } from '../../../../core/geo/coord-transform.js';

function mapGeometry(geometry: Geometry | null, f: (p: Position) => Position): Geometry | null {
  if (!geometry) return geometry;
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: f(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((ring) => ring.map(f)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(f))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => mapGeometry(g, f)!) };
  }
}

/**
 * Our data is WGS-84 (CGCS2000). On a GCJ-02 basemap it is shifted into GCJ-02 so that it sits on
 * the tiles; otherwise returned as is.
 */
export function toBasemapCrs<T extends FeatureCollection>(collection: T, crs: BasemapCrs): T {
  if (crs === 'wgs84') return collection;
  const shift = ([x, y, ...rest]: Position): Position => [...wgs84ToGcj02(x, y), ...rest];
  return {
    ...collection,
    features: collection.features.map((feature) => ({ ...feature, geometry: mapGeometry(feature.geometry, shift) })),
  };
}

/**
 * Where the map looks first: the user's boundaries (villages, else grids) once they are loaded;
 * only when the jurisdiction has none drawn, the events; null while something is still loading.
 */
export function initialBounds(
  villages: FeatureCollection | undefined,
  grids: FeatureCollection | undefined | null,
  events: FeatureCollection | undefined,
): Bounds | null {
  if (villages && villages.features.length) return boundsOf(villages);
  if (grids && grids.features.length) return boundsOf(grids);
  if (villages === undefined || grids === undefined) return null;
  return events ? boundsOf(events) : null;
}
