/**
 * 分拨, 重新分拨, 改派, 追加指派: a centre sends an event to a jurisdiction's responsible people, to
 * named people, or to departments (吹哨报到: the first leads, the others assist). Planned in two
 * steps around what the server loads: `assigneeQuery` checks the body and the user's scope and
 * says what to load; `chooseAssignees` checks what was found and plans the assignments (自动分拨 by
 * planDispatch for a jurisdiction).
 */
import type { CurrentUser } from '../../access/current-user.js';
import { isDuty, type Role } from '../../access/roles.js';
import { fail } from '../../errors.js';
import { initialTier, type Tier } from '../../deadlines/tiers.js';
import {
  assertDivisionCode,
  countyOf,
  isWithin,
  levelOfCode,
  parentCodeOf,
  placementOf,
  type JurisdictionLevel,
} from '../../organisation/division-code.js';
import { DISPATCH_REASON_ZH, planDispatch, type Binding, type PlannedAssignment } from '../dispatch-plan.js';
import {
  completePlan,
  type ActionEvent,
  type DecidedAction,
  type EventActionPlan,
  type EventChanges,
} from './action-plan.js';

/** What the server loads to choose assignees: named people and departments, or a jurisdiction's. */
export type AssigneeQuery =
  | { kind: 'named'; personIds: number[]; departmentIds: number[] }
  | { kind: 'jurisdiction'; code: string; level: JurisdictionLevel; lookup: string[] };

/** A person found for assignment. */
export interface FoundPerson {
  id: number;
  name: string;
  role: Role | string;
  active: boolean;
  jurisdiction_code: string;
}

/** A person bound to a jurisdiction (responsibility binding), as found. */
export interface BoundPerson {
  personId: number;
  jurisdictionCode: string;
  duty: string;
}

/** What the server found for an AssigneeQuery. */
export type FoundAssignees =
  | { kind: 'named'; people: readonly FoundPerson[]; departmentIds: readonly number[] }
  | { kind: 'jurisdiction'; exists: boolean; bindings: readonly BoundPerson[] };

/** The assignees chosen, with the event's new placement, what the history keeps and the tier. */
export interface ChosenAssignees {
  assignments: PlannedAssignment[];
  placement: Partial<EventChanges>;
  data: Record<string, unknown>;
  /** The tier the assignees hold the event at; null when named people keep the event's tier. */
  tier: Tier | null;
}

/** What to load for a dispatch, redispatch or reassign: the body says where the event goes. */
export function assigneeQuery(
  user: CurrentUser,
  input: { personIds?: number[]; departmentIds?: number[]; jurisdictionCode?: string },
): AssigneeQuery {
  const people = input.personIds ?? [];
  const departments = input.departmentIds ?? [];
  if (people.length || departments.length) return { kind: 'named', personIds: people, departmentIds: departments };
  const code = input.jurisdictionCode;
  if (!code) fail('VALIDATION_FAILED', 'say where the event goes: jurisdictionCode, personIds or departmentIds');
  const level = assertDivisionCode(code);
  if (!isWithin(code, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `${code} is outside your jurisdiction`);
  return { kind: 'jurisdiction', code, level, lookup: level === 'grid' ? [code, parentCodeOf(code)!] : [code] };
}

/** The user: the platform dispatches only at intake. */
export function dispatchingUser(decided: DecidedAction): CurrentUser {
  if (!decided.user) fail('FORBIDDEN', 'the platform dispatches at intake');
  return decided.user;
}

/** What to load for 追加指派: people or departments, never a jurisdiction. */
export function assignQuery(decided: DecidedAction): AssigneeQuery {
  const { user, input } = decided;
  if (!user) fail('FORBIDDEN', 'only a centre assigns');
  if (!input.personIds?.length && !input.departmentIds?.length)
    fail('VALIDATION_FAILED', 'assign needs personIds or departmentIds');
  return assigneeQuery(user, { personIds: input.personIds, departmentIds: input.departmentIds });
}

function chooseNamed(user: CurrentUser, query: AssigneeQuery & { kind: 'named' }, found: FoundAssignees) {
  if (found.kind !== 'named') throw new TypeError('named people were asked for');
  const people = query.personIds;
  const departments = [...new Set(query.departmentIds)];
  if (found.people.length !== new Set(people).size) fail('PERSON_NOT_FOUND', 'a person to assign does not exist');
  for (const p of found.people) {
    if (!p.active) fail('VALIDATION_FAILED', `${p.name} is not active`);
    if (p.role === 'citizen') fail('VALIDATION_FAILED', `${p.name} is a citizen and cannot handle events`);
    if (!isWithin(p.jurisdiction_code, user.jurisdictionCode) && !isWithin(user.jurisdictionCode, p.jurisdiction_code))
      fail('OUT_OF_SCOPE', `${p.name} works outside your jurisdiction`);
  }
  if (found.departmentIds.length !== departments.length)
    fail('DEPARTMENT_NOT_FOUND', 'a department to assign does not exist');
  const assignments: PlannedAssignment[] = [
    ...found.people.map((p): PlannedAssignment => ({ personId: p.id, assignmentRole: 'assigned' })),
    ...departments.map((id, i): PlannedAssignment => ({
      departmentId: id,
      assignmentRole: i === 0 ? 'department_lead' : 'department_assist',
    })),
  ];
  return {
    assignments,
    placement: {},
    data: { personIds: people, departmentIds: query.departmentIds },
    tier: departments.length ? ('department' as Tier) : null,
  };
}

function chooseByJurisdiction(
  event: ActionEvent,
  query: AssigneeQuery & { kind: 'jurisdiction' },
  found: FoundAssignees,
): ChosenAssignees {
  if (found.kind !== 'jurisdiction') throw new TypeError('a jurisdiction was asked for');
  const { code, level } = query;
  if (!found.exists) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${code}`);
  const bindings: Binding[] = found.bindings
    .filter((b) => isDuty(b.duty))
    .map((b) => ({ personId: b.personId, jurisdictionCode: b.jurisdictionCode, duty: b.duty as Binding['duty'] }));
  const county = event.county_code ?? countyOf(code);
  const plan = planDispatch({ code, level }, county, (c) => bindings.filter((b) => b.jurisdictionCode === c), true);
  const toCentre = plan.assignments.every((a) => a.centreCode);
  return {
    assignments: plan.assignments,
    placement: {
      jurisdiction_code: plan.jurisdictionCode,
      dispatch_reason: plan.reason,
      ...placementOf(plan.jurisdictionCode),
    },
    data: { jurisdictionCode: code, reason: plan.reason, reasonText: DISPATCH_REASON_ZH[plan.reason] },
    tier: initialTier(levelOfCode(plan.jurisdictionCode)!, toCentre),
  };
}

/** Who an event goes to, checked against what was found and the user's scope. */
export function chooseAssignees(
  user: CurrentUser,
  event: ActionEvent,
  query: AssigneeQuery,
  found: FoundAssignees,
): ChosenAssignees {
  return query.kind === 'named' ? chooseNamed(user, query, found) : chooseByJurisdiction(event, query, found);
}

/**
 * 分拨 / 重新分拨 / 改派: the chosen assignees replace the active ones, the event moves to their
 * jurisdiction and tier, and its sign-for and response clocks start again (its resolve clock too
 * when none runs).
 */
export function planDispatching(
  decided: DecidedAction,
  chosen: ChosenAssignees,
  resolveRunning: boolean,
): EventActionPlan {
  return completePlan(decided, {
    assignments: { replace: true, add: chosen.assignments },
    changes: chosen.placement,
    data: chosen.data,
    newTier: chosen.tier ?? decided.tier,
    resolveRunning,
  });
}

/**
 * 追加指派 (吹哨报到): the chosen people and departments join those holding the event (anyone
 * already holding it is not added twice); departments take the event to the department tier.
 */
export function planAssign(decided: DecidedAction, chosen: ChosenAssignees, resolveRunning: boolean): EventActionPlan {
  const held = new Set(decided.assignments.filter((a) => a.active).map((a) => `${a.person_id}/${a.department_id}`));
  const add = chosen.assignments.filter((a) => !held.has(`${a.personId ?? null}/${a.departmentId ?? null}`));
  return completePlan(decided, {
    assignments: { replace: false, add },
    data: chosen.data,
    newTier: decided.input.departmentIds?.length ? 'department' : undefined,
    resolveRunning,
  });
}
