/**
 * Who hears of a mediation step, as outbox messages: people directly, a centre's operators, a
 * department's staff — each person once, never the one who acted. The text is core's
 * (core/mediation/mediation-notices.ts).
 */
import type { EventRow } from '../db/schema.js';
import type { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { NewOutboxMessage } from '../notify/outbox.repository.js';
import { resolveRecipients, type AssignmentTarget } from '../notify/recipients.js';
import {
  mediationNoticePayload,
  type MediationNoticeTopic,
  type NoticeTask,
} from '../../core/mediation/mediation-notices.js';

export async function mediationNotifications(
  org: OrganisationRepository,
  event: EventRow,
  topic: MediationNoticeTopic,
  task: NoticeTask,
  targets: readonly AssignmentTarget[],
  actorId: number,
  extra: Record<string, unknown> = {},
): Promise<NewOutboxMessage[]> {
  const people = (await resolveRecipients(org, targets)).filter((p) => p.id !== actorId).sort((a, b) => a.id - b.id);
  return people.map((p) => ({
    event_id: event.id,
    recipient_id: p.id,
    topic,
    payload: mediationNoticePayload(topic, event, task, p, extra),
  }));
}
