/**
 * 统计用区划代码: the 12-digit statistical division code (province 2, city 2, county 2, town 3,
 * village 3 digits); a grid code extends its village code by three more digits. The tree is in the
 * code itself, so a jurisdiction's level, its ancestors and whether one contains another are
 * computed here without a database.
 */
import { fail } from '../errors.js';

/** 辖区层级 */
export type JurisdictionLevel = 'county' | 'town' | 'village' | 'grid';

export const LEVELS: readonly JurisdictionLevel[] = ['county', 'town', 'village', 'grid'];

/** How many leading digits identify a jurisdiction of each level. */
const SIGNIFICANT_DIGITS: Record<JurisdictionLevel, number> = { county: 6, town: 9, village: 12, grid: 15 };

const CODE_PATTERN = /^[0-9]{12}([0-9]{3})?$/;

export function isDivisionCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** The level a well-formed code denotes, or null when it is not a county-or-below code. */
export function levelOfCode(code: string): JurisdictionLevel | null {
  if (!CODE_PATTERN.test(code)) return null;
  if (code.length === 15) return code.slice(12) === '000' || code.slice(9, 12) === '000' ? null : 'grid';
  if (code.slice(9, 12) !== '000') return code.slice(6, 9) === '000' ? null : 'village';
  if (code.slice(6, 9) !== '000') return 'town';
  if (code.slice(4, 6) !== '00') return 'county';
  return null;
}

export function assertDivisionCode(code: string, expected?: JurisdictionLevel): JurisdictionLevel {
  const level = levelOfCode(code);
  if (!level) {
    fail('JURISDICTION_CODE_INVALID', `"${code}" is not a county, town, village (12 digits) or grid (15 digits) code`);
  }
  if (expected && level !== expected) {
    fail('JURISDICTION_CODE_INVALID', `"${code}" is a ${level} code, expected a ${expected} code`);
  }
  return level;
}

/** The leading digits every descendant of this jurisdiction shares. */
export function subtreePrefix(code: string, level: JurisdictionLevel): string {
  return code.slice(0, SIGNIFICANT_DIGITS[level]);
}

/** The county a code lies in (its first six digits): 620999100201001 → 620999000000. */
export function countyOf(code: string): string {
  return code.slice(0, 6) + '000000';
}

/** The town a town-or-lower code lies in (its first nine digits): 620999100201 → 620999100000. */
export function townOf(code: string): string {
  return code.slice(0, 9) + '000';
}

/** The parent's code: grid → village → town → county → null. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  switch (level) {
    case 'grid':
      return code.slice(0, 12);
    case 'village':
      return townOf(code);
    case 'town':
      return countyOf(code);
    default:
      return null;
  }
}

/** True when `code` is `ancestor` itself or lies in its subtree. */
export function isWithin(code: string, ancestor: string): boolean {
  const level = levelOfCode(ancestor);
  if (!level) return false;
  return code.startsWith(subtreePrefix(ancestor, level));
}

/**
 * Where a jurisdiction sits in the tree, one code per level (null below its own level). Events
 * carry this placement so that "everything under town X" is an equality on one indexed column.
 */
export interface Placement {
  county_code: string | null;
  town_code: string | null;
  village_code: string | null;
  grid_code: string | null;
}

export function placementOf(code: string): Placement {
  const level = assertDivisionCode(code);
  const depth = LEVELS.indexOf(level);
  return {
    county_code: countyOf(code),
    town_code: depth >= 1 ? townOf(code) : null,
    village_code: depth >= 2 ? code.slice(0, 12) : null,
    grid_code: depth >= 3 ? code : null,
  };
}

/** The events column that scopes to a jurisdiction of this level. */
export function placementColumn(level: JurisdictionLevel): keyof Placement {
  return `${level}_code` as keyof Placement;
}
