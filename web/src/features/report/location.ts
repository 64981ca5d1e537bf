/**
 * Where a report happened, and where it came from: the phone's GPS (with its accuracy), a point
 * tapped on the small map, or a named place when no position can be had — the worker's own grid
 * (or village/town: the area they are bound to), or, for a citizen, the town or village chosen in
 * the public place list (GET /api/public/places) together with the address. The server
 * takes either a `location` or a `jurisdictionCode` (server/events/event.schemas.ts): a named
 * place is dispatched to exactly that place's people (`named_jurisdiction`), without inventing
 * coordinates — a grid's centroid can fall outside a concave grid and would show on the map as if
 * it had been measured.
 */

/** Above this many metres the GPS is too imprecise to place a report in a grid by itself. */
export const IMPRECISE_METRES = 200;

export interface GpsFix {
  lng: number;
  lat: number;
  accuracy: number;
}

/** A place named by its division code (the dispatch goes to it). */
export interface NamedArea {
  code: string;
  name: string;
  level: 'county' | 'town' | 'village' | 'grid';
}

export type LocationSource = 'gps' | 'area' | 'map';

export type LocationChoice =
  | { source: 'gps'; fix: GpsFix }
  | { source: 'area'; area: NamedArea }
  | { source: 'map'; lng: number; lat: number; crs: 'wgs84' | 'gcj02' };

export type GeoState =
  { status: 'idle' | 'locating' } | { status: 'ok'; position: GpsFix } | { status: 'error'; message: string };

export function isImprecise(fix: GpsFix): boolean {
  return !(fix.accuracy <= IMPRECISE_METRES);
}

/**
 * The source used when the person has not chosen one: a precise GPS fix; else the named area;
 * else a point tapped on the map; else an imprecise fix (better than nothing); else — when a place
 * can be picked (the citizen's list) and the GPS has failed — the picker, still empty; else none.
 */
export function defaultSource(
  geo: GeoState,
  area: NamedArea | null,
  mapPoint: { lng: number; lat: number } | null,
  areaPickable = false,
): LocationSource | null {
  if (geo.status === 'ok' && !isImprecise(geo.position)) return 'gps';
  if (area) return 'area';
  if (mapPoint) return 'map';
  if (geo.status === 'ok') return 'gps';
  if (areaPickable && geo.status === 'error') return 'area';
  return null;
}

/** The location that will be sent for a source, or null when that source has nothing yet. */
export function chosenLocation(
  source: LocationSource | null,
  geo: GeoState,
  area: NamedArea | null,
  mapPoint: { lng: number; lat: number; crs: 'wgs84' | 'gcj02' } | null,
): LocationChoice | null {
  if (source === 'gps' && geo.status === 'ok') return { source: 'gps', fix: geo.position };
  if (source === 'area' && area) return { source: 'area', area };
  if (source === 'map' && mapPoint) return { source: 'map', ...mapPoint };
  return null;
}

/** The fields of the report body for a choice: a `location` or a `jurisdictionCode`, never both. */
export function locationFields(
  choice: LocationChoice,
): { location: { lng: number; lat: number; crs: 'wgs84' | 'gcj02' } } | { jurisdictionCode: string } {
  switch (choice.source) {
    case 'gps':
      return { location: { lng: round(choice.fix.lng), lat: round(choice.fix.lat), crs: 'wgs84' } };
    case 'map':
      return { location: { lng: round(choice.lng), lat: round(choice.lat), crs: choice.crs } };
    case 'area':
      return { jurisdictionCode: choice.area.code };
  }
}

/** Six decimals: about 0.1 m, more than any phone measures. */
function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
