import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type Position, type Ring, pointInGeometry } from './geometry.js';
import { type RoutableArea, type RouteResult, GridRouter, bruteForceLocateGrid } from './grid-router.js';
import { seededRandom } from '../seeded-random.js';

function shuffle<T>(items: T[], rand: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function rect(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/*
 * A county of 10×10 grids on a lattice whose vertices are jittered, so that shared edges are
 * slanted and never axis-aligned. Cells are (i, j) with i the column (west→east) and j the row
 * (south→north); grid (i, j) has the code G{j}{i}.
 *
 *   towns:    T1 = columns 0–4, all rows;  T2 = columns 5–9, rows 0–7 (rows 8–9 of the east half are in no town)
 *   villages: V1 = T1 rows 0–4;  V2 = T1 rows 5–9;  V3 = T2 rows 0–4 (rows 5–7 of T2 are in no village)
 *   grids:    all cells except (2,2) [→ V1], (7,6) [→ T2] and (8,9) [→ county]
 */
const N = 10;
const X0 = 116.3;
const Y0 = 39.9;
const CELL = 0.01;
const rand = seededRandom(20240611);
const vertices: Position[][] = [];
for (let i = 0; i <= N; i++) {
  vertices.push([]);
  for (let j = 0; j <= N; j++) {
    // ±15 % of a cell keeps every quad convex, so the vertex average of a quad is inside it.
    const jx = (rand() - 0.5) * 0.3 * CELL;
    const jy = (rand() - 0.5) * 0.3 * CELL;
    vertices[i].push([X0 + i * CELL + jx, Y0 + j * CELL + jy]);
  }
}
const V = (i: number, j: number): Position => vertices[i][j];

function cellRing(i: number, j: number): Ring {
  return [V(i, j), V(i + 1, j), V(i + 1, j + 1), V(i, j + 1), V(i, j)];
}

/** The outline of the block of cells [i0, i1) × [j0, j1), following the lattice. */
function blockRing(i0: number, j0: number, i1: number, j1: number): Ring {
  const ring: Ring = [];
  for (let i = i0; i < i1; i++) ring.push(V(i, j0));
  for (let j = j0; j < j1; j++) ring.push(V(i1, j));
  for (let i = i1; i > i0; i--) ring.push(V(i, j1));
  for (let j = j1; j > j0; j--) ring.push(V(i0, j));
  ring.push(V(i0, j0));
  return ring;
}

function blockOfCells(i0: number, j0: number, i1: number, j1: number): Ring[][] {
  const polygons: Ring[][] = [];
  for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) polygons.push([cellRing(i, j)]);
  return polygons;
}

const gridCode = (i: number, j: number) => `G${j}${i}`;
const REMOVED = new Set([gridCode(2, 2), gridCode(7, 6), gridCode(8, 9)]);

const allGrids: RoutableArea[] = [];
for (let i = 0; i < N; i++) {
  for (let j = 0; j < N; j++) {
    allGrids.push({
      code: gridCode(i, j),
      level: 'grid',
      geometry: { type: 'Polygon', coordinates: [cellRing(i, j)] },
    });
  }
}
const grids = allGrids.filter((g) => !REMOVED.has(g.code));
const county: RoutableArea = {
  code: 'C',
  level: 'county',
  geometry: { type: 'Polygon', coordinates: [blockRing(0, 0, 10, 10)] },
};
const towns: RoutableArea[] = [
  { code: 'T1', level: 'town', geometry: { type: 'Polygon', coordinates: [blockRing(0, 0, 5, 10)] } },
  { code: 'T2', level: 'town', geometry: { type: 'Polygon', coordinates: [blockRing(5, 0, 10, 8)] } },
];
// Villages as unions of their grids' quads (MultiPolygons), including the quads of removed grids.
const villages: RoutableArea[] = [
  { code: 'V1', level: 'village', geometry: { type: 'MultiPolygon', coordinates: blockOfCells(0, 0, 5, 5) } },
  { code: 'V2', level: 'village', geometry: { type: 'MultiPolygon', coordinates: blockOfCells(0, 5, 5, 10) } },
  { code: 'V3', level: 'village', geometry: { type: 'MultiPolygon', coordinates: blockOfCells(5, 0, 10, 5) } },
];
const areas: RoutableArea[] = shuffle([county, ...towns, ...villages, ...grids], rand);
const router = GridRouter.build(areas);

/** Vertex average of a cell's quad: inside it because the quads are convex. */
function cellCentre(i: number, j: number): Position {
  const ring = cellRing(i, j).slice(0, 4);
  return [ring.reduce((s, p) => s + p[0], 0) / 4, ring.reduce((s, p) => s + p[1], 0) / 4];
}

/** The test's own fallback oracle: every area, smallest level first, smallest code on ties. */
function bruteForceLocate(list: RoutableArea[], lng: number, lat: number): RouteResult | null {
  for (const level of ['grid', 'village', 'town', 'county'] as const) {
    const hits = list
      .filter((a) => a.level === level && pointInGeometry([lng, lat], a.geometry))
      .map((a) => a.code)
      .sort();
    if (hits.length > 0) return { code: hits[0], level };
  }
  return null;
}

const [cMinX, cMinY, cMaxX, cMaxY] = [X0 - 0.5 * CELL, Y0 - 0.5 * CELL, X0 + (N + 0.5) * CELL, Y0 + (N + 0.5) * CELL];

describe('GridRouter on a jittered 10×10 lattice', () => {
  it('indexes every area', () => {
    expect(router.size).toBe(1 + 2 + 3 + 97);
  });

  it('puts the centre of each grid in that grid', () => {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const [x, y] = cellCentre(i, j);
        const code = gridCode(i, j);
        if (REMOVED.has(code)) {
          expect(router.locateGrid(x, y)).toBeNull();
        } else {
          expect(router.locateGrid(x, y)).toBe(code);
          expect(router.locate(x, y)).toEqual({ code, level: 'grid' });
        }
      }
    }
  });

  it('sends every random point of the county to the grid the brute force finds, and to exactly one grid', () => {
    const r = seededRandom(7);
    let inCounty = 0;
    for (let k = 0; k < 20_000; k++) {
      const x = cMinX + r() * (cMaxX - cMinX);
      const y = cMinY + r() * (cMaxY - cMinY);
      const containing = allGrids.filter((g) => pointInGeometry([x, y], g.geometry)).length;
      const expected = bruteForceLocateGrid(areas, x, y);
      expect(router.locateGrid(x, y)).toBe(expected);
      if (pointInGeometry([x, y], county.geometry)) {
        inCounty++;
        // The full lattice tiles the county: no gaps, no overlaps off the edges.
        expect(containing).toBe(1);
        expect(router.locate(x, y)).not.toBeNull();
      } else {
        expect(containing).toBe(0);
        expect(router.locate(x, y)).toBeNull();
      }
      expect(router.locate(x, y)).toEqual(bruteForceLocate(areas, x, y));
    }
    expect(inCounty).toBeGreaterThan(15_000);
  });

  it('breaks ties at shared vertices in favour of the smallest code', () => {
    for (let i = 1; i < N; i++) {
      for (let j = 1; j < N; j++) {
        // The four cells around lattice vertex (i, j).
        const around = [gridCode(i - 1, j - 1), gridCode(i, j - 1), gridCode(i - 1, j), gridCode(i, j)];
        const present = around.filter((c) => !REMOVED.has(c)).sort();
        const [x, y] = V(i, j);
        expect(router.locateGrid(x, y), `vertex (${i}, ${j})`).toBe(present[0]);
      }
    }
  });

  it('assigns a point on a shared edge to a grid that has it on its boundary', () => {
    // Exactly on the lattice vertex shared by G11, G12, G21, G22 (G22 is removed).
    const [x, y] = V(2, 2);
    expect(router.locateGrid(x, y)).toBe('G11');
    const [x2, y2] = V(3, 3);
    expect(router.locateGrid(x2, y2)).toBe('G23');
  });

  it('falls back to the village, then the town, then the county', () => {
    const [vx, vy] = cellCentre(2, 2);
    expect(router.locateGrid(vx, vy)).toBeNull();
    expect(router.locate(vx, vy)).toEqual({ code: 'V1', level: 'village' });

    const [tx, ty] = cellCentre(7, 6);
    expect(router.locate(tx, ty)).toEqual({ code: 'T2', level: 'town' });

    const [cx, cy] = cellCentre(8, 9);
    expect(router.locate(cx, cy)).toEqual({ code: 'C', level: 'county' });
  });

  it('returns null outside every area and for non-finite input', () => {
    expect(router.locateGrid(116.0, 39.0)).toBeNull();
    expect(router.locate(116.0, 39.0)).toBeNull();
    expect(router.locate(X0 - 0.01, Y0 + 0.05)).toBeNull();
    expect(router.locate(NaN, Y0)).toBeNull();
    expect(router.locateGrid(X0 + 0.05, Infinity)).toBeNull();
    expect(bruteForceLocateGrid(areas, NaN, Y0)).toBeNull();
  });

  it('agrees with the brute force everywhere (property)', () => {
    const lattice = vertices.flat();
    const anyPoint = fc.tuple(
      fc.double({ min: cMinX, max: cMaxX, noNaN: true }),
      fc.double({ min: cMinY, max: cMaxY, noNaN: true }),
    );
    const vertex = fc.constantFrom(...lattice);
    // Points on (or, after rounding, a hair off) lattice edges, where the tie-break matters most.
    const onEdge = fc
      .tuple(
        fc.integer({ min: 0, max: N }),
        fc.integer({ min: 0, max: N - 1 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([a, b, horizontal, t]): [number, number] => {
        const p = horizontal ? V(b, a) : V(a, b);
        const q = horizontal ? V(b + 1, a) : V(a, b + 1);
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      });
    fc.assert(
      fc.property(fc.oneof(anyPoint, vertex, onEdge), ([x, y]) => {
        expect(router.locateGrid(x, y)).toBe(bruteForceLocateGrid(areas, x, y));
        expect(router.locate(x, y)).toEqual(bruteForceLocate(areas, x, y));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('GridRouter tie-break on an exactly shared edge', () => {
  // Three unit squares in a row: B (0–1), A (1–2), C (2–3).
  const squares: RoutableArea[] = [
    { code: 'B', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] } },
    { code: 'A', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(1, 0, 2, 1)] } },
    { code: 'C', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(2, 0, 3, 1)] } },
  ];

  it('gives the shared edge to the smallest code whatever the input order', () => {
    for (const order of [squares, [...squares].reverse(), [squares[1], squares[2], squares[0]]]) {
      const r = GridRouter.build(order);
      expect(r.locateGrid(1, 0.5)).toBe('A');
      expect(r.locateGrid(2, 0.5)).toBe('A');
      expect(r.locateGrid(1, 0)).toBe('A');
      expect(r.locateGrid(0.5, 0.5)).toBe('B');
      expect(r.locateGrid(0, 0.5)).toBe('B');
      expect(r.locateGrid(2.5, 1)).toBe('C');
      expect(r.locateGrid(3.5, 0.5)).toBeNull();
      expect(bruteForceLocateGrid(order, 1, 0.5)).toBe('A');
      expect(bruteForceLocateGrid(order, 2, 0.5)).toBe('A');
    }
  });

  it('compares codes by code unit, not by locale', () => {
    const r = GridRouter.build([
      { code: '110105001001010', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] } },
      { code: '110105001001009', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(1, 0, 2, 1)] } },
    ]);
    expect(r.locateGrid(1, 0.5)).toBe('110105001001009');
    // localeCompare would put 'a' first; code units put 'B' (0x42) before 'a' (0x61).
    const cased: RoutableArea[] = [
      { code: 'a', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] } },
      { code: 'B', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(1, 0, 2, 1)] } },
    ];
    expect(GridRouter.build(cased).locateGrid(1, 0.5)).toBe('B');
    expect(bruteForceLocateGrid(cased, 1, 0.5)).toBe('B');
  });
});

describe('GridRouter.build', () => {
  const square: RoutableArea = {
    code: 'A',
    level: 'grid',
    geometry: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] },
  };

  it('builds an empty router that finds nothing', () => {
    const r = GridRouter.build([]);
    expect(r.size).toBe(0);
    expect(r.locate(0.5, 0.5)).toBeNull();
    expect(r.locateGrid(0.5, 0.5)).toBeNull();
  });

  it('works with only upper levels present', () => {
    const r = GridRouter.build([{ ...square, level: 'town' }]);
    expect(r.locateGrid(0.5, 0.5)).toBeNull();
    expect(r.locate(0.5, 0.5)).toEqual({ code: 'A', level: 'town' });
  });

  it('honours holes and MultiPolygon parts', () => {
    const r = GridRouter.build([
      {
        code: 'H',
        level: 'grid',
        geometry: { type: 'MultiPolygon', coordinates: [[rect(0, 0, 4, 4), rect(1, 1, 3, 3)], [rect(10, 10, 11, 11)]] },
      },
      { code: 'I', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(1.5, 1.5, 2.5, 2.5)] } },
    ]);
    expect(r.locateGrid(0.5, 0.5)).toBe('H');
    expect(r.locateGrid(1.2, 1.2)).toBeNull(); // in the hole, not in the island
    expect(r.locateGrid(2, 2)).toBe('I'); // the island in the hole
    expect(r.locateGrid(1, 2)).toBe('H'); // on the hole's edge
    expect(r.locateGrid(10.5, 10.5)).toBe('H');
    expect(r.locateGrid(7, 7)).toBeNull(); // inside the bbox of H, outside both parts
  });

  it('rejects duplicate codes and invalid geometries', () => {
    expect(() => GridRouter.build([square, { ...square, level: 'village' }])).toThrow(/duplicate/);
    expect(() =>
      GridRouter.build([
        { code: 'X', level: 'grid', geometry: { type: 'Polygon', coordinates: [rect(0, 0, 1, 1).slice(0, 4)] } },
      ]),
    ).toThrow(/ring not closed/);
  });
});
