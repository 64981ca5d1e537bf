/**
 * What the events area does on other areas' domain events (server/domain-events/): when a tier's
 * ladder time runs out (五级九天, the sweep), the platform escalates the event (提级) — the same
 * action a person takes, as the system actor, in the sweep's transaction.
 */
import type { Subscriptions } from '../domain-events/domain-events.js';
import { NO_RELATION } from '../../core/events/event-workflow.js';
import { ladderEscalationNote } from '../../core/events/actions/escalation.js';
import { EventRepository } from './event.repository.js';
import { runLockedEventAction } from './event-action.service.js';

export const eventSubscribers: Subscriptions = {
  /** 五级九天: 提级 by the platform. */
  TierTimeRanOut: async (db, { event, tier, at, settings }) => {
    await runLockedEventAction(db, {
      action: 'escalate',
      event,
      assignments: await new EventRepository(db).assignments(event.id),
      actor: { kind: 'system' },
      user: null,
      relation: NO_RELATION,
      input: { note: ladderEscalationNote(tier) },
      now: at,
      settings,
    });
  },
};
