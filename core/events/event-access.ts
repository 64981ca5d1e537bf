/**
 * How a user stands to one event: may they see it, do they hold it (承办) or only assist at a lower
 * tier, do they supervise it (督办), did they report it. Pure; the server gathers the facts.
 */
import type { CurrentUser } from '../access/current-user.js';
import type { ActorRelation } from './event-workflow.js';
import { placementColumn, type Placement } from '../organisation/division-code.js';
import { isTier, type Tier } from '../deadlines/tiers.js';
import { holdsAtTier, supervisesFrom } from './holding.js';

export interface AssignmentFact {
  personId: number | null;
  departmentId: number | null;
  centreCode: string | null;
  active: boolean;
  /** A `mediator` assignment lets the mediator see the event, not handle it. */
  assignmentRole?: string;
  /** The tier the assignment serves (承办层级, see holding.ts). */
  tier: string;
}

export interface EventFacts extends Placement {
  reporterId: number | null;
  /** The tier that holds the event now. */
  tier: string;
  /** The supervising centre (督办中心): a town's or the county's code. */
  supervisorCode: string;
  assignments: readonly AssignmentFact[];
}

const SUPERVISING_ROLES = new Set(['town_operator', 'county_operator', 'leader']);

function involves(user: CurrentUser, a: AssignmentFact): boolean {
  if (a.personId !== null) return a.personId === user.id;
  if (a.departmentId !== null) return user.role === 'department_staff' && a.departmentId === user.departmentId;
  if (a.centreCode !== null) {
    return (user.role === 'town_operator' || user.role === 'county_operator') && a.centreCode === user.jurisdictionCode;
  }
  return false;
}

export function relationTo(user: CurrentUser, event: EventFacts): ActorRelation & { canSee: boolean } {
  const eventTier: Tier = isTier(event.tier) ? event.tier : 'village';
  const working = event.assignments.filter((a) => a.active && a.assignmentRole !== 'mediator' && involves(user, a));
  const isAssignee = working.length > 0;
  const holds = working.some((a) => holdsAtTier(isTier(a.tier) ? a.tier : eventTier, eventTier));
  const everInvolved = isAssignee || event.assignments.some((a) => involves(user, a));
  // citizens, department staff and mediators see what involves them, not a place's every event
  const withinTree =
    user.role !== 'citizen' &&
    user.role !== 'department_staff' &&
    user.role !== 'mediator' &&
    event[placementColumn(user.jurisdictionLevel)] === user.jurisdictionCode;
  const inScope = withinTree && SUPERVISING_ROLES.has(user.role);
  const supervises = inScope && supervisesFrom(user.jurisdictionCode, event.supervisorCode);
  const isReporter = event.reporterId !== null && event.reporterId === user.id;
  return { isAssignee, holds, inScope, supervises, isReporter, canSee: withinTree || everInvolved || isReporter };
}

/** An event row as the server stores it: the fields access is decided from. */
export interface EventAccessRow extends Placement {
  reporter_id: number | null;
  tier: string;
  supervisor_code: string;
}

/** An assignment row as the server stores it. */
export interface AssignmentAccessRow {
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  active: boolean;
  assignment_role: string;
  tier: string;
}

/** The facts access is decided from, out of the event's row and its assignments' rows. */
export function eventFactsFrom(event: EventAccessRow, assignments: readonly AssignmentAccessRow[]): EventFacts {
  return {
    county_code: event.county_code,
    town_code: event.town_code,
    village_code: event.village_code,
    grid_code: event.grid_code,
    reporterId: event.reporter_id,
    tier: event.tier,
    supervisorCode: event.supervisor_code,
    assignments: assignments.map((a) => ({
      personId: a.person_id,
      departmentId: a.department_id,
      centreCode: a.centre_code,
      active: a.active,
      assignmentRole: a.assignment_role,
      tier: a.tier,
    })),
  };
}
