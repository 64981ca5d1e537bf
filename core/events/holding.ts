/**
 * 承办层级与督办中心: who holds an event and who supervises it, as the field runs 五级九天.
 *
 * An event is held at one tier (grid → village → town → county, or a county department). The tier
 * that holds it acts: signs for it, handles it, resolves it, asks for more time. Whoever was
 * assigned at a lower tier keeps the event (they still see it, are told of it and are the people
 * on the ground) but only **assists**: they record what they do and take part in consultations
 * (会商). So after 提级 a grid worker can no longer resolve what the town or the county took over,
 * and the resolution is counted at the tier that really held it.
 *
 * Supervision (核查, 结案, 改派, 督办 …) belongs to the **supervising centre** of the event and the
 * centres above it: the town's centre while the event is held in the town (at its grids, its
 * villages or the town itself), the county's once it has been raised to the county. A department
 * called in (吹哨报到) works under whichever centre called it, so the supervising centre does not
 * change when departments are assigned. A town centre cannot verify or close what the county took
 * over; the county may always step in below it.
 *
 * Pure: the server stores each assignment's tier and the event's supervising centre, and asks here.
 */
import type { Tier } from '../deadlines/tiers.js';
import { countyOf, isWithin, levelOfCode, type JurisdictionLevel } from '../organisation/division-code.js';

/** Height of a tier: a department works at the county's height, beside the county centre. */
const TIER_HEIGHT: Record<Tier, number> = { grid: 0, village: 1, town: 2, department: 3, county: 3 };
const LEVEL_HEIGHT: Record<JurisdictionLevel, number> = { grid: 0, village: 1, town: 2, county: 3 };

/**
 * The tier an assignment serves, fixed when it is made: a grid's owners serve the grid, a village's
 * "3+N" team the village, a centre its own level, a department the department tier; anyone else
 * named by a centre (assigned person, mediator) serves the tier the event is at when they are named.
 */
export function assignmentTier(
  assignment: { assignmentRole: string; centreCode?: string | null },
  eventTierNow: Tier,
): Tier {
  switch (assignment.assignmentRole) {
    case 'grid_owner':
      return 'grid';
    case 'village_team':
      return 'village';
    case 'department_lead':
    case 'department_assist':
      return 'department';
    case 'centre':
      return assignment.centreCode && levelOfCode(assignment.centreCode) === 'town' ? 'town' : 'county';
    default:
      return eventTierNow;
  }
}

/** Whether an assignment made for `assignedTier` holds an event now at `eventTier` (else it assists). */
export function holdsAtTier(assignedTier: Tier, eventTier: Tier): boolean {
  return TIER_HEIGHT[assignedTier] >= TIER_HEIGHT[eventTier];
}

/** The events' placement a supervising centre is worked out from. */
export interface CentrePlacement {
  county_code: string | null;
  town_code: string | null;
  jurisdiction_code: string;
}

function countyCodeOf(placement: CentrePlacement): string {
  return placement.county_code ?? countyOf(placement.jurisdiction_code);
}

/**
 * The supervising centre (督办中心) of an event after it comes to `tier`:
 * - held in the town (grid, village, town tiers): the town's centre, or the county's where the
 *   event lies in no town;
 * - held at the county: the county's centre;
 * - held by departments: unchanged — they work under the centre that called them.
 * `current` is the centre before (null at intake); `raiseOnly` keeps a higher one (an escalation
 * never lowers supervision; a re-dispatch by a centre may).
 */
export function supervisingCentreFor(
  tier: Tier,
  placement: CentrePlacement,
  current: string | null,
  raiseOnly = false,
): string {
  const county = countyCodeOf(placement);
  let natural: string;
  if (tier === 'county') natural = county;
  else if (tier === 'department') natural = current ?? placement.town_code ?? county;
  else natural = placement.town_code ?? county;
  if (raiseOnly && current && centreHeight(current) > centreHeight(natural)) return current;
  return natural;
}

function centreHeight(code: string): number {
  const level = levelOfCode(code);
  return level ? LEVEL_HEIGHT[level] : 0;
}

/**
 * Whether someone working at `userCode` may supervise an event whose supervising centre is
 * `supervisorCode`: that centre itself or one above it (the county over a town's events).
 */
export function supervisesFrom(userCode: string, supervisorCode: string): boolean {
  return isWithin(supervisorCode, userCode);
}
