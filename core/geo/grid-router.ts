/**
 * 网格定位: locate a point in its grid. Every event reported with a location is dispatched to the
 * grid (网格) that contains it, or — where grid coverage has gaps — to the smallest enclosing
 * jurisdiction (辖区) above it. The router is built once from the stored boundaries and then
 * answers lookups without touching the database.
 *
 * One static R-tree (flatbush) per level narrows the search to areas whose bounding box holds the
 * point; the exact point-in-polygon test then runs only on those few candidates.
 */
import Flatbush from 'flatbush';
import {
  type AreaGeometry,
  type FlatGeometry,
  bboxOf,
  distanceToFlatGeometryMeters,
  flattenGeometry,
  pointInFlatGeometry,
  pointInGeometry,
  validateAreaGeometry,
} from './geometry.js';
import { boxAround } from './distance.js';

export interface RoutableArea {
  code: string;
  level: 'county' | 'town' | 'village' | 'grid';
  geometry: AreaGeometry;
}

/** The smallest enclosing area. */
export interface RouteResult {
  code: string;
  level: RoutableArea['level'];
}

/** Smallest first: the order in which locate() falls back. */
const FALLBACK_ORDER: readonly RoutableArea['level'][] = ['grid', 'village', 'town', 'county'];

interface LevelIndex {
  tree: Flatbush;
  /** Sorted by code, so that a smaller item id means a smaller code (the tie-break). */
  codes: string[];
  flats: FlatGeometry[];
}

/**
 * A point on the shared boundary of two areas of one level is inside both; the smallest code
 * wins so that the same report always goes to the same grid, whatever order the areas were
 * loaded in. Plain code-unit comparison, not localeCompare, so the result cannot depend on the
 * runtime's locale.
 */
function codeLess(a: string, b: string): boolean {
  return a < b;
}

export class GridRouter {
  readonly size: number;
  private readonly levels: ReadonlyMap<RoutableArea['level'], LevelIndex>;

  private constructor(levels: Map<RoutableArea['level'], LevelIndex>, size: number) {
    this.levels = levels;
    this.size = size;
  }

  /**
   * Throws on a duplicate code, an unknown level or an invalid geometry: the areas come from
   * stored, already validated boundaries, so any of these is a bug upstream, not user input.
   */
  static build(areas: RoutableArea[]): GridRouter {
    const seen = new Set<string>();
    const byLevel = new Map<RoutableArea['level'], RoutableArea[]>();
    for (const area of areas) {
      if (seen.has(area.code)) throw new Error(`GridRouter: duplicate area code ${area.code}`);
      seen.add(area.code);
      if (!FALLBACK_ORDER.includes(area.level)) {
        throw new Error(`GridRouter: area ${area.code} has unknown level ${String(area.level)}`);
      }
      const checked = validateAreaGeometry(area.geometry);
      if (!checked.ok) throw new Error(`GridRouter: area ${area.code} has an invalid geometry: ${checked.reason}`);
      const list = byLevel.get(area.level) ?? [];
      list.push({ code: area.code, level: area.level, geometry: checked.geometry });
      byLevel.set(area.level, list);
    }

    const levels = new Map<RoutableArea['level'], LevelIndex>();
    for (const [level, list] of byLevel) {
      list.sort((a, b) => (codeLess(a.code, b.code) ? -1 : codeLess(b.code, a.code) ? 1 : 0));
      const tree = new Flatbush(list.length);
      for (const area of list) {
        const [minX, minY, maxX, maxY] = bboxOf(area.geometry);
        tree.add(minX, minY, maxX, maxY);
      }
      tree.finish();
      levels.set(level, {
        tree,
        codes: list.map((area) => area.code),
        flats: list.map((area) => flattenGeometry(area.geometry)),
      });
    }
    return new GridRouter(levels, areas.length);
  }

  /** The grid containing the point, or null. */
  locateGrid(lng: number, lat: number): string | null {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    const index = this.levels.get('grid');
    if (!index) return null;
    const found = findIn(index, lng, lat);
    return found < 0 ? null : index.codes[found];
  }

  /** The smallest enclosing area: a grid if any contains it, else village, else town, else county; null if outside all. */
  locate(lng: number, lat: number): RouteResult | null {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    for (const level of FALLBACK_ORDER) {
      const index = this.levels.get(level);
      if (!index) continue;
      const found = findIn(index, lng, lat);
      if (found >= 0) return { code: index.codes[found], level };
    }
    return null;
  }

  /**
   * Whether the point lies inside the outermost areas known (the county, or failing that the
   * towns …) or within `toleranceMeters` of one: a phone's fix a little over the county line still
   * belongs to the county; (0, 0) — no fix at all — does not.
   */
  isWithinReach(lng: number, lat: number, toleranceMeters: number): boolean {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return false;
    for (const level of [...FALLBACK_ORDER].reverse()) {
      const index = this.levels.get(level);
      if (!index) continue;
      const box = boxAround(lng, lat, toleranceMeters);
      for (const id of index.tree.search(box.minLng, box.minLat, box.maxLng, box.maxLat)) {
        if (distanceToFlatGeometryMeters(lng, lat, index.flats[id]) <= toleranceMeters) return true;
      }
      return false;
    }
    return false;
  }
}

/** Item id of the smallest-coded area of this level containing the point, or -1. */
function findIn(index: LevelIndex, x: number, y: number): number {
  // The R-tree reports boxes that merely touch the point too, which is what we need for points on
  // a boundary.
  const candidates = index.tree.search(x, y, x, y);
  let best = -1;
  for (let i = 0; i < candidates.length; i++) {
    const id = candidates[i];
    if (best >= 0 && id > best) continue; // cannot win the tie-break; skip the exact test
    if (pointInFlatGeometry(x, y, index.flats[id])) best = id;
  }
  return best;
}

/**
 * The grid containing the point by testing every grid in turn, with the same tie-break. It is
 * the baseline the router is benchmarked against and the oracle its tests compare with; it uses
 * the nested-array point test rather than the packed one, so the two paths check each other.
 */
export function bruteForceLocateGrid(areas: readonly RoutableArea[], lng: number, lat: number): string | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  const point: [number, number] = [lng, lat];
  let best: string | null = null;
  for (const area of areas) {
    if (area.level !== 'grid') continue;
    if (best !== null && !codeLess(area.code, best)) continue;
    if (pointInGeometry(point, area.geometry)) best = area.code;
  }
  return best;
}
