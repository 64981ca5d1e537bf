import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  type AreaGeometry,
  type MultiPolygonGeometry,
  type PolygonGeometry,
  type Position,
  type Ring,
  areaCentroid,
  bboxOf,
  flattenGeometry,
  pointInFlatGeometry,
  pointInGeometry,
  ringArea,
  validateAreaGeometry,
} from './geometry.js';

function polygon(...rings: Ring[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: rings };
}

/** A closed rectangle ring, counter-clockwise. */
function rect(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/** Both implementations must agree everywhere; the tests check them together. */
function inside(point: Position, geom: AreaGeometry): boolean {
  const nested = pointInGeometry(point, geom);
  const flat = pointInFlatGeometry(point[0], point[1], flattenGeometry(geom));
  expect(flat, `flat and nested disagree at ${point}`).toBe(nested);
  return nested;
}

const square = polygon(rect(0, 0, 10, 10));

describe('pointInGeometry on a simple polygon', () => {
  it('separates inside from outside', () => {
    expect(inside([5, 5], square)).toBe(true);
    expect(inside([0.001, 9.999], square)).toBe(true);
    expect(inside([-1, 5], square)).toBe(false);
    expect(inside([11, 5], square)).toBe(false);
    expect(inside([5, -0.001], square)).toBe(false);
    expect(inside([5, 10.001], square)).toBe(false);
    expect(inside([100, 100], square)).toBe(false);
  });

  it('counts every edge and vertex as inside', () => {
    for (const p of [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ] as Position[]) {
      expect(inside(p, square), `at ${p}`).toBe(true);
    }
  });

  it('does not extend an edge beyond its endpoints', () => {
    // On the lines carrying the edges, but past the corners.
    expect(inside([-1, 0], square)).toBe(false);
    expect(inside([11, 0], square)).toBe(false);
    expect(inside([0, -1], square)).toBe(false);
    expect(inside([10, 11], square)).toBe(false);
  });

  it('treats the smallest step off the boundary as outside', () => {
    const justLeft = 0 - Number.MIN_VALUE;
    const justAbove = 10 + 2 * Number.EPSILON * 10;
    expect(inside([justLeft, 5], square)).toBe(false);
    expect(inside([5, justAbove], square)).toBe(false);
  });

  it('handles slanted edges exactly', () => {
    const triangle = polygon([
      [0, 0],
      [4, 0],
      [0, 4],
      [0, 0],
    ]);
    expect(inside([2, 2], triangle)).toBe(true); // on the hypotenuse
    expect(inside([1, 3], triangle)).toBe(true);
    expect(inside([1, 1], triangle)).toBe(true);
    expect(inside([2.5, 2], triangle)).toBe(false);
    expect(inside([4, 0], triangle)).toBe(true);
    expect(inside([0, 4], triangle)).toBe(true);
  });

  it('does not depend on the winding direction', () => {
    const clockwise = polygon([...rect(0, 0, 10, 10)].reverse());
    for (const p of [
      [5, 5],
      [0, 5],
      [10, 10],
      [-1, 5],
      [5, 11],
    ] as Position[]) {
      expect(inside(p, clockwise), `at ${p}`).toBe(inside(p, square));
    }
  });

  it('returns false for non-finite points', () => {
    expect(inside([NaN, 5], square)).toBe(false);
    expect(inside([5, NaN], square)).toBe(false);
    expect(inside([Infinity, 5], square)).toBe(false);
  });
});

describe('pointInGeometry on a concave polygon', () => {
  // A "U": two arms from y=0 to y=10, joined along the bottom up to y=3; the notch is x in (3,7), y > 3.
  const u = polygon([
    [0, 0],
    [10, 0],
    [10, 10],
    [7, 10],
    [7, 3],
    [3, 3],
    [3, 10],
    [0, 10],
    [0, 0],
  ]);

  it('excludes the notch and includes both arms', () => {
    expect(inside([5, 5], u)).toBe(false);
    expect(inside([5, 9.9], u)).toBe(false);
    expect(inside([1.5, 8], u)).toBe(true);
    expect(inside([8.5, 8], u)).toBe(true);
    expect(inside([5, 1], u)).toBe(true);
  });

  it('counts the notch edges and reflex vertices as inside', () => {
    expect(inside([5, 3], u)).toBe(true);
    expect(inside([3, 6], u)).toBe(true);
    expect(inside([7, 6], u)).toBe(true);
    expect(inside([3, 3], u)).toBe(true);
    expect(inside([7, 3], u)).toBe(true);
  });

  it('is not fooled by a ray passing exactly through vertices', () => {
    // The ray from (1, 3) runs along the notch's bottom edge and through two vertices.
    expect(inside([1, 3], u)).toBe(true);
    expect(inside([-1, 3], u)).toBe(false);
    // The ray from (5, 10) runs through the top vertices of the arms.
    expect(inside([5, 10], u)).toBe(false);
    expect(inside([-1, 10], u)).toBe(false);
    expect(inside([1, 10], u)).toBe(true);
    // A zigzag whose spikes sit exactly at the query's height.
    const zigzag = polygon([
      [0, 0],
      [10, 0],
      [10, 4],
      [8, 2],
      [6, 4],
      [4, 2],
      [2, 4],
      [0, 4],
      [0, 0],
    ]);
    expect(inside([1, 2], zigzag)).toBe(true);
    expect(inside([-1, 2], zigzag)).toBe(false);
    expect(inside([5, 3.5], zigzag)).toBe(false);
    expect(inside([5, 2.5], zigzag)).toBe(true);
    expect(inside([11, 4], zigzag)).toBe(false);
    expect(inside([3, 4], zigzag)).toBe(false);
    expect(inside([1, 4], zigzag)).toBe(true);
  });
});

describe('pointInGeometry with holes', () => {
  const withHole = polygon(rect(0, 0, 10, 10), rect(3, 3, 7, 7));

  it('excludes the inside of a hole', () => {
    expect(inside([5, 5], withHole)).toBe(false);
    expect(inside([3.5, 6.5], withHole)).toBe(false);
  });

  it('includes the ring between the outer boundary and the hole', () => {
    expect(inside([1, 5], withHole)).toBe(true);
    expect(inside([8, 8], withHole)).toBe(true);
  });

  it('counts the edges and vertices of a hole as inside', () => {
    expect(inside([3, 5], withHole)).toBe(true);
    expect(inside([5, 7], withHole)).toBe(true);
    expect(inside([7, 3], withHole)).toBe(true);
    expect(inside([3, 3], withHole)).toBe(true);
  });

  it('handles several holes and either winding of a hole', () => {
    const twoHoles = polygon(rect(0, 0, 10, 10), rect(1, 1, 3, 3), [...rect(6, 6, 9, 9)].reverse());
    expect(inside([2, 2], twoHoles)).toBe(false);
    expect(inside([7, 7], twoHoles)).toBe(false);
    expect(inside([5, 5], twoHoles)).toBe(true);
    expect(inside([9, 7], twoHoles)).toBe(true);
  });
});

describe('pointInGeometry on a MultiPolygon', () => {
  const multi: MultiPolygonGeometry = {
    type: 'MultiPolygon',
    coordinates: [[rect(0, 0, 2, 2)], [rect(5, 0, 9, 4), rect(6, 1, 8, 3)]],
  };

  it('is inside when inside any part, honouring each part’s holes', () => {
    expect(inside([1, 1], multi)).toBe(true);
    expect(inside([5.5, 2], multi)).toBe(true);
    expect(inside([7, 2], multi)).toBe(false); // the second part's hole
    expect(inside([3.5, 1], multi)).toBe(false); // between the parts
    expect(inside([2, 1], multi)).toBe(true); // edge of the first part
    expect(inside([6, 2], multi)).toBe(true); // edge of the hole
    expect(inside([20, 1], multi)).toBe(false);
  });

  it('includes a point on an edge shared by two parts', () => {
    const adjacent: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[rect(0, 0, 1, 1)], [rect(1, 0, 2, 1)]],
    };
    expect(inside([1, 0.5], adjacent)).toBe(true);
    expect(inside([0.5, 0.5], adjacent)).toBe(true);
    expect(inside([1.5, 0.5], adjacent)).toBe(true);
  });
});

describe('pointInGeometry properties', () => {
  it('matches an independent rectangle-with-hole oracle on an integer lattice (many boundary hits)', () => {
    const coordinate = fc.integer({ min: -2, max: 22 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 12, max: 20 }),
        fc.integer({ min: 12, max: 20 }),
        coordinate,
        coordinate,
        (x0, y0, x1, y1, px, py) => {
          const hx0 = x0 + 2;
          const hy0 = y0 + 2;
          const hx1 = x1 - 2;
          const hy1 = y1 - 2;
          const geom = polygon(rect(x0, y0, x1, y1), rect(hx0, hy0, hx1, hy1));
          const inOuter = px >= x0 && px <= x1 && py >= y0 && py <= y1;
          const inHoleInterior = px > hx0 && px < hx1 && py > hy0 && py < hy1;
          expect(inside([px, py], geom)).toBe(inOuter && !inHoleInterior);
        },
      ),
    );
  });

  it('decides points a hair from a slanted shared edge consistently: no gaps, and the same whatever the winding', () => {
    // A quadrilateral cut along an irregular diagonal into two polygons that share the cut. Points
    // within a few ulps of the cut are where an orientation-dependent edge test rounds one way for
    // one polygon and the other way for its neighbour (which walks the cut in the opposite
    // direction); such slips are rare, hence many points.
    const a: Position = [116.30123, 39.90017];
    const b: Position = [116.31391, 39.90242];
    const c: Position = [116.31178, 39.91377];
    const d: Position = [116.29911, 39.90999];
    const left = polygon([a, b, d, a]);
    const right = polygon([b, c, d, b]);
    const leftFlat = flattenGeometry(left);
    const rightFlat = flattenGeometry(right);
    const leftReversed = polygon([a, d, b, a]);
    const rightReversed = polygon([d, c, b, d]);
    const ulp = 2 ** -46; // spacing of doubles between 64 and 128
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let gaps = 0;
    let mismatches = 0;
    let windingDependent = 0;
    for (let k = 0; k < 1_000_000; k++) {
      // Away from the cut's ends, so that a few ulps of nudge stay inside the whole.
      const t = 0.01 + 0.98 * next();
      const p: Position = [b[0] + t * (d[0] - b[0]) + (Math.floor(next() * 9) - 4) * ulp, b[1] + t * (d[1] - b[1])];
      const inLeft = pointInGeometry(p, left);
      const inRight = pointInGeometry(p, right);
      if (!inLeft && !inRight) gaps++;
      if (inLeft !== pointInGeometry(p, leftReversed) || inRight !== pointInGeometry(p, rightReversed))
        windingDependent++;
      if (
        inLeft !== pointInFlatGeometry(p[0], p[1], leftFlat) ||
        inRight !== pointInFlatGeometry(p[0], p[1], rightFlat)
      )
        mismatches++;
    }
    expect(gaps).toBe(0);
    expect(mismatches).toBe(0);
    expect(windingDependent).toBe(0);
  });
});

describe('bboxOf', () => {
  it('covers every ring of every polygon', () => {
    expect(bboxOf(polygon(rect(1, 2, 3, 4)))).toEqual([1, 2, 3, 4]);
    expect(
      bboxOf({
        type: 'MultiPolygon',
        coordinates: [[rect(1, 2, 3, 4)], [rect(-5, 0, -4, 9)]],
      }),
    ).toEqual([-5, 0, 3, 9]);
  });
});

describe('ringArea', () => {
  it('is signed by winding', () => {
    expect(ringArea(rect(0, 0, 2, 3))).toBe(6);
    expect(ringArea([...rect(0, 0, 2, 3)].reverse())).toBe(-6);
  });

  it('keeps its precision for small rings far from the origin', () => {
    const ring = rect(116.3, 39.9, 116.3001, 39.9001);
    expect(ringArea(ring)).toBeCloseTo(1e-8, 15);
  });

  it('is zero for a degenerate ring', () => {
    expect(
      ringArea([
        [0, 0],
        [1, 1],
        [2, 2],
        [0, 0],
      ]),
    ).toBe(0);
  });
});

describe('areaCentroid', () => {
  it('is the middle of a rectangle, whatever its winding', () => {
    expect(areaCentroid(polygon(rect(0, 0, 4, 2)))).toEqual([2, 1]);
    const [x, y] = areaCentroid(polygon([...rect(116.3, 39.9, 116.32, 39.92)].reverse()));
    expect(x).toBeCloseTo(116.31, 10);
    expect(y).toBeCloseTo(39.91, 10);
  });

  it('weights the parts of a MultiPolygon by area', () => {
    const [x, y] = areaCentroid({
      type: 'MultiPolygon',
      coordinates: [[rect(0, 0, 1, 1)], [rect(10, 0, 12, 2)]],
    });
    expect(x).toBeCloseTo((0.5 * 1 + 11 * 4) / 5, 12);
    expect(y).toBeCloseTo((0.5 * 1 + 1 * 4) / 5, 12);
  });

  it('finds the area centroid of a concave polygon, not the vertex average', () => {
    // An L: a 2×1 bar along the bottom plus a 1×1 square on its left end.
    const l = polygon([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ]);
    const [x, y] = areaCentroid(l);
    expect(x).toBeCloseTo((1 * 2 + 0.5 * 1) / 3, 12);
    expect(y).toBeCloseTo((0.5 * 2 + 1.5 * 1) / 3, 12);
  });

  it('ignores holes', () => {
    expect(areaCentroid(polygon(rect(0, 0, 4, 4), rect(0.5, 0.5, 1.5, 1.5)))).toEqual([2, 2]);
  });

  it('falls back to the bbox centre for a polygon without area', () => {
    const flat = polygon([
      [0, 0],
      [2, 2],
      [4, 4],
      [0, 0],
    ]);
    expect(areaCentroid(flat)).toEqual([2, 2]);
  });
});

describe('validateAreaGeometry', () => {
  function reason(value: unknown): string {
    const result = validateAreaGeometry(value);
    if (result.ok) throw new Error('expected a failure');
    return result.reason;
  }

  it('accepts a Polygon and a MultiPolygon and returns a clean copy', () => {
    const input = { type: 'Polygon', coordinates: [rect(116.3, 39.9, 116.4, 40)], bbox: [0, 0, 0, 0], extra: 1 };
    const result = validateAreaGeometry(input);
    expect(result).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: [rect(116.3, 39.9, 116.4, 40)] } });
    if (result.ok) expect(result.geometry.coordinates).not.toBe(input.coordinates);

    const multi = validateAreaGeometry({
      type: 'MultiPolygon',
      coordinates: [[rect(0, 0, 1, 1)], [rect(2, 2, 3, 3), rect(2.2, 2.2, 2.5, 2.5)]],
    });
    expect(multi.ok).toBe(true);
  });

  it('accepts the extreme longitudes and latitudes', () => {
    expect(validateAreaGeometry(polygon(rect(-180, -90, 180, 90))).ok).toBe(true);
  });

  it('drops a third (altitude) coordinate', () => {
    const ring = rect(0, 0, 1, 1).map(([x, y]) => [x, y, 42]);
    expect(validateAreaGeometry({ type: 'Polygon', coordinates: [ring] })).toEqual({
      ok: true,
      geometry: polygon(rect(0, 0, 1, 1)),
    });
  });

  it('rejects what is not a polygon geometry', () => {
    expect(reason(null)).toBe('geometry must be an object');
    expect(reason('Polygon')).toBe('geometry must be an object');
    expect(reason([rect(0, 0, 1, 1)])).toBe('geometry must be an object');
    expect(reason({ type: 'Point', coordinates: [1, 2] })).toBe('geometry type must be Polygon or MultiPolygon');
    expect(reason({ coordinates: [rect(0, 0, 1, 1)] })).toBe('geometry type must be Polygon or MultiPolygon');
    expect(reason({ type: 'Polygon' })).toBe('coordinates must be an array');
    expect(reason({ type: 'Polygon', coordinates: [] })).toBe('polygon has no rings');
    expect(reason({ type: 'MultiPolygon', coordinates: [] })).toBe('multipolygon has no polygons');
    expect(reason({ type: 'MultiPolygon', coordinates: [[]] })).toBe('polygon has no rings');
    expect(reason({ type: 'MultiPolygon', coordinates: [5] })).toBe('polygon must be an array of rings');
    expect(reason({ type: 'MultiPolygon', coordinates: rect(0, 0, 1, 1) })).toBe('ring must be an array of positions');
    expect(reason({ type: 'Polygon', coordinates: [5] })).toBe('ring must be an array of positions');
  });

  it('rejects short, open and malformed rings', () => {
    expect(
      reason(
        polygon([
          [0, 0],
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toBe('ring has fewer than 4 positions');
    expect(
      reason(
        polygon([
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toBe('ring not closed');
    // Only the hole is open.
    expect(reason(polygon(rect(0, 0, 10, 10), rect(2, 2, 3, 3).slice(0, 4)))).toBe('ring not closed');
    const bad = (p: unknown) => ({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], p, [0, 0]]] });
    expect(reason(bad([1]))).toBe('position must be [lng, lat]');
    expect(reason(bad([1, 1, 1, 1]))).toBe('position must be [lng, lat]');
    expect(reason(bad('1,1'))).toBe('position must be [lng, lat]');
    expect(reason(bad([NaN, 1]))).toBe('coordinate is not a finite number');
    expect(reason(bad([1, Infinity]))).toBe('coordinate is not a finite number');
    expect(reason(bad(['1', 1]))).toBe('coordinate is not a finite number');
    expect(reason(bad([1, 1, 'high']))).toBe('coordinate is not a finite number');
    expect(reason(bad([180.5, 1]))).toBe('longitude out of range');
    expect(reason(bad([-181, 1]))).toBe('longitude out of range');
    expect(reason(bad([1, 90.0001]))).toBe('latitude out of range');
    expect(reason(bad([1, -91]))).toBe('latitude out of range');
  });
});
