/**
 * 流转计划: what one action on one event changes, as a plain value. Every action is planned here
 * in two steps — `decideAction` (may this actor take this action on this event now: the version,
 * the state machine) and the action's own plan (one module per family beside this one), which
 * `completePlan` finishes with the rules every action shares: the state and its kind, the tier and
 * the supervising centre, the clocks a new holder, a new round or the end of the event opens or
 * stops, the history record, the notice and what other areas are told. Pure: the server loads
 * what a plan needs, passes the time in, and applies the plan in one transaction
 * (server/events/actions/).
 */
import type { CurrentUser } from '../../access/current-user.js';
import { fail } from '../../errors.js';
import {
  clocksFinishedBy,
  clocksOnDispatch,
  joinPlans,
  keepSteps,
  ruleClock,
  tierClock,
  type ClockPlan,
  type ClockSettings,
  type ClockStep,
} from '../../deadlines/clocks.js';
import { DEFAULT_DUE_DATE_HORIZON_DAYS, dueDateProblem } from '../../deadlines/due-dates.js';
import { isTier, type Tier } from '../../deadlines/tiers.js';
import type { EventActionBody } from '../action-body.js';
import type { DispatchReason, PlannedAssignment } from '../dispatch-plan.js';
import { NOTICE_AFTER_ACTION, type NoticeTarget, type NoticeTopic } from '../event-notices.js';
import {
  decideTransition,
  isEventStatus,
  statusKind,
  type Actor,
  type ActorRelation,
  type EventAction,
  type EventStatus,
  type StatusKind,
} from '../event-workflow.js';
import { assignmentTier, supervisingCentreFor, type CentrePlacement } from '../holding.js';

/** The action's body (the shared EventActionBody) and what internal callers add. */
export interface ActionInput extends EventActionBody {
  /** Recorded with the history row by internal callers (a follow-up's reopen names its visit). */
  historyData?: Record<string, unknown>;
}

/** What the plans read of the event (the server's event row has these and more). */
export interface ActionEvent extends CentrePlacement {
  id: number;
  serial_no: string;
  status: string;
  version: number;
  tier: string;
  event_type: string;
  risk_level: string;
  village_code: string | null;
  supervisor_code: string;
  reporter_id: number | null;
  accepted_at: Date | null;
  suspended_at: Date | null;
  urge_count: number;
  escalation_count: number;
  extension_count: number;
  return_count: number;
  rework_count: number;
}

/** What the plans read of an assignment. */
export interface ActionAssignment {
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  assignment_role: string;
  active: boolean;
}

/** One action asked for: on what, by whom, in what relation, when, with which clock settings. */
export interface ActionRequest {
  action: EventAction;
  event: ActionEvent;
  /** The event's assignments before the action (active and ended). */
  assignments: readonly ActionAssignment[];
  actor: Actor;
  /** The signed-in user; null when the platform acts. */
  user: CurrentUser | null;
  relation: ActorRelation;
  input: ActionInput;
  now: Date;
  /** Rules, ladder and calendar; `dueDateHorizonDays` bounds a 督办 or extension date. */
  settings: ClockSettings;
  /** Someone not to notify besides the actor (the visitor on whose word the platform acts). */
  notifyExcept?: number;
}

/** An action the state machine allows: the request with the state it leaves and the one it reaches. */
export interface DecidedAction extends ActionRequest {
  from: EventStatus;
  to: EventStatus;
  /** The tier holding the event before the action (an unknown tier counts as the village). */
  tier: Tier;
}

/** The event row's fields an action changes. */
export interface EventChanges {
  status: EventStatus;
  status_kind: StatusKind;
  updated_at: Date;
  tier?: Tier;
  supervisor_code?: string;
  accepted_at?: Date;
  resolved_at?: Date | null;
  resolved_tier?: Tier | null;
  closed_at?: Date | null;
  supervised_at?: Date;
  suspended_at?: Date | null;
  merged_into_id?: number;
  urge_count?: number;
  escalation_count?: number;
  extension_count?: number;
  return_count?: number;
  rework_count?: number;
  jurisdiction_code?: string;
  dispatch_reason?: DispatchReason;
  county_code?: string | null;
  town_code?: string | null;
  village_code?: string | null;
  grid_code?: string | null;
}

/** One thing done to the event's clocks, in the plan's order. */
export type ClockOp =
  /** Finish the open clocks of these steps: on time or late, or with the outcome given. */
  | { op: 'finish'; steps: readonly ClockStep[]; outcome?: 'superseded' | 'cancelled' }
  /** Open the plan's clocks (a fallback in it is kept on the clock and told to the county centre). */
  | { op: 'open'; plan: ClockPlan }
  /** 挂起: stop every running clock. */
  | { op: 'pause' }
  /** 恢复: restart them, their due instants moved on by the pause. */
  | { op: 'resume' }
  /** An approved extension: the step's open clock is due at `dueAt`. */
  | { op: 'move_due'; step: ClockStep; dueAt: Date };

/** An assignment the action makes, with the tier it serves (承办层级). */
export type AssignmentToMake = PlannedAssignment & { tier: Tier };

/** 延期: a request made, or the pending one decided. */
export type ExtensionChange =
  | { kind: 'request'; requestedBy: number; reason: string; currentDueAt: Date; requestedDueAt: Date }
  | { kind: 'decide'; requestId: number; approved: boolean; decidedBy: number | null; note: string | null };

/** A record appended to another event's history before this event's own (合并: `merge_in` on the target). */
export interface OtherHistoryRecord {
  eventId: number;
  action: string;
  from: string;
  to: string;
  note: string | null;
  data: Record<string, unknown>;
}

/** A notice (通知): its topic, who it is for, what it adds, and who is not told (the actor …). */
export interface NoticePlan {
  topic: NoticeTopic;
  targets: NoticeTarget[];
  extra: Record<string, unknown>;
  except: number[];
}

/** What other areas hear of (follow-ups, mediation …): the event ended one way, or came back. */
export type LifecycleChange = 'closed' | 'merged' | 'cancelled' | 'reopened';

/** The whole of one action, ready to apply: the server changes exactly this and nothing else. */
export interface EventActionPlan {
  action: EventAction;
  eventId: number;
  from: EventStatus;
  to: EventStatus;
  at: Date;
  actorId: number | null;
  /** The actor's role, or `system`. */
  actorRole: string;
  changes: EventChanges;
  /** Assignments to make; `replace` ends the active ones first (分拨, 改派). */
  assignments: { replace: boolean; add: AssignmentToMake[] } | null;
  clocks: ClockOp[];
  extension: ExtensionChange | null;
  otherHistory: OtherHistoryRecord[];
  /** Uploads to link to the event with this action (each once). */
  attachmentIds: string[];
  history: { note: string | null; data: Record<string, unknown> | undefined };
  notice: NoticePlan | null;
  announce: LifecycleChange[];
}

/** What an action's own plan adds to the rules every action shares (completePlan). */
export interface ActionEffects {
  changes?: Partial<EventChanges>;
  /** Assignments to make (their tier is worked out with the tier after the action). */
  assignments?: { replace: boolean; add: PlannedAssignment[] };
  /** The tier the event moves to, when the action moves it. */
  newTier?: Tier;
  /** Whether a resolve clock is running: needed when the holder or the tier changes. */
  resolveRunning?: boolean;
  /** The action's own clock work, done before the shared clock rules. */
  clocks?: ClockOp[];
  extension?: ExtensionChange;
  otherHistory?: OtherHistoryRecord[];
  /** What the history record keeps besides the note. */
  data?: Record<string, unknown>;
  /** A notice the action sends instead of its entry in NOTICE_AFTER_ACTION (an extension's decision). */
  notice?: { topic: NoticeTopic; targets: NoticeTarget[] };
}

/**
 * May this actor take this action on this event now? Refuses a stale version
 * (EVENT_VERSION_CONFLICT), a state the platform does not know, and whatever the state machine
 * refuses (decideTransition); otherwise the action with the state it leaves and reaches.
 */
export function decideAction<R extends ActionRequest>(request: R): R & DecidedAction {
  const { event, input } = request;
  if (input.version !== undefined && input.version !== event.version) {
    fail(
      'EVENT_VERSION_CONFLICT',
      `the event changed since you loaded it (version ${event.version}, you had ${input.version}); reload and try again`,
    );
  }
  if (!isEventStatus(event.status)) fail('EVENT_ILLEGAL_TRANSITION', `unknown state ${event.status}`);
  const from: EventStatus = event.status;
  const to = decideTransition(request.action, from, request.actor, request.relation, input.note);
  const tier: Tier = isTier(event.tier) ? event.tier : 'village';
  return { ...request, from, to, tier };
}

/** The actor's id (null for the platform). */
export function actorIdOf(actor: Actor): number | null {
  return actor.kind === 'person' ? actor.id : null;
}

/** A due date set by hand (督办, 延期): after now and within the horizon, or its clock starts red or never turns red. */
export function checkDueDate(decided: DecidedAction, due: Date, field: string): Date {
  const horizonDays = decided.settings.dueDateHorizonDays ?? DEFAULT_DUE_DATE_HORIZON_DAYS;
  const problem = dueDateProblem(due, decided.now, horizonDays);
  if (problem) fail('DUE_DATE_OUT_OF_RANGE', `${field} ${problem}`, [{ field, problem }]);
  return due;
}

/** The body's `dueAt`, required, a date, and within range. */
export function dueAtOf(decided: DecidedAction): Date {
  const { input, action } = decided;
  if (!input.dueAt) fail('VALIDATION_FAILED', `${action} needs dueAt`);
  const due = new Date(input.dueAt);
  if (Number.isNaN(due.getTime())) fail('VALIDATION_FAILED', 'dueAt is not a date');
  return checkDueDate(decided, due, 'dueAt');
}

/** An assignment as a notice target. */
export function assignmentTarget(
  a: Pick<ActionAssignment, 'person_id' | 'centre_code' | 'department_id'>,
): NoticeTarget {
  return {
    personId: a.person_id ?? undefined,
    centreCode: a.centre_code ?? undefined,
    departmentId: a.department_id ?? undefined,
  };
}

/** 分拨, 重新分拨, 改派: a centre sends the event somewhere; the others raise or add to it. */
function isDispatching(action: EventAction): boolean {
  return action === 'dispatch' || action === 'redispatch' || action === 'reassign';
}

/** The event row's new fields: state, the action's own, tier, supervising centre, closing instant. */
function rowChanges(decided: DecidedAction, effects: ActionEffects): EventChanges {
  const { event, to, tier, now, action } = decided;
  const changes: EventChanges = { status: to, status_kind: statusKind(to), updated_at: now, ...effects.changes };
  const newTier = effects.newTier;
  if (newTier) changes.tier = newTier;
  if (newTier && newTier !== tier) {
    // a centre's re-dispatch puts supervision where the new tier is; an escalation only ever raises it
    changes.supervisor_code = supervisingCentreFor(newTier, event, event.supervisor_code, !isDispatching(action));
  } else if (effects.assignments?.replace) {
    changes.supervisor_code = supervisingCentreFor(newTier ?? tier, event, event.supervisor_code);
  }
  if (statusKind(to) === 'closed') changes.closed_at = now;
  return changes;
}

/**
 * The clocks (计时): the action's own work first; then what the action finishes; a new holder or a
 * new tier supersedes the running clocks and opens its own (a new tier works to its own resolve
 * limit); a return stops the holder's clocks; a rework or reopen starts a new round; an ended
 * event cancels every clock. A stored rule the engine cannot count falls back to the default (the
 * clock plan says so): it never stops an action.
 */
function clockOps(decided: DecidedAction, effects: ActionEffects): ClockOp[] {
  const { action, to, tier, now, settings, event } = decided;
  const subject = { eventType: event.event_type, riskLevel: event.risk_level };
  const ops: ClockOp[] = [...(effects.clocks ?? [])];
  const finished = clocksFinishedBy(action);
  if (finished.length) ops.push({ op: 'finish', steps: finished });
  const newTier = effects.newTier ?? null;
  const tierChanged = newTier !== null && newTier !== tier;
  let fresh: ClockPlan = joinPlans();
  if (effects.assignments?.replace || tierChanged) {
    ops.push({
      op: 'finish',
      steps: tierChanged ? ['sign', 'respond', 'tier'] : ['sign', 'respond'],
      outcome: 'superseded',
    });
    const hasResolve = effects.resolveRunning ?? false;
    fresh = keepSteps(
      clocksOnDispatch(settings, subject, newTier ?? tier, now, !hasResolve),
      (step) => tierChanged || step !== 'tier',
    );
    if (tierChanged && hasResolve) {
      // a new tier works to its own resolve limit (重点难点 two weeks at the town, say)
      const next = ruleClock(settings, subject, 'resolve', newTier, now);
      if (next.clocks.length) ops.push({ op: 'finish', steps: ['resolve'], outcome: 'superseded' });
      fresh = joinPlans(fresh, next);
    }
  }
  if (action === 'return') ops.push({ op: 'finish', steps: ['sign', 'respond', 'tier'], outcome: 'superseded' });
  if (action === 'rework' || action === 'reopen') {
    fresh = joinPlans(
      fresh,
      ruleClock(settings, subject, 'respond', tier, now),
      ruleClock(settings, subject, 'resolve', tier, now),
      tierClock(settings, subject, tier, now),
    );
  }
  if (statusKind(to) === 'closed')
    ops.push({ op: 'finish', steps: ['sign', 'respond', 'resolve', 'tier', 'supervise'], outcome: 'cancelled' });
  ops.push({ op: 'open', plan: fresh });
  return ops;
}

/** Who hears of the action (NOTICE_AFTER_ACTION, or the action's own notice), never the actor. */
function noticeOf(
  decided: DecidedAction,
  effects: ActionEffects,
  added: readonly PlannedAssignment[] | null,
  supervisorAfter: string,
): NoticePlan | null {
  const { action, assignments, event, input, actor, notifyExcept } = decided;
  const except = [actorIdOf(actor), notifyExcept].filter((id): id is number => id !== null && id !== undefined);
  const extra = { note: input.note ?? null };
  if (effects.notice) return { ...effects.notice, extra, except };
  const rule = NOTICE_AFTER_ACTION[action];
  if (!rule) return null;
  const targets: Record<typeof rule.to, () => NoticeTarget[]> = {
    new_assignees: () =>
      (added ?? []).map((a) => ({ personId: a.personId, centreCode: a.centreCode, departmentId: a.departmentId })),
    assignees: () => assignments.filter((a) => a.active).map(assignmentTarget),
    centre: () => [{ centreCode: supervisorAfter }],
    reporter: () => (event.reporter_id ? [{ personId: event.reporter_id }] : []),
  };
  return { topic: rule.topic, targets: targets[rule.to](), extra, except };
}

/** What other areas are told: the event closed, merged or cancelled, or came back from closed. */
export function lifecycleChanges(from: EventStatus, to: EventStatus): LifecycleChange[] {
  if (to === 'closed' || to === 'merged' || to === 'cancelled') return [to];
  if (from === 'closed') return ['reopened'];
  return [];
}

/** Finishes an action's plan with the rules every action shares. */
export function completePlan(decided: DecidedAction, effects: ActionEffects = {}): EventActionPlan {
  const { action, event, from, to, tier, now, actor, input } = decided;
  const changes = rowChanges(decided, effects);
  const tierAfter: Tier = effects.newTier ?? tier;
  const added = effects.assignments?.add ?? null;
  const data = { ...(input.historyData ?? {}), ...(effects.data ?? {}) };
  return {
    action,
    eventId: event.id,
    from,
    to,
    at: now,
    actorId: actorIdOf(actor),
    actorRole: actor.kind === 'person' ? actor.role : 'system',
    changes,
    assignments: effects.assignments
      ? {
          replace: effects.assignments.replace,
          add: effects.assignments.add.map((a) => ({ ...a, tier: assignmentTier(a, tierAfter) })),
        }
      : null,
    clocks: clockOps(decided, effects),
    extension: effects.extension ?? null,
    otherHistory: effects.otherHistory ?? [],
    attachmentIds: [...new Set(input.attachmentIds ?? [])],
    history: { note: input.note?.trim() || null, data: Object.keys(data).length ? data : undefined },
    notice: noticeOf(decided, effects, added, changes.supervisor_code ?? event.supervisor_code),
    announce: lifecycleChanges(from, to),
  };
}
