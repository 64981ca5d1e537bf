/**
 * What each notification says and who gets it. A person assignment notifies that person; a
 * centre assignment notifies the centre's operators; a department assignment its staff — resolved
 * by server/notify/recipients.ts, the one home of that rule.
 */
import type { EventRow } from '../db/schema.js';
import type { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { NewOutboxMessage } from '../notify/outbox.repository.js';
import { noticePayload, type NoticeTopic } from '../../core/events/event-notices.js';
import { resolveRecipients, type AssignmentTarget, type Recipient } from '../notify/recipients.js';

export type { AssignmentTarget, Recipient } from '../notify/recipients.js';

export type NotificationTopic = NoticeTopic;

/**
 * Resolves targets to people and builds one message per person (each person once). `known`
 * people (e.g. from the bindings the dispatch just read) are not looked up again.
 */
export async function notificationsFor(
  org: OrganisationRepository,
  event: EventRow,
  topic: NotificationTopic,
  targets: readonly AssignmentTarget[],
  extra: Record<string, unknown> = {},
  known: ReadonlyMap<number, Recipient> = new Map(),
): Promise<NewOutboxMessage[]> {
  const people = await resolveRecipients(org, targets, known);
  return people.map((p) => ({
    event_id: event.id,
    recipient_id: p.id,
    topic,
    payload: noticePayload(topic, event, p, extra),
  }));
}

export function assignmentNotifications(
  org: OrganisationRepository,
  event: EventRow,
  targets: readonly AssignmentTarget[],
  known?: ReadonlyMap<number, Recipient>,
) {
  return notificationsFor(org, event, 'event.assigned', targets, {}, known);
}
