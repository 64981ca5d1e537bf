/**
 * The mediation task (调解任务) as an explicit state machine. A handler of an event sends a task
 * to a member of the village's mediator pool (群英库, "民警接单后，紧急在群英库中下发调解任务");
 * the member accepts or declines it, then reports the result; the sender's side may withdraw it
 * while it is open. Pure: it is told how the actor stands to the task and answers with the next
 * state or a coded error.
 *
 *   (dispatch) → assigned ─accept→ accepted ─report_result→ done
 *                assigned ─decline→ declined
 *                assigned | accepted ─cancel→ cancelled
 *
 * done, declined and cancelled are final. Nothing here changes the event's own status: the
 * handlers resolve the event through the normal lifecycle.
 */
import { fail } from '../errors.js';
import { MEDIATION_OUTCOMES, type MediationOutcome, type TaskStatus } from './mediation-catalog.js';

export const TASK_ACTIONS = ['accept', 'decline', 'report_result', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** member: the pool member the task was sent to; dispatcher: an active handler or supervisor of the event. */
type TaskAuthority = 'member' | 'dispatcher';

interface TaskRule {
  from: readonly TaskStatus[];
  to: TaskStatus;
  authority: TaskAuthority;
  /** The action must carry a note (why it was declined or withdrawn). */
  noteRequired?: boolean;
}

export const TASK_RULES: Record<TaskAction, TaskRule> = {
  accept: { from: ['assigned'], to: 'accepted', authority: 'member' },
  decline: { from: ['assigned'], to: 'declined', authority: 'member', noteRequired: true },
  report_result: { from: ['accepted'], to: 'done', authority: 'member' },
  cancel: { from: ['assigned', 'accepted'], to: 'cancelled', authority: 'dispatcher', noteRequired: true },
};

/** The event_history action recorded for each step of a task (the dispatch itself is `mediation_assigned`). */
export const TASK_HISTORY_ACTION: Record<TaskAction | 'dispatch', string> = {
  dispatch: 'mediation_assigned',
  accept: 'mediation_accepted',
  decline: 'mediation_declined',
  report_result: 'mediation_result',
  cancel: 'mediation_cancelled',
};

/** How the acting person stands to the task; worked out by the server. */
export interface TaskRelation {
  /** The task was sent to this person. */
  isMember: boolean;
  /** The person is an active handler (non-mediator assignee) or a supervisor in scope of the event. */
  isDispatcher: boolean;
}

export interface TaskActionInput {
  note?: string | null;
  outcome?: string | null;
  agreement?: string | null;
}

const hasText = (s: string | null | undefined) => !!(s && s.trim());

/**
 * Decide an action on a task: returns the next state, or throws
 * MEDIATION_TASK_NOT_YOURS (403: a member's action by someone else, or a withdrawal by someone who
 * does not handle the event), MEDIATION_TASK_ILLEGAL_TRANSITION (409: not from this state) or
 * VALIDATION_FAILED (400: a required note, outcome or agreement is missing).
 */
export function decideTaskTransition(
  action: TaskAction,
  from: TaskStatus,
  relation: TaskRelation,
  input: TaskActionInput = {},
): TaskStatus {
  const rule = TASK_RULES[action];
  if (rule.authority === 'member' && !relation.isMember) {
    fail('MEDIATION_TASK_NOT_YOURS', `only the mediator the task was sent to may ${action.replace('_', ' ')} it`);
  }
  if (rule.authority === 'dispatcher' && !relation.isDispatcher) {
    fail('MEDIATION_TASK_NOT_YOURS', `only a handler or supervisor of the event may ${action} a mediation task`);
  }
  if (!rule.from.includes(from)) {
    fail('MEDIATION_TASK_ILLEGAL_TRANSITION', `cannot ${action.replace('_', ' ')} a mediation task that is ${from}`, {
      action,
      from,
    });
  }
  if (rule.noteRequired && !hasText(input.note)) {
    fail('VALIDATION_FAILED', `${action} needs a note saying why`);
  }
  if (action === 'report_result') {
    if (!input.outcome || !(MEDIATION_OUTCOMES as readonly string[]).includes(input.outcome)) {
      fail('VALIDATION_FAILED', `the outcome must be one of ${MEDIATION_OUTCOMES.join(', ')}`);
    }
    if (!hasText(input.agreement)) {
      fail('VALIDATION_FAILED', 'the result needs a summary: the agreement reached, or why mediation failed');
    }
  }
  return rule.to;
}

/** The actions this actor could take now; drives which buttons a user sees. */
export function availableTaskActions(from: TaskStatus, relation: TaskRelation): TaskAction[] {
  return TASK_ACTIONS.filter((action) => {
    try {
      decideTaskTransition(action, from, relation, {
        note: 'x',
        outcome: 'resolved' as MediationOutcome,
        agreement: 'x',
      });
      return true;
    } catch {
      return false;
    }
  });
}
