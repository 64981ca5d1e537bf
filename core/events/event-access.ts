/**
 * How a user stands to one event: may they see it, are they among its assignees, is it within
 * the jurisdiction they supervise, did they report it. Pure; the server gathers the facts.
 */
import type { CurrentUser } from '../access/current-user.js';
import type { ActorRelation } from './event-workflow.js';
import { placementColumn, type Placement } from '../organisation/division-code.js';

export interface AssignmentFact {
  personId: number | null;
  departmentId: number | null;
  centreCode: string | null;
  active: boolean;
  /** A `mediator` assignment lets the mediator see the event, not handle it. */
  assignmentRole?: string;
}

export interface EventFacts extends Placement {
  reporterId: number | null;
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
  const isAssignee = event.assignments.some((a) => a.active && a.assignmentRole !== 'mediator' && involves(user, a));
  const everInvolved = isAssignee || event.assignments.some((a) => involves(user, a));
  // citizens, department staff and mediators see what involves them, not a place's every event
  const withinTree = user.role !== 'citizen' && user.role !== 'department_staff' && user.role !== 'mediator' && event[placementColumn(user.jurisdictionLevel)] === user.jurisdictionCode;
  const inScope = withinTree && SUPERVISING_ROLES.has(user.role);
  const isReporter = event.reporterId !== null && event.reporterId === user.id;
  return { isAssignee, inScope, isReporter, canSee: withinTree || everInvolved || isReporter };
}
