/**
 * Who may read and steer the supervision figures. Figures are aggregates of a jurisdiction's
 * events, so they follow the same subtree rule as the events: a town sees its town, a village
 * cadre their village, a grid worker their grid. Citizens and mediators see none; department
 * staff see their department's own row of the department ranking only.
 */
import { fail } from '../errors.js';
import type { CurrentUser } from '../access/current-user.js';
import type { Role } from '../access/roles.js';
import { townOf, countyOf, isWithin, levelOfCode, subtreePrefix } from '../organisation/division-code.js';

export function assertCanReadAnalytics(user: CurrentUser): void {
  if (user.role === 'citizen' || user.role === 'mediator')
    fail('FORBIDDEN', 'supervision figures are for cadres and command centres');
}

/** A jurisdiction's figures: the user's own subtree only. */
export function assertCanReadScope(user: CurrentUser, scopeCode: string): void {
  assertCanReadAnalytics(user);
  if (user.role === 'department_staff')
    fail('FORBIDDEN', 'department staff see their department in the department ranking, not jurisdiction figures');
  if (!isWithin(scopeCode, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `jurisdiction ${scopeCode} is outside yours`);
}

/** Village-class weights and department pairings (挂钩) are the county centre's to set. */
export function assertCanSteerVillageClasses(user: CurrentUser): void {
  if (user.role !== 'county_operator')
    fail('FORBIDDEN', 'only the county command centre sets village classes and pairings');
}

/** Classes are recomputed by the county or a town centre (for its villages the figures are the same). */
export function assertCanComputeVillageClasses(user: CurrentUser): void {
  if (user.role !== 'county_operator' && user.role !== 'town_operator')
    fail('FORBIDDEN', 'only a command centre recomputes village classes');
}

// ---------------------------------------------------------------------------------------------
// Circulation (下发范围): who reads and who issues a notice
// ---------------------------------------------------------------------------------------------

/** Roles that receive no notices: they work on single events, not on a jurisdiction's figures. */
const NON_READERS: readonly Role[] = ['citizen', 'mediator', 'grid_worker', 'grid_head'];
/** Roles that issue notices on demand: the command centres and the county leaders. */
const ISSUERS: readonly Role[] = ['county_operator', 'town_operator', 'leader'];

export function assertCanReadBriefings(user: CurrentUser): void {
  if (NON_READERS.includes(user.role))
    fail('FORBIDDEN', 'briefings are circulated to cadres, departments and command centres');
}

/** The centres (county, town) at or above a jurisdiction: those whose notices reach it. */
export function briefingCentresAbove(code: string): string[] {
  const level = levelOfCode(code);
  if (!level) return [];
  const county = countyOf(code);
  return level === 'county' ? [county] : [county, townOf(code)];
}

/**
 * The notices a user receives: those of the centres above them and their own (a county notice is
 * circulated to its towns and villages), and — for everyone but department staff — those of the
 * centres below them (subtreePrefix: the leading digits of their subtree). Department staff
 * receive the notices of the county they serve, not the towns' own.
 */
export function briefingAudience(user: CurrentUser): { above: string[]; subtreePrefix: string | null } {
  if (NON_READERS.includes(user.role)) return { above: [], subtreePrefix: null };
  const above = briefingCentresAbove(user.jurisdictionCode);
  const level = levelOfCode(user.jurisdictionCode);
  if (user.role === 'department_staff' || !level) return { above, subtreePrefix: null };
  return { above, subtreePrefix: subtreePrefix(user.jurisdictionCode, level) };
}

/** Whether a user receives a centre's notice (see briefingAudience). */
export function canReadBriefing(user: CurrentUser, scopeCode: string): boolean {
  const audience = briefingAudience(user);
  return (
    audience.above.includes(scopeCode) ||
    (audience.subtreePrefix !== null && scopeCode.startsWith(audience.subtreePrefix))
  );
}

/** Issuing a notice on demand: command centres and leaders, for a county or town within their own jurisdiction. */
export function assertCanIssueBriefing(user: CurrentUser, scopeCode: string): void {
  if (!ISSUERS.includes(user.role)) fail('FORBIDDEN', 'briefings are issued by the command centres and county leaders');
  if (!isWithin(scopeCode, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `jurisdiction ${scopeCode} is outside yours`);
  const level = levelOfCode(scopeCode);
  if (level !== 'county' && level !== 'town') fail('VALIDATION_FAILED', 'briefings are issued for a county or a town');
}
