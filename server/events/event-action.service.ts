/**
 * 事件流转: one action on one event, in one transaction. Loads and locks the event, works out how
 * the actor stands to it, and asks the core whether the action may be taken now
 * (core/events/actions/action-plan.ts `decideAction`); the action's handler (./actions/, one per
 * action, chosen from a table) loads what its plan needs, plans in the core and applies the plan —
 * assignments, tier, clocks, counters, extension requests, the history record, the notice — and
 * tells other areas what happened through domain events (server/domain-events/). Anything refused
 * changes nothing. The platform itself acts through the same path (`runLockedEventAction` with the
 * system actor): the escalation ladder's automatic 提级, a follow-up's 重新办理.
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import type { Actor, ActorRelation, EventAction } from '../../core/events/event-workflow.js';
import { decideAction, type ActionInput } from '../../core/events/actions/action-plan.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';
import type { ClockSettingsProvider } from '../deadlines/clock-settings.js';
import type { Config } from '../config.js';
import type { AssignmentView } from './event.repository.js';
import { findVisibleEvent } from './event-visibility.js';
import { ACTION_HANDLERS } from './actions/action-table.js';
import type { ActionOutcome } from './actions/apply-plan.js';

export type { ActionInput } from '../../core/events/actions/action-plan.js';
export { eventFactsOf, findVisibleEvent } from './event-visibility.js';

export interface ActionDeps {
  db: Kysely<Schema>;
  now: () => Date;
  clocks: ClockSettingsProvider;
  /** DUE_DATE_HORIZON_DAYS: how far ahead a 督办 or extension date may lie. */
  config: Pick<Config, 'dueDateHorizonDays'>;
}

/** An action taken inside the caller's transaction, on an event row it has locked. */
export interface LockedActionRequest {
  action: EventAction;
  event: EventRow;
  assignments: readonly AssignmentView[];
  actor: Actor;
  /** The signed-in user; null when the platform acts. */
  user: CurrentUser | null;
  relation: ActorRelation;
  input: ActionInput;
  now: Date;
  settings: ClockSettings;
  /** Someone not to notify besides the actor (the visitor on whose word the platform acts). */
  notifyExcept?: number;
}

/** A signed-in user's action on an event they may see: its own transaction, the row locked first. */
export async function runEventAction(
  deps: ActionDeps,
  user: CurrentUser,
  eventId: number,
  action: EventAction,
  input: ActionInput,
) {
  // the due-date horizon travels with the clock settings to where a dueAt is checked
  const settings: ClockSettings = { ...(await deps.clocks.get()), dueDateHorizonDays: deps.config.dueDateHorizonDays };
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { event, assignments, relation } = await findVisibleEvent(trx, user, eventId, true);
    const actor: Actor = { kind: 'person', id: user.id, role: user.role };
    const done = await runLockedEventAction(trx, {
      action,
      event,
      assignments,
      actor,
      user,
      relation,
      input,
      now,
      settings,
    });
    return { ...done, relation };
  });
}

/** Takes one action inside the caller's transaction, the event row already locked. */
export function runLockedEventAction(db: Kysely<Schema>, request: LockedActionRequest): Promise<ActionOutcome> {
  return ACTION_HANDLERS[request.action](db, decideAction(request));
}
