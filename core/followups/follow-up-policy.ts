/**
 * 回访与满意度: follow-up visits after closing and the satisfaction they record. Pure: the schedule
 * (which visits, due when), the vocabularies, who may record a visit, when a rating reopens the
 * event, and how an event's overall satisfaction is derived from its visits and the citizen's own
 * rating. The server persists; the dashboards count what this module decides.
 *
 * Times: due dates are the end of a day in China Standard Time (UTC+8, no daylight saving), worked
 * out with plain arithmetic. Natural days, not working days: a 回访 may be a phone call on Sunday.
 */
import { fail, isDomainError } from '../errors.js';
import type { Role } from '../access/roles.js';
import type { CurrentUser } from '../access/current-user.js';
import { decideTransition, type Actor, type ActorRelation, type EventStatus } from '../events/event-workflow.js';

// ── vocabularies ────────────────────────────────────────────────────────────────────────────────

export const FOLLOW_UP_METHODS = ['phone', 'visit', 'sms', 'online'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_METHOD_NAMES_ZH: Record<FollowUpMethod, string> = {
  phone: '电话回访',
  visit: '上门回访',
  sms: '短信回访',
  online: '线上评价',
};
/** Methods a visitor records; `online` is the citizen's own rating through the tracking link. */
export const VISIT_METHODS: readonly FollowUpMethod[] = ['phone', 'visit', 'sms'];

export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_NAMES_ZH: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

/** 满意率 counts 满意 and 基本满意 as satisfied (the usual reading of the figure). */
export function countsAsSatisfied(s: Satisfaction): boolean {
  return s === 'satisfied' || s === 'basically_satisfied';
}

export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'missed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_NAMES_ZH: Record<FollowUpStatus, string> = {
  scheduled: '待回访',
  done: '已回访',
  missed: '未回访',
  cancelled: '已取消',
};

/** A row is a scheduled visit (回访) or the citizen's own rating (群众评价, method `online`). */
export type FollowUpKind = 'visit' | 'citizen_rating';

export function isSatisfaction(v: string): v is Satisfaction {
  return (SATISFACTION_LEVELS as readonly string[]).includes(v);
}
export function isFollowUpMethod(v: string): v is FollowUpMethod {
  return (FOLLOW_UP_METHODS as readonly string[]).includes(v);
}

// ── the schedule ────────────────────────────────────────────────────────────────────────────────

export interface FollowUpPolicy {
  /** Days after the closing day on which each visit falls due (end of that day, CST); ascending. */
  offsetsDays: readonly number[];
}

/** "两次回访，结案后一个月内": day 3 and day 15 after closing. */
export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = Object.freeze({ offsetsDays: Object.freeze([3, 15]) });
/** No visit is due later than this many days after closing. */
export const MAX_FOLLOW_UP_DAYS = 30;
export const MAX_FOLLOW_UPS = 10;

/** Checks a policy: 1–10 whole-day offsets, strictly ascending, each 0…30. */
export function validateFollowUpPolicy(policy: FollowUpPolicy): FollowUpPolicy {
  const offsets = policy.offsetsDays;
  if (!Array.isArray(offsets) || offsets.length < 1 || offsets.length > MAX_FOLLOW_UPS) {
    fail('VALIDATION_FAILED', `a follow-up policy needs 1–${MAX_FOLLOW_UPS} visits`);
  }
  offsets.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > MAX_FOLLOW_UP_DAYS) {
      fail('VALIDATION_FAILED', `follow-up offsets are whole days 0–${MAX_FOLLOW_UP_DAYS} after closing (got ${d})`);
    }
    if (i > 0 && d <= offsets[i - 1]) fail('VALIDATION_FAILED', 'follow-up offsets must be strictly ascending');
  });
  return { offsetsDays: [...offsets] };
}

/** Parses "3,15" (e.g. from an environment variable) into a checked policy; empty → the default. */
export function parseFollowUpPolicy(text: string | undefined | null): FollowUpPolicy {
  if (!text || !text.trim()) return DEFAULT_FOLLOW_UP_POLICY;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d{1,3}$/.test(p)))
    fail('VALIDATION_FAILED', `follow-up offsets must be a comma-separated list of days, got "${text}"`);
  return validateFollowUpPolicy({ offsetsDays: parts.map(Number) });
}

import { chinaDayNumber, endOfChinaDay } from '../time/china-time.js';

export interface PlannedFollowUp {
  /** 1-based order within one closing. */
  seq: number;
  offsetDays: number;
  dueAt: Date;
}

/** The visits an event closed at `closedAt` gets: one per offset, due at the end of that CST day. */
export function planFollowUps(closedAt: Date, policy: FollowUpPolicy = DEFAULT_FOLLOW_UP_POLICY): PlannedFollowUp[] {
  const { offsetsDays } = validateFollowUpPolicy(policy);
  const closingDay = chinaDayNumber(closedAt);
  return offsetsDays.map((offsetDays, i) => ({
    seq: i + 1,
    offsetDays,
    dueAt: endOfChinaDay(closingDay + offsetDays),
  }));
}

/** A scheduled visit is overdue once its due instant has passed. Its status stays `scheduled`. */
export function isOverdue(status: FollowUpStatus, dueAt: Date | null, now: Date): boolean {
  return status === 'scheduled' && dueAt !== null && dueAt.getTime() < now.getTime();
}

// ── who may record ──────────────────────────────────────────────────────────────────────────────

/** Centre operators record visits for events within their jurisdiction. */
const CENTRE_VISITORS: ReadonlySet<Role> = new Set<Role>(['town_operator', 'county_operator']);
/** Village secretaries and grid staff record visits for events of their village / grid. */
const LOCAL_VISITORS: ReadonlySet<Role> = new Set<Role>(['village_secretary', 'grid_head', 'grid_worker']);

export function isVisitorRole(role: Role): boolean {
  return CENTRE_VISITORS.has(role) || LOCAL_VISITORS.has(role);
}

/** Only centre operators mark a visit missed or cancelled (跳过回访). */
export function maySkipFollowUps(role: Role): boolean {
  return CENTRE_VISITORS.has(role);
}

/**
 * Department staff, citizens and mediators have no follow-up work list. The list carries the
 * reporters' names and phone numbers, so it goes only to those who visit or supervise the
 * jurisdiction's cadres — not to a mediator, who sees the events of their own tasks.
 */
export function mayListFollowUps(role: Role): boolean {
  return role !== 'department_staff' && role !== 'citizen' && role !== 'mediator';
}

/**
 * May this user record a visit on this event? Throws FORBIDDEN (the role never visits),
 * OUT_OF_SCOPE (an operator outside the event's jurisdiction) or FOLLOW_UP_BY_HANDLER (回访 must be
 * made by someone other than who resolved it: anyone among the event's `resolve` actors).
 * The caller has already answered 404 for an event the user cannot see.
 */
export function assertMayRecordFollowUp(
  user: Pick<CurrentUser, 'id' | 'role'>,
  relation: Pick<ActorRelation, 'inScope'> & { canSee: boolean },
  resolverIds: readonly (number | null)[],
): void {
  if (CENTRE_VISITORS.has(user.role)) {
    if (!relation.inScope) fail('OUT_OF_SCOPE', 'this event is outside your jurisdiction');
  } else if (LOCAL_VISITORS.has(user.role)) {
    if (!relation.canSee) fail('OUT_OF_SCOPE', 'this event is outside your village or grid');
  } else {
    fail('FORBIDDEN', `a ${user.role} does not record follow-up visits`);
  }
  if (resolverIds.includes(user.id)) {
    fail('FOLLOW_UP_BY_HANDLER', 'you resolved this event; a follow-up visit must be made by someone else');
  }
}

/** The same rule as a yes/no (which buttons a user sees). */
export function mayRecordFollowUp(
  user: Pick<CurrentUser, 'id' | 'role'>,
  relation: Pick<ActorRelation, 'inScope'> & { canSee: boolean },
  resolverIds: readonly (number | null)[],
): boolean {
  try {
    assertMayRecordFollowUp(user, relation, resolverIds);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

// ── outcomes ────────────────────────────────────────────────────────────────────────────────────

/** A recorded "dissatisfied" reopens the event for rework — when the event is closed. */
export function reopensEvent(satisfaction: Satisfaction, eventStatus: string): boolean {
  return satisfaction === 'dissatisfied' && eventStatus === 'closed';
}

/**
 * Who reopens: the visitor themself when the state machine lets them (a centre operator in
 * scope), otherwise the platform (`system`) on the visitor's behalf. Throws when the event cannot
 * be reopened at all (not closed) or the note is missing.
 */
export function decideReopen(
  user: Pick<CurrentUser, 'id' | 'role'> | null,
  relation: ActorRelation,
  from: EventStatus,
  note: string,
): { actor: Actor; to: EventStatus } {
  if (user) {
    const actor: Actor = { kind: 'person', id: user.id, role: user.role };
    try {
      return { actor, to: decideTransition('reopen', from, actor, relation, note) };
    } catch (error) {
      if (
        !isDomainError(error) ||
        (error.code !== 'FORBIDDEN' && error.code !== 'OUT_OF_SCOPE' && error.code !== 'EVENT_HELD_AT_HIGHER_TIER')
      )
        throw error;
    }
  }
  const system: Actor = { kind: 'system' };
  return { actor: system, to: decideTransition('reopen', from, system, relation, note) };
}

/** The citizen may rate once, when the event has been handled: resolved, verified or closed. */
export const RATABLE_STATUSES: readonly EventStatus[] = ['resolved', 'verified', 'closed'];

export type RatingClosedReason = 'not_resolved' | 'already_rated';

export function ratingWindow(
  eventStatus: string,
  alreadyRated: boolean,
): { open: true } | { open: false; reason: RatingClosedReason } {
  if (alreadyRated) return { open: false, reason: 'already_rated' };
  if (!(RATABLE_STATUSES as readonly string[]).includes(eventStatus)) return { open: false, reason: 'not_resolved' };
  return { open: true };
}

// ── per-event summary (what dashboards count) ─────────────────────────────────────────────────

export interface FollowUpFact {
  id: number;
  kind: FollowUpKind;
  status: FollowUpStatus;
  satisfaction: Satisfaction | null;
  doneAt: Date | null;
}

export interface FollowUpSummary {
  /** Visits planned and not cancelled. */
  visitsPlanned: number;
  visitsDone: number;
  visitsMissed: number;
  /** Done visits plus the citizen's own rating (it counts as a follow-up of method `online`). */
  followUpsDone: number;
  firstFollowedUpAt: Date | null;
  lastFollowedUpAt: Date | null;
  /** The event's overall satisfaction: the latest recorded rating wins, a visit's or the citizen's. */
  satisfaction: Satisfaction | null;
  satisfactionSource: 'visit' | 'citizen' | null;
  satisfactionAt: Date | null;
  citizenSatisfaction: Satisfaction | null;
  dissatisfiedCount: number;
}

/** Derives the per-event summary from all its follow-up rows (every closing round). */
export function summariseFollowUps(rows: readonly FollowUpFact[]): FollowUpSummary {
  const visits = rows.filter((r) => r.kind === 'visit');
  const done = rows.filter((r) => r.status === 'done' && r.satisfaction !== null && r.doneAt !== null);
  const ordered = [...done].sort((a, b) => a.doneAt!.getTime() - b.doneAt!.getTime() || a.id - b.id);
  const latest = ordered.at(-1) ?? null;
  const citizen = done.find((r) => r.kind === 'citizen_rating') ?? null;
  return {
    visitsPlanned: visits.filter((r) => r.status !== 'cancelled').length,
    visitsDone: visits.filter((r) => r.status === 'done').length,
    visitsMissed: visits.filter((r) => r.status === 'missed').length,
    followUpsDone: done.length,
    firstFollowedUpAt: ordered[0]?.doneAt ?? null,
    lastFollowedUpAt: latest?.doneAt ?? null,
    satisfaction: latest?.satisfaction ?? null,
    satisfactionSource: latest ? (latest.kind === 'citizen_rating' ? 'citizen' : 'visit') : null,
    satisfactionAt: latest?.doneAt ?? null,
    citizenSatisfaction: citizen?.satisfaction ?? null,
    dissatisfiedCount: done.filter((r) => r.satisfaction === 'dissatisfied').length,
  };
}
