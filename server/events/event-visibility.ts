/**
 * Which event a user may reach: loaded (and locked, for a change) only when they may see it —
 * an event outside one's scope answers 404, as if it did not exist (core/events/event-access.ts).
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import { eventFactsFrom, relationTo, type EventFacts } from '../../core/events/event-access.js';
import { EventRepository, type AssignmentView } from './event.repository.js';

/** The facts the core decides access from (event-access.ts), from the event row and its assignments. */
export function eventFactsOf(event: EventRow, assignments: readonly AssignmentView[]): EventFacts {
  return eventFactsFrom(event, assignments);
}

/** Loads an event the user may see, or 404 (an event outside one's scope does not exist for them). */
export async function findVisibleEvent(db: Kysely<Schema>, user: CurrentUser, eventId: number, forUpdate = false) {
  const events = new EventRepository(db);
  const event = forUpdate ? await events.findForUpdate(eventId) : await events.findById(eventId);
  if (!event) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  const assignments = await events.assignments(event.id);
  const relation = relationTo(user, eventFactsOf(event, assignments));
  if (!relation.canSee) fail('EVENT_NOT_FOUND', `no event ${eventId}`);
  return { event, assignments, relation };
}
