/**
 * 提级: the event goes up one tier (grid → village → town → county; a department → the county),
 * to the village's "3+N" team or the town's or county's centre; those who held it stay on and
 * assist. Taken by the holders, a supervising centre, or the platform when a tier's ladder time
 * (五级九天) runs out. Planned in two steps: `escalationTier` (is there a tier above?) tells the
 * server whether to load the village's team; `planEscalate` plans the rest.
 */
import { isDuty, type Duty } from '../../access/roles.js';
import { fail } from '../../errors.js';
import { parentTier, TIER_NAMES_ZH, type Tier } from '../../deadlines/tiers.js';
import { countyOf } from '../../organisation/division-code.js';
import type { PlannedAssignment } from '../dispatch-plan.js';
import {
  completePlan,
  type ActionAssignment,
  type ActionEvent,
  type DecidedAction,
  type EventActionPlan,
} from './action-plan.js';
import type { BoundPerson } from './dispatching.js';

/** The tier the event goes up to, or EVENT_ALREADY_TOP_TIER. */
export function escalationTier(decided: DecidedAction): Tier {
  const up = parentTier(decided.tier);
  if (!up) fail('EVENT_ALREADY_TOP_TIER', 'the event is already at the county: assign a leader or departments instead');
  return up;
}

/** Whether the server must load the village's "3+N" team for an escalation to `tier`. */
export function needsVillageTeam(event: ActionEvent, tier: Tier): boolean {
  return tier === 'village' && Boolean(event.village_code);
}

/**
 * Who takes an event escalated to `tier`: the village's "3+N" team (those not already on it), or
 * the town's or county's centre (unless it already holds the event).
 */
export function assigneesForTier(
  event: ActionEvent,
  tier: Tier,
  current: readonly ActionAssignment[],
  villageTeam: readonly BoundPerson[],
): PlannedAssignment[] {
  const activePeople = new Set(current.filter((a) => a.active && a.person_id !== null).map((a) => a.person_id));
  const activeCentres = new Set(current.filter((a) => a.active && a.centre_code !== null).map((a) => a.centre_code));
  const county = event.county_code ?? countyOf(event.jurisdiction_code);
  if (tier === 'village' && event.village_code) {
    const team = villageTeam.filter((b) => isDuty(b.duty) && !activePeople.has(b.personId));
    if (team.length)
      return team.map((b) => ({ personId: b.personId, assignmentRole: 'village_team', duty: b.duty as Duty }));
    if (current.some((a) => a.active && a.assignment_role === 'village_team')) return [];
  }
  const centre =
    tier === 'county' ? county : tier === 'village' || tier === 'town' ? (event.town_code ?? county) : county;
  return activeCentres.has(centre) ? [] : [{ centreCode: centre, assignmentRole: 'centre' }];
}

/** 提级: the new tier, its assignees, the count, and the clocks of the new tier. */
export function planEscalate(
  decided: DecidedAction,
  up: Tier,
  villageTeam: readonly BoundPerson[],
  resolveRunning: boolean,
): EventActionPlan {
  const { event, assignments, tier } = decided;
  return completePlan(decided, {
    newTier: up,
    assignments: { replace: false, add: assigneesForTier(event, up, assignments, villageTeam) },
    changes: { escalation_count: event.escalation_count + 1 },
    data: { fromTier: tier, toTier: up },
    resolveRunning,
  });
}

/** The note of the platform's own 提级 when a tier's ladder time runs out (五级九天). */
export function ladderEscalationNote(tier: Tier): string {
  return `${TIER_NAMES_ZH[tier]}处置时限已到，自动提级（五级九天）`;
}
