/**
 * What follow-ups do on the event lifecycle's domain events (server/domain-events/), in the
 * transaction that changed the event: a closing plans its visits (回访); a reopen (重新办理) cancels
 * the closing's visits still scheduled.
 */
import type { Subscriptions } from '../domain-events/domain-events.js';
import { cancelStaleFollowUps, scheduleFollowUps } from './follow-up.service.js';

export const followUpSubscribers: Subscriptions = {
  /** 结案: the closing's visits. */
  EventClosed: async (db, { event, at }) => {
    await scheduleFollowUps(db, event, at);
  },
  /** 重新办理: the undone closing's visits cancelled. */
  EventReopened: (db, { event, at }) => cancelStaleFollowUps(db, event.id, at),
};
