/**
 * Planar geometry for jurisdiction boundaries (辖区边界): the GeoJSON subset we store, its
 * validation, and the point-in-area test that decides which grid (网格) an event belongs to.
 *
 * Coordinates are treated as planar (lng = x, lat = y). At the scale of a county the error of
 * ignoring the earth's curvature is far below the accuracy of the boundaries themselves, and a
 * planar test is what makes the membership decision exact and reproducible.
 */

/** [lng, lat] in degrees. */
export type Position = [number, number];
/** A closed ring: the last position repeats the first. */
export type Ring = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  /** The first ring is the outer boundary, every later ring a hole. */
  coordinates: Ring[];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

/** Seen as a list of polygons, a Polygon is just a MultiPolygon of one. */
function polygonsOf(geom: AreaGeometry): Ring[][] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

export function bboxOf(geom: AreaGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geom)) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) {
        const x = ring[i][0];
        const y = ring[i][1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Signed planar area of a ring (shoelace): positive when counter-clockwise with y pointing up.
 * Coordinates are taken relative to the first position so that small rings far from the origin
 * (a grid at lng 116) do not lose their area to cancellation.
 */
export function ringArea(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  const ox = ring[0][0];
  const oy = ring[0][1];
  let twice = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    twice += (ring[j][0] - ox) * (ring[i][1] - oy) - (ring[i][0] - ox) * (ring[j][1] - oy);
  }
  return twice / 2;
}

/**
 * Area-weighted centroid of the outer rings; holes are ignored because the centroid is used to
 * place a label or a map marker, where "somewhere in the middle of the outline" is what is wanted.
 * Falls back to the bbox centre when the outline has no area (collinear or repeated positions).
 */
export function areaCentroid(geom: AreaGeometry): Position {
  const polygons = polygonsOf(geom);
  const bbox = bboxOf(geom);
  // Relative to a common origin, for the same cancellation reason as in ringArea.
  const ox = bbox[0];
  const oy = bbox[1];
  let weight = 0;
  let sx = 0;
  let sy = 0;
  for (const polygon of polygons) {
    const ring = polygon[0];
    if (!ring || ring.length < 3) continue;
    let twiceArea = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xj = ring[j][0] - ox;
      const yj = ring[j][1] - oy;
      const xi = ring[i][0] - ox;
      const yi = ring[i][1] - oy;
      const cross = xj * yi - xi * yj;
      twiceArea += cross;
      cx += (xj + xi) * cross;
      cy += (yj + yi) * cross;
    }
    if (twiceArea === 0) continue;
    // The ring centroid is (cx, cy) / (3 * twiceArea) whatever the winding; weight it by |area|.
    const area = Math.abs(twiceArea) / 2;
    sx += (cx / (3 * twiceArea)) * area;
    sy += (cy / (3 * twiceArea)) * area;
    weight += area;
  }
  if (!(weight > 0) || !Number.isFinite(sx) || !Number.isFinite(sy)) {
    return [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  }
  return [ox + sx / weight, oy + sy / weight];
}

// ---------------------------------------------------------------------------------------------
// Point in area
//
// The edge test below is written so that two areas sharing an edge make the *same* floating-point
// decision about a point near it: each edge is evaluated from its lower to its upper endpoint,
// whichever ring it belongs to and whichever way that ring winds. A point is then on exactly one
// side of a shared edge (it belongs to exactly one of two neighbouring grids), or the computed
// cross product is exactly zero and it is on the boundary of both — there is no sliver of the
// plane that falls between two grids or inside both because of rounding.
// ---------------------------------------------------------------------------------------------

const OUTSIDE = 0;
const INSIDE = 1;
const BOUNDARY = 2;

/**
 * Classifies one edge (ax, ay)-(bx, by) against a rightward ray from (px, py).
 * Returns BOUNDARY if the point is on the edge, 1 if the ray crosses it, 0 otherwise.
 * Rings are closed, so every vertex is the start of some edge, and the vertex check here catches
 * points on vertices that the crossing rule (half-open in y) would not see.
 */
function classifyEdge(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  if (px === ax && py === ay) return BOUNDARY;
  if (ay > py !== by > py) {
    // Canonical orientation: from the lower endpoint to the upper one.
    let x0 = ax;
    let y0 = ay;
    let x1 = bx;
    let y1 = by;
    if (ay > by) {
      x0 = bx;
      y0 = by;
      x1 = ax;
      y1 = ay;
    }
    // > 0: the point is left of the upward edge, so the ray to +x crosses it.
    const cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0);
    if (cross === 0) return BOUNDARY;
    return cross > 0 ? 1 : 0;
  }
  // A horizontal edge at the ray's height is never crossed, but the point may lie on it.
  if (ay === py && by === py && (ax <= px ? px <= bx : px >= bx)) return BOUNDARY;
  return 0;
}

/** OUTSIDE, INSIDE or BOUNDARY for one polygon given as rings (outer first, then holes). */
function classifyPolygon(px: number, py: number, polygon: Ring[]): number {
  let crossings = 0;
  for (let r = 0; r < polygon.length; r++) {
    const ring = polygon[r];
    for (let i = 0, n = ring.length - 1; i < n; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      const c = classifyEdge(px, py, a[0], a[1], b[0], b[1]);
      if (c === BOUNDARY) return BOUNDARY;
      crossings += c;
    }
  }
  return crossings & 1 ? INSIDE : OUTSIDE;
}

/**
 * Whether the point is in the area. Even-odd over each polygon's rings, so holes are excluded;
 * the boundary — outer edges, vertices and the edges of holes — belongs to the area, because an
 * event reported on a boundary line must still land in some grid.
 */
export function pointInGeometry(point: Position, geom: AreaGeometry): boolean {
  const px = point[0];
  const py = point[1];
  if (geom.type === 'Polygon') return classifyPolygon(px, py, geom.coordinates) !== OUTSIDE;
  const polygons = geom.coordinates;
  for (let p = 0; p < polygons.length; p++) {
    if (classifyPolygon(px, py, polygons[p]) !== OUTSIDE) return true;
  }
  return false;
}

/**
 * An area packed into typed arrays for the router's hot path: coordinates interleaved
 * (x0, y0, x1, y1, …) with each ring stored closed, as in the source.
 */
export interface FlatGeometry {
  coords: Float64Array;
  /** ringStarts[r] is the index (in positions) of ring r's first position; one extra entry ends the last ring. */
  ringStarts: Uint32Array;
  /** polygonStarts[p] is the index of polygon p's outer ring; one extra entry ends the last polygon. */
  polygonStarts: Uint32Array;
}

export function flattenGeometry(geom: AreaGeometry): FlatGeometry {
  const polygons = polygonsOf(geom);
  let positions = 0;
  let rings = 0;
  for (const polygon of polygons) {
    rings += polygon.length;
    for (const ring of polygon) positions += ring.length;
  }
  const coords = new Float64Array(positions * 2);
  const ringStarts = new Uint32Array(rings + 1);
  const polygonStarts = new Uint32Array(polygons.length + 1);
  let pos = 0;
  let r = 0;
  for (let p = 0; p < polygons.length; p++) {
    polygonStarts[p] = r;
    for (const ring of polygons[p]) {
      ringStarts[r++] = pos;
      for (const position of ring) {
        coords[pos * 2] = position[0];
        coords[pos * 2 + 1] = position[1];
        pos++;
      }
    }
  }
  ringStarts[r] = pos;
  polygonStarts[polygons.length] = r;
  return { coords, ringStarts, polygonStarts };
}

/** Same decision as pointInGeometry, over the packed form and without allocating. */
export function pointInFlatGeometry(px: number, py: number, flat: FlatGeometry): boolean {
  const { coords, ringStarts, polygonStarts } = flat;
  const polygonCount = polygonStarts.length - 1;
  for (let p = 0; p < polygonCount; p++) {
    let crossings = 0;
    let boundary = false;
    const ringEnd = polygonStarts[p + 1];
    for (let r = polygonStarts[p]; r < ringEnd && !boundary; r++) {
      const last = ringStarts[r + 1] - 1;
      for (let i = ringStarts[r]; i < last; i++) {
        const c = classifyEdge(px, py, coords[i * 2], coords[i * 2 + 1], coords[i * 2 + 2], coords[i * 2 + 3]);
        if (c === BOUNDARY) {
          boundary = true;
          break;
        }
        crossings += c;
      }
    }
    if (boundary || crossings & 1) return true;
  }
  return false;
}

/**
 * The distance in metres from a point outside an area to the area's nearest edge (0 inside or on
 * it). Over the short distances a tolerance is about, an equirectangular projection around the point
 * is exact enough (well under 1 % within tens of kilometres).
 */
export function distanceToFlatGeometryMeters(px: number, py: number, flat: FlatGeometry): number {
  if (pointInFlatGeometry(px, py, flat)) return 0;
  const metresPerDegree = 111_195; // mean Earth radius × π / 180
  const kx = metresPerDegree * Math.cos((py * Math.PI) / 180);
  const ky = metresPerDegree;
  const { coords, ringStarts } = flat;
  let best = Infinity;
  for (let r = 0; r < ringStarts.length - 1; r++) {
    const last = ringStarts[r + 1] - 1;
    for (let i = ringStarts[r]; i < last; i++) {
      const ax = (coords[i * 2] - px) * kx;
      const ay = (coords[i * 2 + 1] - py) * ky;
      const bx = (coords[i * 2 + 2] - px) * kx;
      const by = (coords[i * 2 + 3] - py) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      const cx = ax + t * dx;
      const cy = ay + t * dy;
      best = Math.min(best, Math.sqrt(cx * cx + cy * cy));
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export type GeometryValidation = { ok: true; geometry: AreaGeometry } | { ok: false; reason: string };

/**
 * Checks an untrusted value (an uploaded GeoJSON geometry) and returns a clean copy holding only
 * what we use. A third coordinate (altitude), which some GIS exports carry, is accepted and
 * dropped. Rings must already be closed: silently closing them would hide truncated files.
 */
export function validateAreaGeometry(value: unknown): GeometryValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'geometry must be an object' };
  }
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return { ok: false, reason: 'geometry type must be Polygon or MultiPolygon' };
  }
  if (!Array.isArray(coordinates)) return { ok: false, reason: 'coordinates must be an array' };

  if (type === 'Polygon') {
    const polygon = validatePolygon(coordinates);
    return typeof polygon === 'string'
      ? { ok: false, reason: polygon }
      : { ok: true, geometry: { type: 'Polygon', coordinates: polygon } };
  }
  if (coordinates.length === 0) return { ok: false, reason: 'multipolygon has no polygons' };
  const polygons: Ring[][] = [];
  for (const candidate of coordinates) {
    if (!Array.isArray(candidate)) return { ok: false, reason: 'polygon must be an array of rings' };
    const polygon = validatePolygon(candidate);
    if (typeof polygon === 'string') return { ok: false, reason: polygon };
    polygons.push(polygon);
  }
  return { ok: true, geometry: { type: 'MultiPolygon', coordinates: polygons } };
}

/** The rings, or the reason they are unacceptable. */
function validatePolygon(rings: unknown[]): Ring[] | string {
  if (rings.length === 0) return 'polygon has no rings';
  const result: Ring[] = [];
  for (const candidate of rings) {
    if (!Array.isArray(candidate)) return 'ring must be an array of positions';
    if (candidate.length < 4) return 'ring has fewer than 4 positions';
    const ring: Ring = [];
    for (const position of candidate) {
      if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
        return 'position must be [lng, lat]';
      }
      const lng: unknown = position[0];
      const lat: unknown = position[1];
      if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
        return 'coordinate is not a finite number';
      }
      if (position.length === 3 && (typeof position[2] !== 'number' || !Number.isFinite(position[2]))) {
        return 'coordinate is not a finite number';
      }
      if (lng < -180 || lng > 180) return 'longitude out of range';
      if (lat < -90 || lat > 90) return 'latitude out of range';
      ring.push([lng, lat]);
    }
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return 'ring not closed';
    result.push(ring);
  }
  return result;
}
