/**
 * Who hears of a mediation step, as outbox messages: people directly, a centre's operators, a
 * department's staff — each person once, never the one who acted. The text is core's
 * (core/mediation/mediation-notices.ts).
 */
import type { EventRow } from '../db/schema.js';
import type { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { NewOutboxMessage } from '../notify/outbox.repository.js';
import type { AssignmentTarget, Recipient } from '../events/event-notifications.js';
import {
  mediationNoticePayload,
  type MediationNoticeTopic,
  type NoticeTask,
} from '../../core/mediation/mediation-notices.js';

async function recipientsOf(org: OrganisationRepository, targets: readonly AssignmentTarget[]): Promise<Recipient[]> {
  const found = new Map<number, Recipient>();
  for (const code of new Set(targets.flatMap((t) => (t.centreCode ? [t.centreCode] : [])))) {
    for (const operator of await org.centreOperators(code)) found.set(operator.id, operator);
  }
  const departmentIds = [...new Set(targets.flatMap((t) => (t.departmentId !== undefined ? [t.departmentId] : [])))];
  for (const staff of await org.departmentStaff(departmentIds)) found.set(staff.id, staff);
  const personIds = [...new Set(targets.flatMap((t) => (t.personId !== undefined ? [t.personId] : [])))].filter(
    (id) => !found.has(id),
  );
  for (const p of await org.findPeople(personIds)) if (p.active) found.set(p.id, p);
  return [...found.values()];
}

export async function mediationNotifications(
  org: OrganisationRepository,
  event: EventRow,
  topic: MediationNoticeTopic,
  task: NoticeTask,
  targets: readonly AssignmentTarget[],
  actorId: number,
  extra: Record<string, unknown> = {},
): Promise<NewOutboxMessage[]> {
  const people = (await recipientsOf(org, targets)).filter((p) => p.id !== actorId).sort((a, b) => a.id - b.id);
  return people.map((p) => ({
    event_id: event.id,
    recipient_id: p.id,
    topic,
    payload: mediationNoticePayload(topic, event, task, p, extra),
  }));
}
