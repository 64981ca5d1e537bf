/**
 * Who may do what in hard-dispute handling. Pure; the server gathers the facts.
 *
 * A mediator dispatched to an event gets an event assignment of role `mediator`, so that they can
 * see the event (relationTo grants sight to anyone ever assigned). That assignment lets them see
 * the event, not handle it: the plan and the tasks are run by the event's other active assignees
 * and by the supervisors in scope.
 */
import { fail } from '../errors.js';
import type { CurrentUser } from '../access/current-user.js';
import { relationTo, type EventFacts } from '../events/event-access.js';
import { mayReadContacts } from '../events/event-view.js';
import { isWithin } from '../organisation/division-code.js';

/** The assignment_role of the event assignment a mediation task gives its member. */
export const MEDIATOR_ASSIGNMENT_ROLE = 'mediator';

export type DisputeFacts = EventFacts;

export interface DisputeRelation {
  /** The user may see the event at all (otherwise it answers 404). */
  canSee: boolean;
  /** An active assignment other than a mediator's, at the tier holding the event: the user handles it (承办). */
  isHandler: boolean;
  /** A supervisor (centre operator, leader) over the event's supervising centre (督办, holding.ts). */
  inScope: boolean;
  isReporter: boolean;
  /** May read the phones of the people doing the work (the plan's responsible person, a task's member): event-view.ts. */
  contacts: boolean;
}

export function disputeRelationTo(user: CurrentUser, facts: DisputeFacts): DisputeRelation {
  // a mediator's own assignment never counts as handling (relationTo leaves `mediator` assignments out)
  const seen = relationTo(user, facts);
  return {
    canSee: seen.canSee,
    isHandler: seen.holds,
    inScope: seen.supervises,
    isReporter: seen.isReporter,
    contacts: mayReadContacts(user, seen),
  };
}

/** Handlers and supervisors draw up the plan and send mediation tasks (承办 / 督办). */
export function mayHandleDispute(relation: DisputeRelation): boolean {
  return relation.isHandler || relation.inScope;
}

export function assertMayHandleDispute(relation: DisputeRelation): void {
  if (!mayHandleDispute(relation))
    fail('FORBIDDEN', 'only the event’s handlers and the supervising centre may do this');
}

/**
 * Reading the plan and the tasks: anyone who may see the event, except a citizen who only
 * reported it; a pool member with a task on the event (who may be a citizen — 乡贤, volunteers) may.
 */
export function mayReadDisputeWork(user: CurrentUser, relation: DisputeRelation, hasTask: boolean): boolean {
  return relation.canSee && (user.role !== 'citizen' || hasTask);
}

/** manage: add, edit, deactivate members; view: list them (to pick one for a task). */
export type PoolAccess = 'manage' | 'view' | 'none';

/**
 * The mediator pool (群英库) of a village is kept by that village's party secretary and by the
 * town and county centres above it; anyone working in, under or above the village may read it.
 */
export function poolAccess(user: CurrentUser, villageCode: string): PoolAccess {
  if (user.role === 'citizen') return 'none';
  if (user.role === 'village_secretary' && user.jurisdictionCode === villageCode) return 'manage';
  if (
    (user.role === 'town_operator' || user.role === 'county_operator') &&
    isWithin(villageCode, user.jurisdictionCode)
  )
    return 'manage';
  if (isWithin(villageCode, user.jurisdictionCode) || isWithin(user.jurisdictionCode, villageCode)) return 'view';
  return 'none';
}

/**
 * A person may join a village's pool when active and working in the village (or a grid of it) or
 * above it (a town's or the county's mediators serve its villages). Any role: "群英" come from
 * old people's associations, local worthies, unit heads and volunteers as much as from staff.
 */
export function assertMayJoinPool(
  person: { name: string; active: boolean; jurisdictionCode: string },
  villageCode: string,
): void {
  if (!person.active) fail('VALIDATION_FAILED', `${person.name} is not active`);
  if (!isWithin(person.jurisdictionCode, villageCode) && !isWithin(villageCode, person.jurisdictionCode)) {
    fail(
      'VALIDATION_FAILED',
      `${person.name} works in ${person.jurisdictionCode}, outside village ${villageCode} and the town and county above it`,
    );
  }
}

export const MAX_SPECIALTIES = 10;

/** Trims, drops blanks and repeats, keeps the given order. */
export function normaliseSpecialties(specialties: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of specialties) {
    const t = s.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  if (out.length > MAX_SPECIALTIES) fail('VALIDATION_FAILED', `at most ${MAX_SPECIALTIES} specialties`);
  return out;
}
