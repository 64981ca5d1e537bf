/**
 * 自动分拨: who an event goes to, decided from where it is. "Once an item enters the platform it
 * is dispatched to the town and village by jurisdiction, automatically bound to its responsible
 * people" — the grid's owners and the village's "3+N" team. Where no grid contains the point, the
 * event goes to the command centre of the smallest enclosing jurisdiction that has one (town or
 * county), with the reason recorded. Pure: the caller supplies the location result and bindings.
 */
import type { Duty } from '../access/roles.js';
import { levelOfCode, parentCodeOf, type JurisdictionLevel } from '../organisation/division-code.js';

export type DispatchReason =
  | 'in_grid' // the point lies in a grid
  | 'outside_grids' // in the county, but no grid contains the point
  | 'outside_county' // no jurisdiction contains the point
  | 'named_jurisdiction' // no point; the reporter or operator named the jurisdiction
  | 'no_responsible_people'; // the grid and village have nobody bound: the town centre takes it

export const DISPATCH_REASON_ZH: Record<DispatchReason, string> = {
  in_grid: '按网格自动分拨',
  outside_grids: '位置不在任何网格内，分拨至综治中心',
  outside_county: '位置不在本辖区内，分拨至县指挥中心',
  named_jurisdiction: '按指定辖区分拨',
  no_responsible_people: '网格和村未绑定责任人，分拨至综治中心',
};

export interface Binding {
  personId: number;
  jurisdictionCode: string;
  duty: Duty;
}

export type AssignmentRole =
  | 'grid_owner' // 网格责任人
  | 'village_team' // 村"3+N"团队
  | 'centre' // 综治中心 / 指挥中心
  | 'assigned' // named by an operator on reassignment
  | 'department_lead' // 牵头部门
  | 'department_assist'; // 协办部门

export interface PlannedAssignment {
  personId?: number;
  centreCode?: string;
  departmentId?: number;
  assignmentRole: AssignmentRole;
  duty?: Duty;
}

export interface DispatchPlan {
  /** The most precise jurisdiction known for the event: it is counted there. */
  jurisdictionCode: string;
  reason: DispatchReason;
  assignments: PlannedAssignment[];
}

/** The town (or, failing that, county) whose command centre takes an event placed at `code`. */
export function centreFor(code: string, countyCode: string): string {
  let current: string | null = code;
  while (current) {
    const level = levelOfCode(current);
    if (level === 'town' || level === 'county') return current;
    current = parentCodeOf(current);
  }
  return countyCode;
}

/**
 * @param located the smallest jurisdiction containing the event (from the grid router, or named),
 *                or null when nothing contains it
 * @param bindingsOf the people bound to a jurisdiction
 */
export function planDispatch(
  located: { code: string; level: JurisdictionLevel } | null,
  countyCode: string,
  bindingsOf: (jurisdictionCode: string) => readonly Binding[],
  named = false,
): DispatchPlan {
  if (!located) {
    return {
      jurisdictionCode: countyCode,
      reason: 'outside_county',
      assignments: [{ centreCode: countyCode, assignmentRole: 'centre' }],
    };
  }
  const { code, level } = located;
  const people: PlannedAssignment[] = [];
  const seen = new Set<number>();
  const add = (b: Binding, assignmentRole: 'grid_owner' | 'village_team') => {
    if (seen.has(b.personId)) return;
    seen.add(b.personId);
    people.push({ personId: b.personId, assignmentRole, duty: b.duty });
  };
  if (level === 'grid') {
    for (const b of bindingsOf(code)) add(b, 'grid_owner');
    const village = parentCodeOf(code);
    if (village) for (const b of bindingsOf(village)) add(b, 'village_team');
  } else if (level === 'village' && named) {
    for (const b of bindingsOf(code)) add(b, 'village_team');
  }
  if (people.length > 0) {
    return { jurisdictionCode: code, reason: named ? 'named_jurisdiction' : 'in_grid', assignments: people };
  }
  const reason: DispatchReason =
    level === 'grid' || (level === 'village' && named)
      ? 'no_responsible_people'
      : named
        ? 'named_jurisdiction'
        : 'outside_grids';
  return {
    jurisdictionCode: code,
    reason,
    assignments: [{ centreCode: centreFor(code, countyCode), assignmentRole: 'centre' }],
  };
}
