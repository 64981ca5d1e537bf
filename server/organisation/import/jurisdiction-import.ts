/**
 * 网格导入: towns, villages and grids from a GeoJSON FeatureCollection. Parsing, the row checks
 * and the cheap overlap check live here, without a database: the service hands in what already
 * exists and gets back the errors and the plan to write.
 */
import { fail } from '../../../core/errors.js';
import {
  LEVELS,
  isWithin,
  levelOfCode,
  parentCodeOf,
  type JurisdictionLevel,
} from '../../../core/organisation/division-code.js';
import {
  areaCentroid,
  bboxOf,
  pointInGeometry,
  validateAreaGeometry,
  type AreaGeometry,
  type BBox,
  type Position,
} from '../../../core/geo/geometry.js';
import { decodeUtf8Text } from './table-import.js';
import type { RowError } from './import-report.js';

/** More features than this is a file to split: one import is one transaction. */
export const MAX_FEATURES = 50_000;
export const MAX_NAME_LENGTH = 100;
const MAX_HOUSEHOLDS = 10_000_000;

/** The kinds each level may have; the first is the default for a new jurisdiction. */
export const KINDS_BY_LEVEL: Record<JurisdictionLevel, readonly string[]> = {
  county: ['county'],
  town: ['town', 'subdistrict'],
  village: ['village', 'community'],
  grid: ['comprehensive', 'dedicated'],
};

/** Chinese kind names accepted in `properties.kind`. */
const KIND_ALIASES: Record<string, string> = {
  县: 'county',
  区: 'county',
  镇: 'town',
  乡: 'town',
  街道: 'subdistrict',
  村: 'village',
  社区: 'community',
  综合网格: 'comprehensive',
  专属网格: 'dedicated',
};

const LEVEL_NAMES_ZH: Record<JurisdictionLevel, string> = {
  county: '县',
  town: '镇(街)',
  village: '村(社区)',
  grid: '网格',
};

/** A feature as found in the file, with its 1-based position. */
export interface RawFeature {
  row: number;
  value: unknown;
}

/** Bytes of a GeoJSON file (an upload) into its features. */
export function parseGeoJsonBytes(bytes: Uint8Array): RawFeature[] {
  if (bytes.length === 0) fail('VALIDATION_FAILED', 'the file is empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    fail(
      'IMPORT_FORMAT_UNSUPPORTED',
      'this is a zip or XLSX file; jurisdictions are imported from a GeoJSON FeatureCollection',
    );
  }
  const text = decodeUtf8Text(bytes, 'GeoJSON').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first !== '{') {
    fail(
      'IMPORT_FORMAT_UNSUPPORTED',
      'the file is not GeoJSON; jurisdictions are imported from a GeoJSON FeatureCollection',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail('BAD_JSON', `the GeoJSON file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return featuresOf(value);
}

/** The features of a parsed FeatureCollection; anything else is refused as a whole. */
export function featuresOf(value: unknown): RawFeature[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('VALIDATION_FAILED', 'expected a GeoJSON FeatureCollection object');
  }
  const collection = value as { type?: unknown; features?: unknown; crs?: unknown };
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    fail('VALIDATION_FAILED', 'expected a GeoJSON FeatureCollection: {"type": "FeatureCollection", "features": […]}');
  }
  const crsName = (collection.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crsName === 'string' && !/(4326|4490|CRS84)$/i.test(crsName)) {
    fail(
      'VALIDATION_FAILED',
      `coordinates must be longitude/latitude in WGS-84 or CGCS2000 (EPSG:4326 / 4490); the file declares ${crsName}`,
    );
  }
  if (collection.features.length === 0) fail('VALIDATION_FAILED', 'the FeatureCollection has no features');
  if (collection.features.length > MAX_FEATURES) {
    fail('VALIDATION_FAILED', `the file has more than ${MAX_FEATURES} features; split it into smaller files`);
  }
  return collection.features.map((feature, index) => ({ row: index + 1, value: feature }));
}

/** Codes worth looking up before validating: each feature's code and its parent's. */
export function referencedCodes(features: RawFeature[]): string[] {
  const codes = new Set<string>();
  for (const f of features) {
    const code = codeOf(propertiesOf(f.value)?.code);
    if (code && levelOfCode(code)) {
      codes.add(code);
      const parent = parentCodeOf(code);
      if (parent) codes.add(parent);
    }
  }
  return [...codes];
}

export interface ExistingJurisdiction {
  code: string;
  level: JurisdictionLevel;
}

export interface JurisdictionImportContext {
  /** The importer's jurisdiction: everything imported must lie in its subtree. */
  scopeCode: string;
  /** Jurisdictions already in the database among referencedCodes(). */
  existing: ReadonlyMap<string, ExistingJurisdiction>;
}

/** One jurisdiction to write. Absent optional values leave an existing row's values as they are. */
export interface PlannedJurisdiction {
  row: number;
  action: 'insert' | 'update';
  code: string;
  parentCode: string | null;
  level: JurisdictionLevel;
  name: string;
  /** Absent on update when the file gives none (the existing kind is kept). */
  kind: string | null;
  geometry: AreaGeometry | null;
  centroid: Position | null;
  households: number | null;
}

export interface JurisdictionValidation {
  errors: RowError[];
  /** Valid rows, parents before children. */
  plan: PlannedJurisdiction[];
}

function propertiesOf(feature: unknown): Record<string, unknown> | null {
  if (typeof feature !== 'object' || feature === null) return null;
  const properties = (feature as { properties?: unknown }).properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties)
    ? (properties as Record<string, unknown>)
    : null;
}

/** A code given as a string or (from some GIS exports) as a number. */
function codeOf(value: unknown): string | null {
  if (typeof value === 'string') return value.normalize('NFKC').trim();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

/** Checks every feature and plans the writes. Rows with errors are left out of the plan. */
export function validateJurisdictionFeatures(
  features: RawFeature[],
  ctx: JurisdictionImportContext,
): JurisdictionValidation {
  const errors: RowError[] = [];
  const candidates: PlannedJurisdiction[] = [];
  const firstRowOf = new Map<string, number>();

  for (const { row, value } of features) {
    const err: FeatureError = (message, field, code) => {
      errors.push({ row, ...(code ? { code } : {}), ...(field ? { field } : {}), message });
    };
    const identified = identifyFeature(row, value, firstRowOf, err);
    if (!identified) continue;
    const before = errors.length;
    const candidate = planFeature(row, value, identified, ctx, err);
    if (errors.length > before) continue;
    candidates.push(candidate);
  }
  return requireKnownParents(candidates, ctx, firstRowOf, errors);
}

/** Reports an error on the feature being checked. */
type FeatureError = (message: string, field?: string, code?: string) => void;

/** What a feature must have before anything else is checked: a properties object and a new, valid code. */
interface IdentifiedFeature {
  properties: Record<string, unknown>;
  code: string;
  level: JurisdictionLevel;
}

/**
 * The feature's properties, code and level; null (the error reported) when it is not a Feature,
 * has no properties, no valid code, or repeats a code of an earlier feature.
 */
function identifyFeature(
  row: number,
  value: unknown,
  firstRowOf: Map<string, number>,
  err: FeatureError,
): IdentifiedFeature | null {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    (value as { type?: unknown }).type !== 'Feature'
  ) {
    err('not a GeoJSON Feature');
    return null;
  }
  const properties = propertiesOf(value);
  if (!properties) {
    err('the feature has no properties object', 'properties');
    return null;
  }
  const code = codeOf(properties.code);
  if (code === null || code === '') {
    err('properties.code is required: the 12-digit division code, or 15 digits for a grid', 'code');
    return null;
  }
  const level = levelOfCode(code);
  if (!level) {
    err(`"${code}" is not a county, town, village (12 digits) or grid (15 digits) code`, 'code', code);
    return null;
  }
  const earlier = firstRowOf.get(code);
  if (earlier !== undefined) {
    err(`code ${code} appears again (first on feature ${earlier})`, 'code', code);
    return null;
  }
  firstRowOf.set(code, row);
  return { properties, code, level };
}

/** Checks the rest of an identified feature (level, scope, kind, name, households, parent, geometry) into a planned row. */
function planFeature(
  row: number,
  value: unknown,
  { properties, code, level }: IdentifiedFeature,
  ctx: JurisdictionImportContext,
  err: FeatureError,
): PlannedJurisdiction {
  if (properties.level !== undefined && properties.level !== null && properties.level !== level) {
    err(`level "${String(properties.level)}" does not match the code, which is a ${level} code`, 'level', code);
  }
  const exists = ctx.existing.has(code);
  if (!isWithin(code, ctx.scopeCode)) {
    err(`${code} is outside your jurisdiction ${ctx.scopeCode}`, 'code', code);
  } else if (code === ctx.scopeCode && !exists) {
    err(`${code} is your own jurisdiction; it can be updated but not created by you`, 'code', code);
  }
  const kind = kindOf(properties.kind, code, level, exists, err);
  const name = nameOf(properties.name, code, err);
  const households = householdsOf(properties.households, code, err);
  const parentCode = checkedParentCode(properties.parentCode, code, err);
  const { geometry, centroid } = geometryOf((value as { geometry?: unknown }).geometry, code, level, err);
  return {
    row,
    action: exists ? 'update' : 'insert',
    code,
    parentCode,
    level,
    name,
    kind,
    geometry,
    centroid,
    households,
  };
}

/** The kind (Chinese names such as 社区 or 综合网格 accepted); a new jurisdiction without one gets its level's default. */
function kindOf(
  given: unknown,
  code: string,
  level: JurisdictionLevel,
  exists: boolean,
  err: FeatureError,
): string | null {
  let kind: string | null = null;
  if (given !== undefined && given !== null && given !== '') {
    const raw = typeof given === 'string' ? given.trim() : '';
    const k = KIND_ALIASES[raw] ?? raw.toLowerCase();
    if (KINDS_BY_LEVEL[level].includes(k)) {
      kind = k;
    } else {
      const owner = LEVELS.find((l) => KINDS_BY_LEVEL[l].includes(k));
      err(
        owner
          ? `kind "${raw}" is for a ${owner} but ${code} is a ${level} (${LEVEL_NAMES_ZH[level]}) code; use ${KINDS_BY_LEVEL[level].join(' or ')}`
          : `kind must be ${KINDS_BY_LEVEL[level].join(' or ')} for a ${level}, got "${String(given)}"`,
        'kind',
        code,
      );
    }
  }
  if (kind === null && !exists) kind = KINDS_BY_LEVEL[level][0];
  return kind;
}

/** The name, required and at most MAX_NAME_LENGTH characters. */
function nameOf(given: unknown, code: string, err: FeatureError): string {
  if (typeof given !== 'string' || given.trim() === '') {
    err('properties.name is required', 'name', code);
    return '';
  }
  const name = given.trim();
  if ([...name].length > MAX_NAME_LENGTH) err(`name is longer than ${MAX_NAME_LENGTH} characters`, 'name', code);
  return name;
}

/** The households (户数), if given: a whole number (or its text) from 0 to MAX_HOUSEHOLDS. */
function householdsOf(given: unknown, code: string, err: FeatureError): number | null {
  if (given === undefined || given === null || given === '') return null;
  const n = typeof given === 'string' ? Number(given.trim()) : given;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_HOUSEHOLDS) {
    err('households must be a whole number ≥ 0', 'households', code);
    return null;
  }
  return n;
}

/** The parent's code, which the code itself implies; a parentCode given in the file must agree with it. */
function checkedParentCode(given: unknown, code: string, err: FeatureError): string | null {
  const expectedParent = parentCodeOf(code);
  if (given !== undefined && given !== null && given !== '') {
    if (codeOf(given) !== expectedParent) {
      err(
        expectedParent
          ? `parentCode ${String(given)} does not contain ${code}; its parent is ${expectedParent}`
          : `a county has no parent in this tree; drop parentCode`,
        'parentCode',
        code,
      );
    }
  }
  return expectedParent;
}

/** The boundary and its centroid, if valid; a grid (网格) must have one. */
function geometryOf(
  rawGeometry: unknown,
  code: string,
  level: JurisdictionLevel,
  err: FeatureError,
): { geometry: AreaGeometry | null; centroid: Position | null } {
  if (rawGeometry === null || rawGeometry === undefined) {
    if (level === 'grid') err('a grid needs a Polygon or MultiPolygon geometry', 'geometry', code);
    return { geometry: null, centroid: null };
  }
  const checked = validateAreaGeometry(rawGeometry);
  if (!checked.ok) {
    err(`invalid geometry: ${checked.reason}`, 'geometry', code);
    return { geometry: null, centroid: null };
  }
  return { geometry: checked.geometry, centroid: areaCentroid(checked.geometry) };
}

/**
 * The plan, parents first: a new row's parent must be in the database or in this file (which is
 * written parents first). A parent that is in the file but has errors of its own is not reported
 * again on each child.
 */
function requireKnownParents(
  candidates: PlannedJurisdiction[],
  ctx: JurisdictionImportContext,
  firstRowOf: Map<string, number>,
  errors: RowError[],
): JurisdictionValidation {
  const depth = (l: JurisdictionLevel) => LEVELS.indexOf(l);
  const plan: PlannedJurisdiction[] = [];
  for (const item of candidates) {
    if (
      item.action === 'insert' &&
      item.parentCode !== null &&
      !ctx.existing.has(item.parentCode) &&
      !firstRowOf.has(item.parentCode)
    ) {
      errors.push({
        row: item.row,
        code: item.code,
        field: 'parentCode',
        message: `the parent ${item.parentCode} does not exist; import it first or add it to this file`,
      });
      continue;
    }
    plan.push(item);
  }
  plan.sort((a, b) => depth(a.level) - depth(b.level) || a.row - b.row);
  return { errors, plan };
}

// ---------------------------------------------------------------------------------------------
// Overlap between sibling grids
// ---------------------------------------------------------------------------------------------

export interface GridShape {
  code: string;
  parentCode: string;
  geometry: AreaGeometry;
}

const SAMPLE_LATTICE = 5;
/** A lattice offset that does not line up with round coordinates, so shared edges are not hit. */
const SAMPLE_PHASE = 0.381966;
/** Sample points of one grid deep inside the other that make an overlap (an area, not a sliver). */
const OVERLAP_EVIDENCE = 2;

interface Sampled {
  code: string;
  geometry: AreaGeometry;
  bbox: BBox;
  eps: number;
  points: Position[];
}

function deepInside(p: Position, geometry: AreaGeometry, eps: number): boolean {
  return (
    pointInGeometry(p, geometry) &&
    pointInGeometry([p[0] + eps, p[1]], geometry) &&
    pointInGeometry([p[0] - eps, p[1]], geometry) &&
    pointInGeometry([p[0], p[1] + eps], geometry) &&
    pointInGeometry([p[0], p[1] - eps], geometry)
  );
}

function sample(shape: { code: string; geometry: AreaGeometry }): Sampled {
  const bbox = bboxOf(shape.geometry);
  const w = bbox[2] - bbox[0];
  const h = bbox[3] - bbox[1];
  const eps = Math.max(w, h) * 1e-6;
  const candidates: Position[] = [areaCentroid(shape.geometry)];
  for (let i = 0; i < SAMPLE_LATTICE; i++) {
    for (let j = 0; j < SAMPLE_LATTICE; j++) {
      candidates.push([
        bbox[0] + (w * (i + SAMPLE_PHASE)) / SAMPLE_LATTICE,
        bbox[1] + (h * (j + SAMPLE_PHASE)) / SAMPLE_LATTICE,
      ]);
    }
  }
  const points = candidates.filter((p) => deepInside(p, shape.geometry, eps));
  return { code: shape.code, geometry: shape.geometry, bbox, eps, points };
}

const bboxesMeet = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** How many of a's sample points lie well inside b. */
function evidence(a: Sampled, b: Sampled): number {
  let n = 0;
  const eps = Math.min(a.eps, b.eps);
  for (const p of a.points) {
    if (p[0] <= b.bbox[0] || p[0] >= b.bbox[2] || p[1] <= b.bbox[1] || p[1] >= b.bbox[3]) continue;
    if (deepInside(p, b.geometry, eps)) n++;
  }
  return n;
}

function overlaps(a: Sampled, b: Sampled): boolean {
  if (!bboxesMeet(a.bbox, b.bbox)) return false;
  const need = (s: Sampled) => Math.min(OVERLAP_EVIDENCE, Math.max(1, s.points.length));
  return evidence(a, b) >= need(a) || evidence(b, a) >= need(b);
}

/**
 * A cheap overlap check between grids of one village: a grid in the file overlaps a sibling (in
 * the database and not replaced by this file, or earlier in the file) when several sample points
 * of one lie well inside the other. It finds duplicated or badly misplaced grids; slivers from
 * imprecise digitising pass, and the router's tie-break settles points in them.
 */
export function findGridOverlaps(
  planned: readonly (GridShape & { row: number })[],
  existingSiblings: readonly GridShape[],
): RowError[] {
  const errors: RowError[] = [];
  const inFile = new Set(planned.map((g) => g.code));
  const byParent = new Map<string, Sampled[]>();
  for (const s of existingSiblings) {
    if (inFile.has(s.code)) continue;
    const list = byParent.get(s.parentCode) ?? [];
    list.push(sample(s));
    byParent.set(s.parentCode, list);
  }
  const ordered = [...planned].sort((a, b) => a.row - b.row);
  for (const grid of ordered) {
    const mine = sample(grid);
    const siblings = byParent.get(grid.parentCode) ?? [];
    const hit = siblings.find((s) => overlaps(mine, s));
    if (hit) {
      errors.push({
        row: grid.row,
        code: grid.code,
        field: 'geometry',
        message: `the grid overlaps the neighbouring grid ${hit.code} of the same village`,
      });
    }
    siblings.push(mine);
    byParent.set(grid.parentCode, siblings);
  }
  return errors;
}
