/**
 * What each notification says and who gets it. A person assignment notifies that person; a
 * centre assignment notifies the centre's operators; a department assignment its staff.
 */
import type { EventRow } from '../db/schema.js';
import type { OrganisationRepository } from '../organisation/organisation.repository.js';
import type { NewOutboxMessage } from '../notify/outbox.repository.js';
import { RISK_LEVEL_NAMES_ZH, type RiskLevel } from '../../core/events/event-catalog.js';

export interface AssignmentTarget {
  personId?: number;
  centreCode?: string;
  departmentId?: number;
}

export type NotificationTopic =
  | 'event.assigned' // 新事件待签收
  | 'event.returned' // 事件被退回
  | 'event.resolved' // 事件已办结待核查
  | 'event.rework' // 事件需返工
  | 'event.closed' // 事件已结案
  | 'event.cancelled'; // 事件已撤销/合并

const TEXT: Record<NotificationTopic, (e: EventRow) => string> = {
  'event.assigned': (e) => `【一网】您有新的${RISK_LEVEL_NAMES_ZH[e.risk_level as RiskLevel] ?? ''}事件待签收：${e.serial_no} ${e.title}，请及时处置。`,
  'event.returned': (e) => `【一网】事件 ${e.serial_no} ${e.title} 被退回，请重新分拨。`,
  'event.resolved': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已办结，请核查。`,
  'event.rework': (e) => `【一网】事件 ${e.serial_no} ${e.title} 核查未通过，请返工处置。`,
  'event.closed': (e) => `【一网】您反映的事件 ${e.serial_no} 已办结，感谢您的参与。`,
  'event.cancelled': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已撤销或合并，无需继续处置。`,
};

/** Resolves targets to people and builds one message per person (each person once). */
export async function notificationsFor(
  org: OrganisationRepository,
  event: EventRow,
  topic: NotificationTopic,
  targets: readonly AssignmentTarget[],
  extra: Record<string, unknown> = {},
): Promise<NewOutboxMessage[]> {
  const personIds = new Set<number>();
  for (const t of targets) if (t.personId !== undefined) personIds.add(t.personId);
  for (const code of new Set(targets.flatMap((t) => (t.centreCode ? [t.centreCode] : [])))) {
    for (const operator of await org.centreOperators(code)) personIds.add(operator.id);
  }
  const departmentIds = targets.flatMap((t) => (t.departmentId !== undefined ? [t.departmentId] : []));
  for (const staff of await org.departmentStaff(departmentIds)) personIds.add(staff.id);
  const people = await org.findPeople([...personIds]);
  return people
    .filter((p) => p.active)
    .map((p) => ({
      event_id: event.id,
      recipient_id: p.id,
      topic,
      payload: {
        eventId: event.id,
        serialNo: event.serial_no,
        title: event.title,
        riskLevel: event.risk_level,
        recipient: { id: p.id, name: p.name, phone: p.phone },
        text: TEXT[topic](event),
        ...extra,
      },
    }));
}

export function assignmentNotifications(org: OrganisationRepository, event: EventRow, targets: readonly AssignmentTarget[]) {
  return notificationsFor(org, event, 'event.assigned', targets);
}
