/**
 * The event lifecycle (事件流转) as an explicit state machine. Pure: it is told who acts, in what
 * relation to the event, and answers with the next state or a coded error. The server persists
 * the answer and appends it to the event's history.
 *
 *   reported ─dispatch→ dispatched ─accept→ accepted ─start→ handling ─resolve→ resolved
 *   resolved ─verify→ verified ─close→ closed;  resolved|verified ─rework→ handling
 *   dispatched|accepted ─return→ returned ─redispatch→ dispatched
 *   open states ─reassign→ dispatched, ─merge→ merged, ─cancel→ cancelled
 */
import { fail } from '../errors.js';
import type { Role } from '../access/roles.js';

export const EVENT_STATUSES = [
  'reported', // 已上报
  'dispatched', // 已分拨
  'returned', // 已退回
  'accepted', // 已签收
  'handling', // 处置中
  'resolved', // 已办结
  'verified', // 已核查
  'closed', // 已结案
  'merged', // 已合并
  'cancelled', // 已撤销
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * Every state belongs to one kind. Queries count by kind, so a new state only needs a kind.
 * open: someone must act; resolved: handled, awaiting verification or closure; closed: final.
 */
export type StatusKind = 'open' | 'resolved' | 'closed';

export const STATUS_DEFINITIONS: Record<EventStatus, { kind: StatusKind; zh: string; en: string }> = {
  reported: { kind: 'open', zh: '已上报', en: 'Reported' },
  dispatched: { kind: 'open', zh: '已分拨', en: 'Dispatched' },
  returned: { kind: 'open', zh: '已退回', en: 'Returned' },
  accepted: { kind: 'open', zh: '已签收', en: 'Accepted' },
  handling: { kind: 'open', zh: '处置中', en: 'Handling' },
  resolved: { kind: 'resolved', zh: '已办结', en: 'Resolved' },
  verified: { kind: 'resolved', zh: '已核查', en: 'Verified' },
  closed: { kind: 'closed', zh: '已结案', en: 'Closed' },
  merged: { kind: 'closed', zh: '已合并', en: 'Merged' },
  cancelled: { kind: 'closed', zh: '已撤销', en: 'Cancelled' },
};

export function statusKind(status: EventStatus): StatusKind {
  return STATUS_DEFINITIONS[status].kind;
}

export function isEventStatus(value: string): value is EventStatus {
  return value in STATUS_DEFINITIONS;
}

export const EVENT_ACTIONS = [
  'dispatch', // 分拨
  'redispatch', // 重新分拨 (after a return)
  'accept', // 签收
  'return', // 退回 (wrong jurisdiction)
  'start', // 开始处置
  'record', // 处置记录
  'resolve', // 办结
  'verify', // 核查
  'rework', // 返工 (verification failed)
  'close', // 结案
  'reassign', // 改派
  'merge', // 合并 (duplicate)
  'cancel', // 撤销
  'assign', // 追加指派 (吹哨报到: add departments or people without removing anyone)
  'escalate', // 提级 (to the parent tier's centre)
  'urge', // 催办
  'supervise', // 督办
  'request_extension', // 申请延期
  'approve_extension', // 批准延期
  'reject_extension', // 驳回延期
  'suspend', // 挂起 (stop the clock)
  'resume', // 恢复 (restart the clock)
  'consult', // 会商研判 (a consultation record)
  'reopen', // 重新办理 (a closed event found unsatisfactory on follow-up)
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/**
 * Names of the actions in an event's history (流转记录): the lifecycle and supervision actions,
 * and the entries other areas append (merge_in, resolution plans, mediation tasks).
 */
export const HISTORY_ACTION_NAMES_ZH: Record<EventAction | string, string> = {
  report: '上报',
  dispatch: '分拨',
  redispatch: '重新分拨',
  accept: '签收',
  return: '退回',
  start: '开始处置',
  record: '处置记录',
  resolve: '办结',
  verify: '核查',
  rework: '返工',
  close: '结案',
  reassign: '改派',
  merge: '合并',
  merge_in: '并入',
  cancel: '撤销',
  assign: '追加指派',
  escalate: '提级',
  urge: '催办',
  supervise: '督办',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  suspend: '挂起',
  resume: '恢复',
  consult: '会商研判',
  reopen: '重新办理',
  plan: '化解方案',
  mediation_assigned: '派发调解',
  mediation_accepted: '接受调解',
  mediation_declined: '谢绝调解',
  mediation_result: '调解结果',
  mediation_cancelled: '撤回调解',
};

export function isEventAction(value: string): value is EventAction {
  return (EVENT_ACTIONS as readonly string[]).includes(value);
}

/** Who may take an action, in what relation to the event. */
type Authority =
  | 'assignee' // a person the event is assigned to (directly, via their department or their centre)
  | 'supervisor' // a centre operator or leader whose jurisdiction contains the event
  | 'reporter' // the person who reported it
  | 'system'; // the platform itself (auto-dispatch, the escalation ladder, follow-up outcomes)

interface ActionRule {
  from: readonly EventStatus[];
  to: EventStatus | 'same';
  /** Any one of these suffices. */
  authority: readonly Authority[];
  /** States in which the reporter may act (only for actions the reporter may take). */
  reporterFrom?: readonly EventStatus[];
  /** The action must carry a note (a reason, a result). */
  noteRequired?: boolean;
  /**
   * Assignees at a tier below the one holding the event may take it too: after 提级 the people
   * first assigned still record what they do and join consultations (holding.ts).
   */
  assistantsMay?: boolean;
}

const OPEN_STATES: readonly EventStatus[] = ['reported', 'dispatched', 'returned', 'accepted', 'handling'];
/** Open states in which someone already holds the event. */
const HELD_STATES: readonly EventStatus[] = ['dispatched', 'returned', 'accepted', 'handling'];
/** States in which the clock of a handler runs. */
const WORKING_STATES: readonly EventStatus[] = ['dispatched', 'accepted', 'handling'];

export const ACTION_RULES: Record<EventAction, ActionRule> = {
  dispatch: { from: ['reported'], to: 'dispatched', authority: ['supervisor', 'system'] },
  redispatch: { from: ['returned'], to: 'dispatched', authority: ['supervisor', 'system'] },
  accept: { from: ['dispatched'], to: 'accepted', authority: ['assignee'] },
  return: { from: ['dispatched', 'accepted'], to: 'returned', authority: ['assignee'], noteRequired: true },
  start: { from: ['accepted'], to: 'handling', authority: ['assignee'] },
  record: { from: ['handling'], to: 'same', authority: ['assignee'], noteRequired: true, assistantsMay: true },
  resolve: { from: ['accepted', 'handling'], to: 'resolved', authority: ['assignee'], noteRequired: true },
  verify: { from: ['resolved'], to: 'verified', authority: ['supervisor'] },
  rework: { from: ['resolved', 'verified'], to: 'handling', authority: ['supervisor'], noteRequired: true },
  close: { from: ['verified'], to: 'closed', authority: ['supervisor'] },
  reassign: { from: ['dispatched', 'returned', 'accepted', 'handling'], to: 'dispatched', authority: ['supervisor'] },
  merge: { from: OPEN_STATES, to: 'merged', authority: ['supervisor'], noteRequired: false },
  cancel: {
    from: OPEN_STATES,
    to: 'cancelled',
    authority: ['supervisor', 'reporter'],
    reporterFrom: ['reported', 'dispatched'],
    noteRequired: true,
  },
  assign: { from: HELD_STATES, to: 'same', authority: ['supervisor'] },
  escalate: { from: HELD_STATES, to: 'same', authority: ['assignee', 'supervisor', 'system'], noteRequired: true },
  urge: { from: HELD_STATES, to: 'same', authority: ['supervisor'] },
  supervise: { from: HELD_STATES, to: 'same', authority: ['supervisor'], noteRequired: true },
  request_extension: { from: WORKING_STATES, to: 'same', authority: ['assignee'], noteRequired: true },
  approve_extension: { from: WORKING_STATES, to: 'same', authority: ['supervisor'] },
  reject_extension: { from: WORKING_STATES, to: 'same', authority: ['supervisor'], noteRequired: true },
  suspend: { from: WORKING_STATES, to: 'same', authority: ['supervisor'], noteRequired: true },
  resume: { from: WORKING_STATES, to: 'same', authority: ['supervisor'] },
  consult: {
    from: HELD_STATES,
    to: 'same',
    authority: ['assignee', 'supervisor'],
    noteRequired: true,
    assistantsMay: true,
  },
  reopen: { from: ['closed'], to: 'handling', authority: ['supervisor', 'system'], noteRequired: true },
};

/** Roles that can supervise (dispatch, verify, close …) events within their jurisdiction. */
const SUPERVISOR_ROLES: ReadonlySet<Role> = new Set<Role>(['town_operator', 'county_operator', 'leader']);
/** Leaders verify, send back, close, urge and supervise (督办), take consultations and approve extensions; dispatching is the centres' job. */
const LEADER_ACTIONS: ReadonlySet<EventAction> = new Set<EventAction>([
  'verify',
  'rework',
  'close',
  'urge',
  'supervise',
  'consult',
  'approve_extension',
  'reject_extension',
  'reopen',
]);

/** Who acts. `system` is the platform itself (auto-dispatch). */
export type Actor = { kind: 'system' } | { kind: 'person'; id: number; role: Role };

/** How the acting person stands to this event; worked out by the server from the database (event-access.ts). */
export interface ActorRelation {
  /** The person, their department or their centre has an active assignment on the event (at any tier). */
  isAssignee: boolean;
  /** …one made at the tier holding the event, or above it: they act on it (承办); otherwise they assist. */
  holds: boolean;
  /** A supervisor (centre operator, leader) whose jurisdiction subtree holds the event: they see and read it. */
  inScope: boolean;
  /** …and whose jurisdiction contains the event's supervising centre: they supervise it (督办). */
  supervises: boolean;
  /** The person reported the event. */
  isReporter: boolean;
}

/** How the platform itself stands to an event (auto-dispatch, the ladder's escalation): in no relation at all. */
export const NO_RELATION: ActorRelation = {
  isAssignee: false,
  holds: false,
  inScope: false,
  supervises: false,
  isReporter: false,
};

function canSupervise(role: Role, action: EventAction): boolean {
  if (!SUPERVISOR_ROLES.has(role)) return false;
  return role !== 'leader' || LEADER_ACTIONS.has(action);
}

/**
 * Decide an action: returns the state the event moves to, or throws
 * FORBIDDEN (the role never may), EVENT_NOT_ASSIGNED_TO_YOU (may, but not on this event),
 * EVENT_HELD_AT_HIGHER_TIER (assigned or supervising, but the event was raised above them: they
 * may record and assist, holding.ts), EVENT_ILLEGAL_TRANSITION (not from this state) or
 * VALIDATION_FAILED (a required note is missing).
 */
export function decideTransition(
  action: EventAction,
  from: EventStatus,
  actor: Actor,
  relation: ActorRelation,
  note?: string | null,
): EventStatus {
  const rule = ACTION_RULES[action];
  if (actor.kind === 'person') {
    const role = actor.role;
    const asSupervisor = rule.authority.includes('supervisor') && canSupervise(role, action);
    const asAssignee = rule.authority.includes('assignee') && role !== 'citizen';
    const asReporter = rule.authority.includes('reporter');
    if (!asSupervisor && !asAssignee && !asReporter) {
      fail('FORBIDDEN', `a ${role} may not ${action} events`);
    }
    const supervises = asSupervisor && relation.supervises;
    const handles = asAssignee && (relation.holds || (rule.assistantsMay === true && relation.isAssignee));
    const reports = asReporter && relation.isReporter;
    if (!supervises && !handles && !reports) {
      if ((asSupervisor && relation.inScope) || (asAssignee && relation.isAssignee)) {
        fail(
          'EVENT_HELD_AT_HIGHER_TIER',
          `this event is held at a higher tier now: those who hold it ${action}; you may record what you do and join consultations`,
          { action },
        );
      }
      fail(
        asAssignee ? 'EVENT_NOT_ASSIGNED_TO_YOU' : 'OUT_OF_SCOPE',
        asAssignee ? `this event is not assigned to you` : `this event is outside your jurisdiction`,
      );
    }
    if (!rule.from.includes(from)) {
      fail('EVENT_ILLEGAL_TRANSITION', `cannot ${action} an event that is ${from}`, { action, from });
    }
    if (!supervises && !handles && reports && rule.reporterFrom && !rule.reporterFrom.includes(from)) {
      fail('EVENT_ILLEGAL_TRANSITION', `a reporter can only ${action} before the event is accepted`, { action, from });
    }
  } else if (!rule.authority.includes('system')) {
    fail('FORBIDDEN', `the platform itself does not ${action} events`);
  } else if (!rule.from.includes(from)) {
    fail('EVENT_ILLEGAL_TRANSITION', `cannot ${action} an event that is ${from}`, { action, from });
  }
  if (rule.noteRequired && !(note && note.trim())) {
    fail('VALIDATION_FAILED', `${action} needs a note saying why or what was done`);
  }
  return rule.to === 'same' ? from : rule.to;
}

/** The actions this actor could take now; drives which buttons a user sees. */
export function availableActions(from: EventStatus, actor: Actor, relation: ActorRelation): EventAction[] {
  return EVENT_ACTIONS.filter((action) => {
    try {
      decideTransition(action, from, actor, relation, 'x');
      return true;
    } catch {
      return false;
    }
  });
}
