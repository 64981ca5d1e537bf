/**
 * The signed-in user as the core sees them, and what part of the tree they may see.
 * 辖区范围: a user sees their jurisdiction's subtree; department staff see what is assigned to
 * their department; a mediator what they were asked to mediate; a citizen what they reported.
 */
import type { Role } from './roles.js';
import { isWithin, placementColumn, type JurisdictionLevel, type Placement } from '../organisation/division-code.js';

export interface CurrentUser {
  id: number;
  name: string;
  role: Role;
  jurisdictionCode: string;
  jurisdictionLevel: JurisdictionLevel;
  jurisdictionName: string;
  departmentId: number | null;
}

export type EventScope =
  | { kind: 'placement'; column: keyof Placement; code: string }
  | { kind: 'department'; departmentId: number }
  | { kind: 'reporter'; personId: number }
  /** Only what was ever assigned to the person (or they reported): a mediator's. */
  | { kind: 'involved'; personId: number };

/** The events a user may see, besides those assigned to them personally. */
export function eventScopeOf(user: CurrentUser): EventScope {
  if (user.role === 'citizen') return { kind: 'reporter', personId: user.id };
  // 调解员: a member of the 群英库 is no official of the place — only the disputes they are asked to mediate
  if (user.role === 'mediator') return { kind: 'involved', personId: user.id };
  if (user.role === 'department_staff' && user.departmentId !== null) {
    return { kind: 'department', departmentId: user.departmentId };
  }
  return { kind: 'placement', column: placementColumn(user.jurisdictionLevel), code: user.jurisdictionCode };
}

/** Whether a jurisdiction lies within what the user may see of the tree. */
export function canSeeJurisdiction(user: CurrentUser, code: string): boolean {
  if (user.role === 'citizen') return false;
  return isWithin(code, user.jurisdictionCode);
}

/** Roles that administer the organisation (import grids, people, bindings; edit the taxonomy). */
export function canAdministerOrganisation(user: CurrentUser): boolean {
  return user.role === 'county_operator' || user.role === 'town_operator';
}
