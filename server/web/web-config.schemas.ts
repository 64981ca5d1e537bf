/**
 * GET /api/config/map's answer: the installation's basemap (MAP_TILES …, server/config.ts's
 * MapTilesConfig), or null for none. Only typebox and the schema primitives are imported, so the web
 * app may `import type` from here.
 */
import { Type, type Static } from 'typebox';
import { Nullable, literalUnion } from '../http/schema-primitives.js';

export const Basemap = Type.Object({
  /** XYZ URL template: `{z}`, `{x}`, `{y}` (or `{quadkey}`), `{s}` for a subdomain. */
  tiles: Type.String(),
  subdomains: Type.Array(Type.String()),
  /** The tiles' coordinates: WGS-84/CGCS2000 (天地图, OSM) or GCJ-02 (AMap, Tencent). */
  crs: literalUnion(['wgs84', 'gcj02']),
  attribution: Nullable(Type.String()),
  maxZoom: Type.Integer(),
  tileSize: Type.Union([Type.Literal(256), Type.Literal(512)]),
});
export type Basemap = Static<typeof Basemap>;

export const MapConfig = Type.Object({ basemap: Nullable(Basemap) });
export type MapConfig = Static<typeof MapConfig>;
