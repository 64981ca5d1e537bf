/**
 * What mediation does on the event lifecycle's domain events (server/domain-events/), in the
 * transaction that changed the event: an event that ends — closed, merged or cancelled — withdraws
 * its open mediation tasks (调解任务) and its mediators' access to act on it.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { LifecycleEvent, Subscriptions } from '../domain-events/domain-events.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import { MediationRepository } from './mediation.repository.js';

/** 调解任务撤回: the event ended; its open tasks are cancelled, their mediators' assignments ended. */
async function withdrawTasks(db: Kysely<Schema>, { event, actorId, at }: LifecycleEvent): Promise<void> {
  const mediation = new MediationRepository(db);
  const note = `事件已${STATUS_DEFINITIONS[event.status as EventStatus].zh}，调解任务撤回`;
  for (const member of await mediation.cancelOpenTasks(event.id, note, actorId, at)) {
    await mediation.endMediatorAssignment(event.id, member, at);
  }
}

export const mediationSubscribers: Subscriptions = {
  EventClosed: withdrawTasks,
  EventMerged: withdrawTasks,
  EventCancelled: withdrawTasks,
};
