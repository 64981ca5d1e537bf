/**
 * 一网示范县: a synthetic but realistic county for demos, tests and benchmarks — towns and
 * subdistricts, villages and communities, ~3,000 grids with polygons that tile exactly, the
 * county departments, the people with their "3+N" and grid bindings, and one demo login per role.
 * Pure and deterministic: the same seed and scale give the same county, byte for byte.
 *
 * Geometry: one lattice of vertices over the county, denser near the county seat and jittered
 * per vertex. Each grid is one lattice cell; a village is a rectangular block of cells, a town a
 * block of villages, and every outline walks the shared lattice vertices — so neighbours share
 * their edges exactly and the children of any area cover it without gap or overlap.
 */
import { areaCentroid, type PolygonGeometry, type Position, type Ring } from '../../core/geo/geometry.js';
import { ROLE_NAMES_ZH, ROLES, type Duty, type Role } from '../../core/access/roles.js';
import type { Binding } from '../../core/events/dispatch-plan.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';
import {
  Random,
  UniqueNamer,
  chineseNumber,
  communityName,
  compoundGridName,
  compoundName,
  hashUnit,
  personName,
  phoneNumber,
  ruralGridName,
  subdistrictName,
  townStem,
  townSuffix,
  villageName,
} from './random.js';

export const DEMO_COUNTY_CODE = '620999000000';
export const DEMO_COUNTY_NAME = '一网示范县';
export const DEMO_PASSWORD = 'demo123456';
export const DEFAULT_SEED = 20240601;

export type JurisdictionKind =
  'county' | 'town' | 'subdistrict' | 'village' | 'community' | 'comprehensive' | 'dedicated';

export interface DemoJurisdiction {
  code: string;
  parentCode: string | null;
  level: JurisdictionLevel;
  kind: JurisdictionKind;
  name: string;
  boundary: PolygonGeometry;
  centroid: Position;
  households: number;
}

export interface DemoTown extends DemoJurisdiction {
  level: 'town';
  kind: 'town' | 'subdistrict';
  villageCodes: string[];
}

export interface DemoVillage extends DemoJurisdiction {
  level: 'village';
  kind: 'village' | 'community';
  townCode: string;
  gridCodes: string[];
}

export interface DemoGrid extends DemoJurisdiction {
  level: 'grid';
  kind: 'comprehensive' | 'dedicated';
  townCode: string;
  villageCode: string;
  /** The compound (小区) a community grid covers, for addresses. */
  compound: string | null;
}

export interface DemoDepartment {
  id: number;
  code: string;
  name: string;
  jurisdictionCode: string;
}

export interface DemoPerson {
  id: number;
  name: string;
  phone: string;
  role: Role;
  jurisdictionCode: string;
  departmentId: number | null;
  /** Only the demo logins have one (equal to their role). */
  username: string | null;
}

export interface CountyModel {
  seed: number;
  scale: number;
  county: DemoJurisdiction;
  /** Where the county seat (县城) is: the lattice is densest here. */
  seat: Position;
  towns: DemoTown[];
  villages: DemoVillage[];
  grids: DemoGrid[];
  departments: DemoDepartment[];
  /** Ids are the database ids the loader writes (1…n on an empty database). */
  people: DemoPerson[];
  bindings: Binding[];
  /** The person id of each demo login. */
  demo: Record<Role, number>;
}

export interface CountyOptions {
  seed?: number;
  /** 1 ≈ 18 towns, 325 villages, 3,000 grids; 7 ≈ 20,000 grids. */
  scale?: number;
}

/** County departments (县直部门) that events are escalated to. */
export const DEMO_DEPARTMENTS: readonly (readonly [code: string, name: string])[] = [
  ['market_regulation', '县市场监管局'],
  ['culture_tourism', '县文旅局'],
  ['housing', '县住建局'],
  ['public_security', '县公安局'],
  ['emergency', '县应急管理局'],
  ['natural_resources', '县自然资源局'],
  ['agriculture', '县农业农村局'],
  ['human_resources', '县人社局'],
  ['petitions', '县信访局'],
  ['health', '县卫健局'],
  ['education', '县教育局'],
  ['transport', '县交通运输局'],
  ['water', '县水务局'],
  ['ecology', '县生态环境分局'],
  ['urban_management', '县城管局'],
  ['civil_affairs', '县民政局'],
  ['justice', '县司法局'],
  ['power_supply', '县供电公司'],
  ['fire_rescue', '县消防救援大队'],
  ['law_enforcement', '县综合执法局'],
];

// ---------------------------------------------------------------------------------------------
// Lattice
// ---------------------------------------------------------------------------------------------

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const width = (r: Rect) => r.x1 - r.x0;
const height = (r: Rect) => r.y1 - r.y0;
const centreOf = (r: Rect): [number, number] => [(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2];

/** Vertex positions of the county lattice: (W+1) × (H+1), denser around the seat, jittered. */
class Lattice {
  readonly lng: Float64Array;
  readonly lat: Float64Array;

  constructor(
    readonly W: number,
    readonly H: number,
    seed: number,
    seatX: number,
    seatY: number,
    scale: number,
  ) {
    const spanLng = 0.9 * Math.sqrt(scale);
    const spanLat = 0.6 * Math.sqrt(scale);
    const lng0 = 105.45 - spanLng / 2;
    const lat0 = 35.3 - spanLat / 2;
    // Cell sizes shrink towards the seat (town centres are denser), then are scaled to the span.
    const cellWidths = sizes(W, seatX, spanLng);
    const cellHeights = sizes(H, seatY, spanLat);
    const xs = cumulative(cellWidths, lng0);
    const ys = cumulative(cellHeights, lat0);
    this.lng = new Float64Array((W + 1) * (H + 1));
    this.lat = new Float64Array((W + 1) * (H + 1));
    for (let j = 0; j <= H; j++) {
      for (let i = 0; i <= W; i++) {
        const wx = Math.min(cellWidths[Math.max(0, i - 1)], cellWidths[Math.min(W - 1, i)]);
        const wy = Math.min(cellHeights[Math.max(0, j - 1)], cellHeights[Math.min(H - 1, j)]);
        // Under a quarter of the smaller neighbouring cell: every cell stays a convex quadrilateral.
        const dx = (hashUnit(seed, i, j, 1) - 0.5) * 0.44 * wx;
        const dy = (hashUnit(seed, i, j, 2) - 0.5) * 0.44 * wy;
        const k = j * (W + 1) + i;
        this.lng[k] = round6(xs[i] + dx);
        this.lat[k] = round6(ys[j] + dy);
      }
    }
  }

  vertex(i: number, j: number): Position {
    const k = j * (this.W + 1) + i;
    return [this.lng[k], this.lat[k]];
  }

  /** Counter-clockwise outline of a block of cells, through every lattice vertex on its edge. */
  ring(r: Rect): Ring {
    const ring: Ring = [];
    for (let i = r.x0; i < r.x1; i++) ring.push(this.vertex(i, r.y0));
    for (let j = r.y0; j < r.y1; j++) ring.push(this.vertex(r.x1, j));
    for (let i = r.x1; i > r.x0; i--) ring.push(this.vertex(i, r.y1));
    for (let j = r.y1; j > r.y0; j--) ring.push(this.vertex(r.x0, j));
    ring.push(this.vertex(r.x0, r.y0));
    return ring;
  }

  polygon(r: Rect): PolygonGeometry {
    return { type: 'Polygon', coordinates: [this.ring(r)] };
  }
}

function sizes(n: number, seat: number, span: number): number[] {
  const out: number[] = [];
  const sigma = 0.1 * n + 2;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const d = (k + 0.5 - seat) / sigma;
    const s = 1 - 0.5 * Math.exp(-d * d);
    out.push(s);
    total += s;
  }
  return out.map((s) => (s / total) * span);
}

function cumulative(sizes: number[], origin: number): number[] {
  const out = [origin];
  for (const s of sizes) out.push(out[out.length - 1] + s);
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Splits a rectangle of cells into n rectangles (towns) of similar area, kd-tree style. */
function splitTowns(rng: Random, r: Rect, n: number, out: Rect[]): void {
  if (n <= 1) {
    out.push(r);
    return;
  }
  const n1 = rng.chance(0.5) ? Math.floor(n / 2) : Math.ceil(n / 2);
  const n2 = n - n1;
  const alongX = width(r) >= height(r);
  const len = alongX ? width(r) : height(r);
  const share = (n1 / n) * (1 + rng.float(-0.12, 0.12));
  // Each part keeps at least 4 cells per town along the cut, so every town can hold villages.
  const cut = Math.min(len - Math.max(4, n2 * 2), Math.max(Math.max(4, n1 * 2), Math.round(len * share)));
  if (alongX) {
    splitTowns(rng, { ...r, x1: r.x0 + cut }, n1, out);
    splitTowns(rng, { ...r, x0: r.x0 + cut }, n2, out);
  } else {
    splitTowns(rng, { ...r, y1: r.y0 + cut }, n1, out);
    splitTowns(rng, { ...r, y0: r.y0 + cut }, n2, out);
  }
}

/** Splits a town into village blocks of 2–4 × 2–4 cells. */
function splitVillages(rng: Random, r: Rect, out: Rect[]): void {
  const w = width(r);
  const h = height(r);
  if (w <= 4 && h <= 4) {
    out.push(r);
    return;
  }
  let alongX = w > h || (w === h && rng.chance(0.5));
  if (alongX && w < 4) alongX = false;
  if (!alongX && h < 4) alongX = true;
  const len = alongX ? w : h;
  // Strips two cells wide are allowed but rarer, which puts the mean village near 9 grids.
  const part = (n: number) => (n === 2 ? 0.12 : 1);
  const cuts: [number, number][] = [];
  for (let c = 2; c <= len - 2; c++) cuts.push([c, part(c) * part(len - c)]);
  const cut = rng.weighted(cuts);
  if (alongX) {
    splitVillages(rng, { ...r, x1: r.x0 + cut }, out);
    splitVillages(rng, { ...r, x0: r.x0 + cut }, out);
  } else {
    splitVillages(rng, { ...r, y1: r.y0 + cut }, out);
    splitVillages(rng, { ...r, y0: r.y0 + cut }, out);
  }
}

/** Reading order on the map: north to south, then west to east. */
function readingOrder(a: Rect, b: Rect): number {
  const [ax, ay] = centreOf(a);
  const [bx, by] = centreOf(b);
  return by - ay || ax - bx;
}

const pad3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// The county
// ---------------------------------------------------------------------------------------------

export function generateCounty(options: CountyOptions = {}): CountyModel {
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const scale = options.scale ?? 1;
  if (!(scale >= 0.05 && scale <= 100)) throw new Error(`scale must be between 0.05 and 100, got ${scale}`);

  const layout = layOutCounty(seed, scale);
  const { lattice, whole, seatX, seatY } = layout;
  const divider = new CountyDivider(seed, lattice, layout.layoutRng);
  layout.orderedTowns.forEach((townRect, townIndex) =>
    divider.addTown(townRect, townIndex, townIndex < layout.subdistrictCount ? 'subdistrict' : 'town'),
  );
  const { towns, villages, grids } = divider;

  markDedicatedGrids(Random.derive(seed, 'dedicated'), towns, villages, grids, divider.villageRectOf, seatX, seatY);
  sumHouseholds(towns, villages, grids);

  const countyBoundary = lattice.polygon(whole);
  const county: DemoJurisdiction = {
    code: DEMO_COUNTY_CODE,
    parentCode: null,
    level: 'county',
    kind: 'county',
    name: DEMO_COUNTY_NAME,
    boundary: countyBoundary,
    centroid: areaCentroid(countyBoundary),
    households: towns.reduce((s, t) => s + t.households, 0),
  };
  const seatCell = lattice.vertex(Math.round(seatX), Math.round(seatY));

  const departments: DemoDepartment[] = DEMO_DEPARTMENTS.map(([code, name], k) => ({
    id: k + 1,
    code,
    name,
    jurisdictionCode: DEMO_COUNTY_CODE,
  }));

  const { people, bindings, demo } = staffCounty(
    Random.derive(seed, 'people'),
    scale,
    towns,
    villages,
    grids,
    departments,
  );

  return { seed, scale, county, seat: seatCell, towns, villages, grids, departments, people, bindings, demo };
}

/** The county's lattice around its seat (县城), and its blocks of towns in code order. */
interface CountyLayout {
  lattice: Lattice;
  /** The stream the towns and then the villages are cut with. */
  layoutRng: Random;
  whole: Rect;
  seatX: number;
  seatY: number;
  /** Subdistricts (街道) first, then the towns in reading order. */
  orderedTowns: Rect[];
  subdistrictCount: number;
}

/** Places the seat, builds the lattice and cuts it into towns; the ones nearest the seat are subdistricts (街道), listed first as in the real codes. */
function layOutCounty(seed: number, scale: number): CountyLayout {
  const W = Math.max(10, Math.round(60 * Math.sqrt(scale)));
  const H = Math.max(8, Math.round(50 * Math.sqrt(scale)));
  const layoutRng = Random.derive(seed, 'layout');
  const seatX = W * layoutRng.float(0.4, 0.55);
  const seatY = H * layoutRng.float(0.42, 0.58);
  const lattice = new Lattice(W, H, seed, seatX, seatY, scale);
  const whole: Rect = { x0: 0, y0: 0, x1: W, y1: H };

  const townCount = Math.max(1, Math.round(18 * scale));
  const subdistrictCount = Math.min(Math.round(2 * Math.sqrt(scale)), Math.floor(townCount / 3));
  const townRects: Rect[] = [];
  splitTowns(layoutRng, whole, townCount, townRects);
  const seatDistance = (r: Rect) => {
    const [cx, cy] = centreOf(r);
    return Math.hypot(cx - seatX, cy - seatY);
  };
  const byDistance = [...townRects].sort((a, b) => seatDistance(a) - seatDistance(b) || readingOrder(a, b));
  const subdistricts = byDistance.slice(0, subdistrictCount);
  const others = townRects.filter((r) => !subdistricts.includes(r)).sort(readingOrder);
  return { lattice, layoutRng, whole, seatX, seatY, orderedTowns: [...subdistricts, ...others], subdistrictCount };
}

/** Divides town blocks into towns (镇/街道), villages (村/社区) and grids (网格), drawing their names, kinds and households. */
class CountyDivider {
  readonly towns: DemoTown[] = [];
  readonly villages: DemoVillage[] = [];
  readonly grids: DemoGrid[] = [];
  readonly villageRectOf = new Map<string, Rect>();
  private readonly nameRng: Random;
  private readonly townNamer: UniqueNamer;
  private readonly villageNamer: UniqueNamer;
  private readonly kindRng: Random;
  private readonly hhRng: Random;

  constructor(
    seed: number,
    private readonly lattice: Lattice,
    private readonly layoutRng: Random,
  ) {
    this.nameRng = Random.derive(seed, 'names');
    this.townNamer = new UniqueNamer(this.nameRng);
    this.villageNamer = new UniqueNamer(this.nameRng);
    this.kindRng = Random.derive(seed, 'kinds');
    this.hhRng = Random.derive(seed, 'households');
  }

  /** One town: cut into village blocks, its communities (社区) numbered 001…, its villages 200…. */
  addTown(townRect: Rect, townIndex: number, kind: 'town' | 'subdistrict'): void {
    const townCode = `${DEMO_COUNTY_CODE.slice(0, 6)}${pad3(100 + townIndex)}000`;
    const name =
      kind === 'subdistrict' ? subdistrictName(townIndex) : this.townNamer.take(townStem) + townSuffix(this.nameRng);
    const boundary = this.lattice.polygon(townRect);

    const villageRects: Rect[] = [];
    splitVillages(this.layoutRng, townRect, villageRects);
    const { communities, rural } = this.sortCommunities(townRect, villageRects, kind);

    const town: DemoTown = {
      code: townCode,
      parentCode: DEMO_COUNTY_CODE,
      level: 'town',
      kind,
      name,
      boundary,
      centroid: areaCentroid(boundary),
      households: 0,
      villageCodes: [],
    };
    this.towns.push(town);
    communities.forEach((r, k) => this.addVillage(town, r, 'community', 1 + k));
    rural.forEach((r, k) => this.addVillage(town, r, 'village', 200 + k));
  }

  /** Which village blocks are communities: most of a subdistrict, and the seat of a town (镇区社区) more often than not. */
  private sortCommunities(
    townRect: Rect,
    villageRects: Rect[],
    kind: 'town' | 'subdistrict',
  ): { communities: Rect[]; rural: Rect[] } {
    const [tcx, tcy] = centreOf(townRect);
    const centreDistance = (r: Rect) => {
      const [cx, cy] = centreOf(r);
      return Math.hypot(cx - tcx, cy - tcy);
    };
    const nearestCentre = [...villageRects].sort(
      (a, b) => centreDistance(a) - centreDistance(b) || readingOrder(a, b),
    )[0];
    const isCommunity = new Map<Rect, boolean>();
    for (const r of villageRects) {
      const community =
        kind === 'subdistrict'
          ? r === nearestCentre || this.kindRng.chance(0.85)
          : r === nearestCentre && this.kindRng.chance(0.65);
      isCommunity.set(r, community);
    }
    return {
      communities: villageRects.filter((r) => isCommunity.get(r)).sort(readingOrder),
      rural: villageRects.filter((r) => !isCommunity.get(r)).sort(readingOrder),
    };
  }

  /** One village or community of a town, with its grids. */
  private addVillage(town: DemoTown, r: Rect, vkind: 'village' | 'community', number: number): void {
    const townCode = town.code;
    const code = townCode.slice(0, 9) + pad3(number);
    const vname = this.villageNamer.take(vkind === 'community' ? communityName : villageName, (base, n) =>
      base.replace(/(村|社区)$/, `${chineseNumber(n)}$1`),
    );
    const vboundary = this.lattice.polygon(r);
    const village: DemoVillage = {
      code,
      parentCode: townCode,
      level: 'village',
      kind: vkind,
      name: vname,
      boundary: vboundary,
      centroid: areaCentroid(vboundary),
      households: 0,
      townCode,
      gridCodes: [],
    };
    this.villages.push(village);
    this.villageRectOf.set(code, r);
    town.villageCodes.push(code);
    this.addGrids(village, r, town.kind);
  }

  /** Grids, one per cell, in reading order; a community's grids are named after its compounds (小区). */
  private addGrids(village: DemoVillage, r: Rect, townKind: 'town' | 'subdistrict'): void {
    const { code, townCode, kind: vkind } = village;
    let compound = '';
    let compoundLeft = 0;
    let building = 1;
    const compoundNamer = new UniqueNamer(this.nameRng);
    let n = 0;
    for (let j = r.y1 - 1; j >= r.y0; j--) {
      for (let i = r.x0; i < r.x1; i++) {
        n++;
        const gcode = code + pad3(n);
        let gname: string;
        let gcompound: string | null = null;
        if (vkind === 'community') {
          if (compoundLeft === 0) {
            compound = compoundNamer.take(compoundName);
            compoundLeft = this.nameRng.int(1, 4);
            building = 1;
          }
          gname = compoundGridName(compound, building);
          gcompound = compound;
          building += this.nameRng.int(2, 4);
          compoundLeft--;
        } else {
          gname = ruralGridName(n);
        }
        const gboundary = this.lattice.polygon({ x0: i, y0: j, x1: i + 1, y1: j + 1 });
        const households =
          vkind === 'community'
            ? clampInt(this.hhRng.normal(140, 30), 60, 200)
            : clampInt(this.hhRng.normal(townKind === 'subdistrict' ? 90 : 62, 24), 15, 160);
        this.grids.push({
          code: gcode,
          parentCode: code,
          level: 'grid',
          kind: 'comprehensive',
          name: gname,
          boundary: gboundary,
          centroid: areaCentroid(gboundary),
          households,
          townCode,
          villageCode: code,
          compound: gcompound,
        });
        village.gridCodes.push(gcode);
      }
    }
  }
}

/** Households (户数) add up the tree: a village's are its grids', a town's its villages'. */
function sumHouseholds(towns: DemoTown[], villages: DemoVillage[], grids: DemoGrid[]): void {
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  const villageByCode = new Map(villages.map((v) => [v.code, v]));
  for (const v of villages) v.households = v.gridCodes.reduce((s, c) => s + gridByCode.get(c)!.households, 0);
  for (const t of towns) t.households = t.villageCodes.reduce((s, c) => s + villageByCode.get(c)!.households, 0);
}

function clampInt(x: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(x)));
}

/**
 * 专属网格: schools, hospitals and the industrial park get their own grids (~3%). They are cells
 * of an ordinary village near the town centre; a village keeps at least two comprehensive grids,
 * and the demo village is left alone.
 */
function markDedicatedGrids(
  rng: Random,
  towns: DemoTown[],
  villages: DemoVillage[],
  grids: DemoGrid[],
  villageRectOf: Map<string, Rect>,
  seatX: number,
  seatY: number,
): void {
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  const villageByCode = new Map(villages.map((v) => [v.code, v]));
  const demoVillage = towns[0].villageCodes[0];
  const dedicatedCount = new Map<string, number>();

  const mark = (villageCodes: string[], near: [number, number], names: string[]) => {
    const candidates = villageCodes
      .filter((c) => c !== demoVillage)
      .map((c) => {
        const [cx, cy] = centreOf(villageRectOf.get(c)!);
        return { code: c, d: Math.hypot(cx - near[0], cy - near[1]) };
      })
      .sort((a, b) => a.d - b.d || (a.code < b.code ? -1 : 1));
    for (const name of names) {
      for (const { code } of candidates) {
        const village = villageByCode.get(code)!;
        const used = dedicatedCount.get(code) ?? 0;
        if (village.gridCodes.length - used <= 2) continue;
        // Skip the first grid so every village's first grid stays comprehensive.
        const free = village.gridCodes.slice(1).filter((g) => gridByCode.get(g)!.kind === 'comprehensive');
        if (free.length === 0) continue;
        const grid = gridByCode.get(rng.pick(free))!;
        grid.kind = 'dedicated';
        grid.name = name;
        grid.compound = null;
        grid.households = rng.int(15, 40);
        dedicatedCount.set(code, used + 1);
        break;
      }
    }
  };

  const seatNames = [
    ['县第一中学专属网格', '县人民医院专属网格', '县实验小学专属网格', '县职业教育中心专属网格'],
    ['县第二中学专属网格', '县中医医院专属网格', '县妇幼保健院专属网格'],
  ];
  let parkTown: DemoTown | null = null;
  let parkDistance = Infinity;
  towns.forEach((town, k) => {
    const rects = town.villageCodes.map((c) => villageRectOf.get(c)!);
    const x0 = Math.min(...rects.map((r) => r.x0));
    const x1 = Math.max(...rects.map((r) => r.x1));
    const y0 = Math.min(...rects.map((r) => r.y0));
    const y1 = Math.max(...rects.map((r) => r.y1));
    const centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
    if (town.kind === 'subdistrict') {
      mark(
        town.villageCodes,
        centre,
        seatNames[k] ?? [`县第${chineseNumber(k + 1)}中学专属网格`, `县第${chineseNumber(k)}小学专属网格`],
      );
      return;
    }
    const names = [`${town.name}中心小学专属网格`, `${town.name}卫生院专属网格`];
    if (rng.chance(0.7)) names.push(`${town.name}中学专属网格`);
    if (rng.chance(0.5)) names.push(`${town.name}中心幼儿园专属网格`);
    if (rng.chance(0.45)) {
      const n = rng.int(1, 2);
      for (let i = 1; i <= n; i++)
        names.push(n === 1 ? `${town.name}工业集中区专属网格` : `${town.name}工业集中区${chineseNumber(i)}区专属网格`);
    }
    mark(town.villageCodes, centre, names);
    const d = Math.hypot(centre[0] - seatX, centre[1] - seatY);
    if (d < parkDistance) {
      parkDistance = d;
      parkTown = town;
    }
  });
  // The county industrial park (工业园区) sits in the town next to the seat, on the seat's side.
  const park = parkTown as DemoTown | null;
  if (park) {
    const cells = 10 + rng.int(0, 6);
    mark(
      park.villageCodes,
      [seatX, seatY],
      Array.from({ length: cells }, (_, i) =>
        i === 0 ? '工业园区专属网格' : `工业园区${chineseNumber(i + 1)}区专属网格`,
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// People and responsibility
// ---------------------------------------------------------------------------------------------

/** Draws the people of the county — centre, departments, towns, villages, grids, citizens — and their "3+N" and grid bindings. */
function staffCounty(
  rng: Random,
  scale: number,
  towns: DemoTown[],
  villages: DemoVillage[],
  grids: DemoGrid[],
  departments: DemoDepartment[],
): { people: DemoPerson[]; bindings: Binding[]; demo: Record<Role, number> } {
  const staff = new Staff(rng);
  staffCountyCentre(staff, departments);
  const villageByCode = new Map(villages.map((v) => [v.code, v]));
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  towns.forEach((town, townIndex) => staffTown(staff, town, townIndex, villageByCode, gridByCode));
  registerCitizens(staff, scale, towns, villageByCode, grids);
  return { people: staff.people, bindings: staff.bindings, demo: staff.demoLoginIds() };
}

/** The people drawn so far, each with a phone of their own, their bindings, and the demo login of each role. */
class Staff {
  readonly people: DemoPerson[] = [];
  readonly bindings: Binding[] = [];
  private readonly phones = new Set<string>();
  private readonly demo: Partial<Record<Role, number>> = {};

  constructor(readonly rng: Random) {}

  /** A new person with a phone number no one else has. */
  person(role: Role, jurisdictionCode: string, departmentId: number | null = null): DemoPerson {
    let phone = phoneNumber(this.rng);
    while (this.phones.has(phone)) phone = phoneNumber(this.rng);
    this.phones.add(phone);
    const p: DemoPerson = {
      id: this.people.length + 1,
      name: personName(this.rng),
      phone,
      role,
      jurisdictionCode,
      departmentId,
      username: null,
    };
    this.people.push(p);
    return p;
  }

  /** Binds a person to a jurisdiction with a duty. */
  bind(p: DemoPerson, jurisdictionCode: string, duty: Duty): void {
    this.bindings.push({ personId: p.id, jurisdictionCode, duty });
  }

  /** Makes the person their role's demo login (username = role), unless the role has one already. */
  markDemo(p: DemoPerson): void {
    if (this.demo[p.role] === undefined) {
      this.demo[p.role] = p.id;
      p.username = p.role;
    }
  }

  /** The person id of each role's demo login; every role must have one. */
  demoLoginIds(): Record<Role, number> {
    for (const role of ROLES) if (this.demo[role] === undefined) throw new Error(`no demo login for ${role}`);
    return this.demo as Record<Role, number>;
  }
}

/** County centre and county leaders (县指挥中心, 县级领导), and department staff (部门工作人员); the demo login works at 应急管理局. */
function staffCountyCentre(staff: Staff, departments: DemoDepartment[]): void {
  for (let k = 0; k < 3; k++) {
    const op = staff.person('county_operator', DEMO_COUNTY_CODE);
    if (k === 0) staff.markDemo(op);
  }
  for (let k = 0; k < 3; k++) {
    const leader = staff.person('leader', DEMO_COUNTY_CODE);
    if (k === 0) staff.markDemo(leader);
  }
  for (const d of departments) {
    const n = staff.rng.int(2, 4);
    for (let k = 0; k < n; k++) {
      const person = staff.person('department_staff', DEMO_COUNTY_CODE, d.id);
      if (k === 0 && d.code === 'emergency') staff.markDemo(person);
    }
  }
}

/** A town's operators and leader, its community police, and the people of each of its villages. */
function staffTown(
  staff: Staff,
  town: DemoTown,
  townIndex: number,
  villageByCode: Map<string, DemoVillage>,
  gridByCode: Map<string, DemoGrid>,
): void {
  for (let k = 0; k < 2; k++) {
    const op = staff.person('town_operator', town.code);
    if (townIndex === 0 && k === 0) staff.markDemo(op);
  }
  staff.person('leader', town.code);
  const policeOf = assignCommunityPolice(staff, town, townIndex);
  town.villageCodes.forEach((vcode, villageIndex) => {
    const isDemo = townIndex === 0 && villageIndex === 0;
    staffVillage(staff, villageByCode.get(vcode)!, policeOf.get(vcode)!, isDemo, gridByCode);
  });
}

/**
 * 社区民警: one officer for one to three neighbouring villages; a multi-village officer belongs to
 * the town (派出所) rather than to one village. Returns each village's officer.
 */
function assignCommunityPolice(staff: Staff, town: DemoTown, townIndex: number): Map<string, DemoPerson> {
  const policeOf = new Map<string, DemoPerson>();
  const codes = town.villageCodes;
  for (let k = 0; k < codes.length;) {
    const size =
      townIndex === 0 && k === 0
        ? 1
        : Math.min(
            codes.length - k,
            staff.rng.weighted([
              [1, 3],
              [2, 4],
              [3, 2],
            ] as const),
          );
    const officer = staff.person('community_police', size === 1 ? codes[k] : town.code);
    for (let m = k; m < k + size; m++) policeOf.set(codes[m], officer);
    k += size;
  }
  return policeOf;
}

/** A village's "3+N", mediators, grid head and grid workers; the demo village gives most demo logins. */
function staffVillage(
  staff: Staff,
  village: DemoVillage,
  officer: DemoPerson,
  isDemo: boolean,
  gridByCode: Map<string, DemoGrid>,
): void {
  const { rng } = staff;
  const vcode = village.code;
  // The "3": 包村领导, 村党组织书记, 社区民警; the "N": 包村工作队队员 (and the grid head below).
  const leader = staff.person('village_leader', vcode);
  staff.bind(leader, vcode, 'leader_in_charge');
  const secretary = staff.person('village_secretary', vcode);
  staff.bind(secretary, vcode, 'party_secretary');
  staff.bind(officer, vcode, 'community_police');
  const teamSize = rng.int(1, 3);
  const team: DemoPerson[] = [];
  for (let k = 0; k < teamSize; k++) {
    const member = staff.person('village_team_member', vcode);
    staff.bind(member, vcode, 'team_member');
    team.push(member);
  }
  const mediators: DemoPerson[] = [];
  const mediatorCount = isDemo ? Math.max(1, rng.int(0, 2)) : rng.int(0, 2);
  for (let k = 0; k < mediatorCount; k++) mediators.push(staff.person('mediator', vcode));

  // 网格长 over all the village's grids, 网格员 per grid (a second one in busy grids).
  const head = staff.person('grid_head', vcode);
  const workers: DemoPerson[] = [];
  for (const gcode of village.gridCodes) {
    const grid = gridByCode.get(gcode)!;
    const worker = staff.person('grid_worker', gcode);
    staff.bind(worker, gcode, 'grid_worker');
    workers.push(worker);
    const second = grid.kind === 'comprehensive' && rng.chance(village.kind === 'community' ? 0.35 : 0.12);
    if (second) staff.bind(staff.person('grid_worker', gcode), gcode, 'grid_worker');
    staff.bind(head, gcode, 'grid_head');
  }
  if (isDemo) {
    staff.markDemo(leader);
    staff.markDemo(secretary);
    staff.markDemo(officer);
    staff.markDemo(team[0]);
    staff.markDemo(mediators[0]);
    staff.markDemo(head);
    staff.markDemo(workers[0]);
  }
}

/**
 * Citizens who registered to report (随手拍), living in grids weighted by households; the demo
 * citizen lives in the demo village's first grid.
 */
function registerCitizens(
  staff: Staff,
  scale: number,
  towns: DemoTown[],
  villageByCode: Map<string, DemoVillage>,
  grids: DemoGrid[],
): void {
  const firstGrid = villageByCode.get(towns[0].villageCodes[0])!.gridCodes[0];
  staff.markDemo(staff.person('citizen', firstGrid));
  const citizenCount = Math.round(320 * scale);
  const totalHouseholds = grids.reduce((s, g) => s + g.households, 0);
  for (let k = 1; k < citizenCount; k++) {
    let r = staff.rng.next() * totalHouseholds;
    let home = grids[grids.length - 1];
    for (const g of grids) {
      r -= g.households;
      if (r < 0) {
        home = g;
        break;
      }
    }
    staff.person('citizen', home.code);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers over a model
// ---------------------------------------------------------------------------------------------

/** Every jurisdiction, parents before children: county, towns, villages, grids. */
export function allJurisdictions(model: CountyModel): DemoJurisdiction[] {
  return [model.county, ...model.towns, ...model.villages, ...model.grids];
}

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  roleName: string;
  name: string;
  jurisdictionCode: string;
  /** 一网示范县 / 城关街道 / 东关社区 … down to the person's own jurisdiction. */
  jurisdictionName: string;
  departmentName: string | null;
}

/** The demo logins, one per role, in the order of ROLES. */
export function demoLogins(model: CountyModel): DemoLogin[] {
  const byCode = new Map(allJurisdictions(model).map((j) => [j.code, j]));
  const peopleById = new Map(model.people.map((p) => [p.id, p]));
  return ROLES.map((role) => {
    const p = peopleById.get(model.demo[role])!;
    const path: string[] = [];
    for (let code: string | null = p.jurisdictionCode; code; code = byCode.get(code)?.parentCode ?? null) {
      path.unshift(byCode.get(code)!.name);
    }
    return {
      username: p.username!,
      password: DEMO_PASSWORD,
      role,
      roleName: ROLE_NAMES_ZH[role],
      name: p.name,
      jurisdictionCode: p.jurisdictionCode,
      jurisdictionName: path.join(' / '),
      departmentName: p.departmentId ? (model.departments.find((d) => d.id === p.departmentId)?.name ?? null) : null,
    };
  });
}

/** The people bound to each jurisdiction, in binding order (what auto-dispatch looks up). */
export function bindingsByJurisdiction(model: CountyModel): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  for (const b of model.bindings) {
    const list = out.get(b.jurisdictionCode);
    if (list) list.push(b);
    else out.set(b.jurisdictionCode, [b]);
  }
  return out;
}
