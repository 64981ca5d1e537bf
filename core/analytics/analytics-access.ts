/**
 * Who may read and steer the supervision figures. Figures are aggregates of a jurisdiction's
 * events, so they follow the same subtree rule as the events: a town sees its town, a village
 * cadre their village, a grid worker their grid. Citizens and mediators see none; department
 * staff see their department's own row of the department ranking only.
 */
import { fail } from '../errors.js';
import type { CurrentUser } from '../access/current-user.js';
import { isWithin } from '../organisation/division-code.js';

export function assertCanReadAnalytics(user: CurrentUser): void {
  if (user.role === 'citizen' || user.role === 'mediator') fail('FORBIDDEN', 'supervision figures are for cadres and command centres');
}

/** A jurisdiction's figures: the user's own subtree only. */
export function assertCanReadScope(user: CurrentUser, scopeCode: string): void {
  assertCanReadAnalytics(user);
  if (user.role === 'department_staff') fail('FORBIDDEN', 'department staff see their department in the department ranking, not jurisdiction figures');
  if (!isWithin(scopeCode, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `jurisdiction ${scopeCode} is outside yours`);
}

/** Village-class weights and department pairings (挂钩) are the county centre's to set. */
export function assertCanSteerVillageClasses(user: CurrentUser): void {
  if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county command centre sets village classes and pairings');
}

/** Classes are recomputed by the county or a town centre (for its villages the figures are the same). */
export function assertCanComputeVillageClasses(user: CurrentUser): void {
  if (user.role !== 'county_operator' && user.role !== 'town_operator') fail('FORBIDDEN', 'only a command centre recomputes village classes');
}
