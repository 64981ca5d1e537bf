/**
 * Who may hear of a change: the same rule as the event list (EventRepository's scope condition).
 * A user sees their jurisdiction's subtree, department staff what was assigned to their
 * department, a mediator what was assigned to them, a citizen what they reported; and anyone what was ever assigned to them personally.
 * The placement and reporter are on the notification; assignments are not, so for those the
 * answer is "if assigned", settled by one lookup per event shared by every connection.
 */
import type { CurrentUser, EventScope } from '../../core/access/current-user.js';
import type { LiveNotification } from './live-message.js';
import { countyOf } from '../../core/organisation/division-code.js';

export type Audience = 'yes' | 'no' | 'if_assigned';

export interface EventAssignee {
  personId: number | null;
  departmentId: number | null;
}

const PLACEMENT_FIELD = {
  county_code: 'countyCode',
  town_code: 'townCode',
  village_code: 'villageCode',
  grid_code: 'gridCode',
} as const;

/** The county (first 6 digits, padded) a division code lies in. */

export function audienceOf(user: CurrentUser, scope: EventScope, n: LiveNotification): Audience {
  if (n.kind === 'bulk') {
    // A bulk change carries no rows: tell staff of the counties it touched to refresh.
    if (scope.kind === 'reporter') return 'no';
    return n.counties.includes(countyOf(user.jurisdictionCode)) ? 'yes' : 'no';
  }
  switch (scope.kind) {
    case 'placement':
      return n[PLACEMENT_FIELD[scope.column]] === scope.code ? 'yes' : 'if_assigned';
    case 'department':
      return 'if_assigned';
    case 'reporter':
      return n.reporterId === scope.personId ? 'yes' : 'no';
    case 'involved':
      return n.reporterId === scope.personId ? 'yes' : 'if_assigned';
  }
}

/** The second step of 'if_assigned': the event's assignments, past and present. */
export function isAssignedTo(user: CurrentUser, scope: EventScope, assignees: readonly EventAssignee[]): boolean {
  return assignees.some(
    (a) => a.personId === user.id || (scope.kind === 'department' && a.departmentId === scope.departmentId),
  );
}
