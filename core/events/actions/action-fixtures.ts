/**
 * Factories for the action plans' tests (*.test.ts beside this file): an event, the people who act
 * on it and how they stand to it, the clock settings on a flat calendar. Not used by the platform.
 */
import type { CurrentUser } from '../../access/current-user.js';
import type { Role } from '../../access/roles.js';
import type { ClockSettings, DeadlineCalendar } from '../../deadlines/clocks.js';
import { DEFAULT_LADDER, DEFAULT_RULES, type TimeLimitRule } from '../../deadlines/time-limits.js';
import type { JurisdictionLevel } from '../../organisation/division-code.js';
import { NO_RELATION, type ActorRelation, type EventAction } from '../event-workflow.js';
import {
  decideAction,
  type ActionAssignment,
  type ActionEvent,
  type ActionInput,
  type ActionRequest,
  type DecidedAction,
} from './action-plan.js';

export const COUNTY = '620999000000';
export const TOWN = '620999100000';
export const VILLAGE = '620999100201';
export const GRID = '620999100201001';
export const OTHER_GRID = '620999100201002';

export const NOW = new Date('2026-03-02T01:00:00Z');
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** Every day works and a day is 24 hours: the deadlines are easy to read (the real calendar has its own tests). */
const flat: DeadlineCalendar = {
  deadline: (start, limit) =>
    new Date(
      start.getTime() +
        limit.amount * { minutes: 60_000, hours: HOUR, natural_days: DAY, working_days: DAY }[limit.unit],
    ),
};
const rules: TimeLimitRule[] = DEFAULT_RULES.map((r, i) => ({ ...r, id: i + 1 }));

export const SETTINGS: ClockSettings = { calendar: flat, rules, ladder: DEFAULT_LADDER, dueDateHorizonDays: 366 };

/** A dispute at a grid of the town, dispatched to the grid's owner (person 11). */
export function buildEvent(overrides: Partial<ActionEvent> = {}): ActionEvent {
  return {
    id: 7,
    serial_no: 'YW20260302000007',
    status: 'dispatched',
    version: 3,
    tier: 'grid',
    event_type: 'dispute',
    risk_level: 'blue',
    county_code: COUNTY,
    town_code: TOWN,
    village_code: VILLAGE,
    jurisdiction_code: GRID,
    supervisor_code: TOWN,
    reporter_id: 90,
    accepted_at: null,
    suspended_at: null,
    urge_count: 0,
    escalation_count: 0,
    extension_count: 0,
    return_count: 0,
    rework_count: 0,
    ...overrides,
  };
}

export function buildAssignment(overrides: Partial<ActionAssignment> = {}): ActionAssignment {
  return {
    person_id: 11,
    department_id: null,
    centre_code: null,
    assignment_role: 'grid_owner',
    active: true,
    ...overrides,
  };
}

const LEVEL_OF: Record<string, JurisdictionLevel> = {
  [COUNTY]: 'county',
  [TOWN]: 'town',
  [VILLAGE]: 'village',
  [GRID]: 'grid',
};

export function buildUser(id: number, role: Role, jurisdictionCode: string): CurrentUser {
  return {
    id,
    name: `person ${id}`,
    role,
    jurisdictionCode,
    jurisdictionLevel: LEVEL_OF[jurisdictionCode] ?? 'county',
    jurisdictionName: jurisdictionCode,
    departmentId: null,
  };
}

/** The grid's owner, holding the event. */
export const HOLDER = buildUser(11, 'grid_worker', GRID);
/** The town centre's operator, supervising it. */
export const TOWN_OPERATOR = buildUser(21, 'town_operator', TOWN);
/** The county centre's operator, above the town. */
export const COUNTY_OPERATOR = buildUser(31, 'county_operator', COUNTY);

export const HOLDS: ActorRelation = { ...NO_RELATION, isAssignee: true, holds: true };
export const SUPERVISES: ActorRelation = { ...NO_RELATION, inScope: true, supervises: true };

/** The request for `action` by `user` (the platform when null) in `relation`. */
export function buildRequest(
  action: EventAction,
  options: {
    user?: CurrentUser | null;
    relation?: ActorRelation;
    event?: Partial<ActionEvent>;
    assignments?: ActionAssignment[];
    input?: ActionInput;
    notifyExcept?: number;
  } = {},
): ActionRequest {
  const user = options.user === undefined ? TOWN_OPERATOR : options.user;
  return {
    action,
    event: buildEvent(options.event),
    assignments: options.assignments ?? [buildAssignment()],
    actor: user ? { kind: 'person', id: user.id, role: user.role } : { kind: 'system' },
    user,
    relation: options.relation ?? (user ? SUPERVISES : NO_RELATION),
    input: options.input ?? {},
    now: NOW,
    settings: SETTINGS,
    notifyExcept: options.notifyExcept,
  };
}

/** The request, decided (throws what the state machine refuses). */
export function decided(action: EventAction, options: Parameters<typeof buildRequest>[1] = {}): DecidedAction {
  return decideAction(buildRequest(action, options));
}
