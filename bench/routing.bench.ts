/**
 * Benchmark `routing`: how many points per second the grid router (`GridRouter.locateGrid`, an
 * R-tree per level plus exact point-in-polygon) places in their grid, against testing every grid
 * in turn (`bruteForceLocateGrid`) on the same points in the same run — on the demo county
 * (scale 1, ~3,000 grids) and on a large one (scale 7, ~21,000 grids). The two must agree on
 * every point of a sample, boundary points included, or the benchmark fails: a fast wrong answer
 * is worth nothing. Index build time is compared with merely parsing and validating the same
 * polygons (what loading them costs anyway).
 */
import { generateCounty, allJurisdictions } from '../cli/demo/demo-county.js';
import { GridRouter, bruteForceLocateGrid, type RoutableArea } from '../core/geo/grid-router.js';
import {
  bboxOf,
  distanceToFlatGeometryMeters,
  flattenGeometry,
  pointInGeometry,
  validateAreaGeometry,
} from '../core/geo/geometry.js';
import { compare, compareOneOff, defineBenchmark, seededRandom, type BenchContext } from './harness.js';

/** Random points per county; the timed loops walk them round and round. */
const POINTS = 20_000;
/** Uniform points checked against the brute force, per county (it costs ~1 ms each at scale 7). */
const CHECK_RANDOM = { 1: 4_000, 7: 1_500 } as const;
/** Grid vertices checked too: they lie on shared edges, where the tie-break decides. */
const CHECK_VERTICES = 1_000;

export default defineBenchmark({
  name: 'routing',
  description: 'grid lookups per second: GridRouter.locateGrid vs brute force over every grid (scale 1 and 7)',
  timeoutMs: 180_000,
  async run(ctx) {
    for (const scale of [1, 7] as const) benchScale(ctx, scale);
  },
});

function benchScale(ctx: BenchContext, scale: 1 | 7): void {
  const t0 = performance.now();
  const model = generateCounty({ scale });
  const areas: RoutableArea[] = allJurisdictions(model).map((j) => ({
    code: j.code,
    level: j.level,
    geometry: j.boundary,
  }));
  const grids = areas.filter((a) => a.level === 'grid');
  ctx.info(
    `scale ${scale}: county generated`,
    performance.now() - t0,
    `ms (${model.towns.length} towns, ${model.villages.length} villages, ${grids.length} grids)`,
  );

  const router = GridRouter.build(areas);

  // Points uniform over the county's bounding box: the jittered outline leaves some outside.
  const [minX, minY, maxX, maxY] = bboxOf(model.county.boundary);
  const random = seededRandom(0x5eed0000 + scale);
  const xs = new Float64Array(POINTS);
  const ys = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    xs[i] = minX + random() * (maxX - minX);
    ys[i] = minY + random() * (maxY - minY);
  }

  verify(ctx, scale, router, grids, xs, ys, random);

  // Lookups: the router and the brute force, alternating samples, on the same points.
  const { candidate, baseline } = compare(
    (i) => router.locateGrid(xs[i % POINTS], ys[i % POINTS]),
    (i) => bruteForceLocateGrid(grids, xs[i % POINTS], ys[i % POINTS]),
    { warmupMs: 300, sampleMs: 25, budgetMs: scale === 1 ? 6_000 : 8_000, minSamples: 15 },
  );
  ctx.info(
    `scale ${scale}: samples (router / brute force)`,
    `${candidate.samples} × ${candidate.ops / candidate.samples} / ${baseline.samples} × ${baseline.ops / baseline.samples}`,
    'queries',
  );
  ctx.record(`locate_grid_queries_per_s_scale${scale}`, candidate.opsPerSec, 'queries/s', {
    name: `brute_force_queries_per_s_scale${scale}`,
    value: baseline.opsPerSec,
  });
  ctx.record(`locate_grid_us_per_query_p95_scale${scale}`, candidate.p95Us, 'µs', {
    name: `brute_force_us_per_query_p95_scale${scale}`,
    value: baseline.p95Us,
  });

  // Building the index vs parsing and validating the polygons it is built from (both from the
  // JSON text the database hands over).
  const stored = areas.map((a) => ({ code: a.code, level: a.level, text: JSON.stringify(a.geometry) }));
  const parsed = () => stored.map((s) => ({ code: s.code, level: s.level, geometry: JSON.parse(s.text) }));
  const input = parsed();
  const { candidateMs, baselineMs } = compareOneOff(
    () => GridRouter.build(input),
    () => parsed().map((a) => validateAreaGeometry(a.geometry)),
    scale === 1 ? 25 : 9,
  );
  ctx.record(`index_build_ms_scale${scale}`, candidateMs, 'ms', {
    name: `json_parse_and_validate_ms_scale${scale}`,
    value: baselineMs,
  });
  // How many lookups pay for building the index, compared with brute-forcing each one.
  const savedMsPerQuery = (baseline.medianUs - candidate.medianUs) / 1000;
  ctx.info(`scale ${scale}: index pays for itself after`, Math.ceil(candidateMs / savedMsPerQuery), 'lookups');

  benchReach(ctx, scale, router, model.county.boundary, random);
}

/**
 * 随手拍's location check (GridRouter.isWithinReach: in the county or within 2 km of its line), on
 * points around the county's edge and far away (a phone's (0, 0)): what it adds to a citizen's
 * report, against the lookup (locate) every report already makes, on the same points. Checked
 * first against the distance to the county's whole outline computed without the index.
 */
function benchReach(
  ctx: BenchContext,
  scale: 1 | 7,
  router: GridRouter,
  county: RoutableArea['geometry'],
  random: () => number,
): void {
  const TOLERANCE_M = 2000;
  const [minX, minY, maxX, maxY] = bboxOf(county);
  const margin = 0.08; // ≈ 7–9 km around the box
  const xs = new Float64Array(POINTS);
  const ys = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    const far = i % 20 === 0; // one in twenty: no fix at all
    xs[i] = far ? 0 : minX - margin + random() * (maxX - minX + 2 * margin);
    ys[i] = far ? 0 : minY - margin + random() * (maxY - minY + 2 * margin);
  }
  const outline = flattenGeometry(county);
  let near = 0;
  for (let i = 0; i < 3000; i++) {
    const fast = router.isWithinReach(xs[i], ys[i], TOLERANCE_M);
    const slow = distanceToFlatGeometryMeters(xs[i], ys[i], outline) <= TOLERANCE_M;
    if (fast !== slow)
      throw new Error(
        `routing scale ${scale}: isWithinReach says ${fast}, the outline's distance says ${slow} for (${xs[i]}, ${ys[i]})`,
      );
    if (fast && !pointInGeometry([xs[i], ys[i]], county)) near++;
  }
  ctx.info(
    `scale ${scale}: reach check = outline distance on`,
    3000,
    `points (${near} just outside the county, within ${TOLERANCE_M} m)`,
  );
  const { candidate, baseline } = compare(
    (i) => router.isWithinReach(xs[i % POINTS], ys[i % POINTS], TOLERANCE_M),
    (i) => router.locate(xs[i % POINTS], ys[i % POINTS]),
    { warmupMs: 300, sampleMs: 25, budgetMs: 4_000, minSamples: 15 },
  );
  ctx.record(`within_reach_us_per_query_p95_scale${scale}`, candidate.p95Us, 'µs', {
    name: `locate_us_per_query_p95_scale${scale}`,
    value: baseline.p95Us,
  });
}

/** Throws unless the router and the brute force agree on a sample of points. */
function verify(
  ctx: BenchContext,
  scale: 1 | 7,
  router: GridRouter,
  grids: RoutableArea[],
  xs: Float64Array,
  ys: Float64Array,
  random: () => number,
): void {
  const points: [number, number][] = [];
  for (let i = 0; i < CHECK_RANDOM[scale]; i++) points.push([xs[i], ys[i]]);
  for (let i = 0; i < CHECK_VERTICES; i++) {
    const ring = grids[Math.floor(random() * grids.length)].geometry.coordinates[0] as [number, number][];
    points.push(ring[Math.floor(random() * (ring.length - 1))]);
  }
  let outside = 0;
  for (const [x, y] of points) {
    const fast = router.locateGrid(x, y);
    const slow = bruteForceLocateGrid(grids, x, y);
    if (fast !== slow)
      throw new Error(`routing scale ${scale}: router says ${fast}, brute force says ${slow} for (${x}, ${y})`);
    if (fast === null) outside++;
  }
  ctx.info(
    `scale ${scale}: router = brute force on`,
    points.length,
    `points (${CHECK_VERTICES} on grid vertices; ${outside} outside every grid)`,
  );
}
