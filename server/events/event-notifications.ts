/**
 * What each notification says and who gets it. A person assignment notifies that person; a
 * centre assignment notifies the centre's operators; a department assignment its staff.
 */
import type { EventRow } from '../db/schema.js';
import type { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { NewOutboxMessage } from '../notify/outbox.repository.js';
import { noticePayload, type NoticeTopic } from '../../core/events/event-notices.js';

export interface AssignmentTarget {
  personId?: number;
  centreCode?: string;
  departmentId?: number;
}

export type NotificationTopic = NoticeTopic;

export interface Recipient {
  id: number;
  name: string;
  phone: string | null;
}

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
  const personIds = new Set<number>();
  const found = new Map(known);
  for (const t of targets) if (t.personId !== undefined) personIds.add(t.personId);
  for (const code of new Set(targets.flatMap((t) => (t.centreCode ? [t.centreCode] : [])))) {
    for (const operator of await org.centreOperators(code)) {
      personIds.add(operator.id);
      found.set(operator.id, operator);
    }
  }
  const departmentIds = targets.flatMap((t) => (t.departmentId !== undefined ? [t.departmentId] : []));
  for (const staff of await org.departmentStaff(departmentIds)) {
    personIds.add(staff.id);
    found.set(staff.id, staff);
  }
  const unknown = [...personIds].filter((id) => !found.has(id));
  const looked = (await org.findPeople(unknown)).filter((p) => p.active);
  const people: Recipient[] = [...[...personIds].flatMap((id) => (found.has(id) ? [found.get(id)!] : [])), ...looked];
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
