/**
 * What the platform tells people, and when (通知): which notice follows each action, who receives
 * it, and its text (short enough for an SMS). Shared by the server and the demo generator so the
 * demo's outbox reads exactly like a real one.
 */
import type { EventAction } from './event-workflow.js';
import { RISK_LEVEL_NAMES_ZH, type RiskLevel } from './event-catalog.js';

export type NoticeTopic =
  | 'event.assigned' // 新事件待签收
  | 'event.returned' // 事件被退回
  | 'event.resolved' // 事件已办结待核查
  | 'event.rework' // 事件需返工
  | 'event.closed' // 事件已结案
  | 'event.cancelled' // 事件已撤销/合并
  | 'event.escalated' // 事件已提级
  | 'event.urged' // 催办
  | 'event.supervised' // 督办
  | 'event.deadline_warning' // 临期预警 (黄灯)
  | 'event.overdue' // 逾期 (红灯)
  | 'event.extension_requested' // 延期申请待审批
  | 'event.extension_decided' // 延期审批结果
  | 'event.reopened'; // 重新办理

/**
 * Who a notice is for, before it is resolved to people: a person, a centre (its operators) or a
 * department (its staff). The server resolves targets (server/events/event-notifications.ts).
 */
export interface NoticeTarget {
  personId?: number;
  centreCode?: string;
  departmentId?: number;
}

/** new_assignees: who the action assigned; assignees: who held it; centre: the supervising centre's operators; reporter: who reported. */
export type NoticeRecipients = 'new_assignees' | 'assignees' | 'centre' | 'reporter';

export const NOTICE_AFTER_ACTION: Partial<Record<EventAction, { topic: NoticeTopic; to: NoticeRecipients }>> = {
  dispatch: { topic: 'event.assigned', to: 'new_assignees' },
  redispatch: { topic: 'event.assigned', to: 'new_assignees' },
  reassign: { topic: 'event.assigned', to: 'new_assignees' },
  return: { topic: 'event.returned', to: 'centre' },
  resolve: { topic: 'event.resolved', to: 'centre' },
  rework: { topic: 'event.rework', to: 'assignees' },
  close: { topic: 'event.closed', to: 'reporter' },
  merge: { topic: 'event.cancelled', to: 'assignees' },
  cancel: { topic: 'event.cancelled', to: 'assignees' },
  assign: { topic: 'event.assigned', to: 'new_assignees' },
  escalate: { topic: 'event.escalated', to: 'new_assignees' },
  urge: { topic: 'event.urged', to: 'assignees' },
  supervise: { topic: 'event.supervised', to: 'assignees' },
  request_extension: { topic: 'event.extension_requested', to: 'centre' },
  reopen: { topic: 'event.reopened', to: 'assignees' },
};

export interface NoticeEvent {
  id: number;
  serial_no: string;
  title: string;
  risk_level: string;
}

const TEXT: Record<NoticeTopic, (e: NoticeEvent) => string> = {
  'event.assigned': (e) =>
    `【一网】您有新的${RISK_LEVEL_NAMES_ZH[e.risk_level as RiskLevel] ?? ''}事件待签收：${e.serial_no} ${e.title}，请及时处置。`,
  'event.returned': (e) => `【一网】事件 ${e.serial_no} ${e.title} 被退回，请重新分拨。`,
  'event.resolved': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已办结，请核查。`,
  'event.rework': (e) => `【一网】事件 ${e.serial_no} ${e.title} 核查未通过，请返工处置。`,
  'event.closed': (e) => `【一网】您反映的事件 ${e.serial_no} 已办结，感谢您的参与。`,
  'event.cancelled': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已撤销或合并，无需继续处置。`,
  'event.escalated': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已提级至您处，请及时研判处置。`,
  'event.urged': (e) => `【一网】催办：事件 ${e.serial_no} ${e.title} 请抓紧办理。`,
  'event.supervised': (e) => `【一网】督办：事件 ${e.serial_no} ${e.title} 已列入督办，请按期办结。`,
  'event.deadline_warning': (e) => `【一网】临期提醒：事件 ${e.serial_no} ${e.title} 即将到期，请抓紧办理。`,
  'event.overdue': (e) => `【一网】逾期警示：事件 ${e.serial_no} ${e.title} 已超期，请立即办理。`,
  'event.extension_requested': (e) => `【一网】事件 ${e.serial_no} ${e.title} 申请延期，请审批。`,
  'event.extension_decided': (e) => `【一网】事件 ${e.serial_no} ${e.title} 的延期申请已审批。`,
  'event.reopened': (e) => `【一网】事件 ${e.serial_no} ${e.title} 已重新办理，请及时处置。`,
};

export function noticeText(topic: NoticeTopic, event: NoticeEvent): string {
  return TEXT[topic](event);
}

/** The payload of one notice about an event to one person, as stored in the outbox and sent by the notifier. */
export function eventNoticePayload(
  event: NoticeEvent,
  recipient: { id: number; name: string; phone: string | null },
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventId: event.id,
    serialNo: event.serial_no,
    title: event.title,
    riskLevel: event.risk_level,
    recipient: { id: recipient.id, name: recipient.name, phone: recipient.phone },
    text,
    ...extra,
  };
}

/** The payload of a lifecycle notice (its text from the topic). */
export function noticePayload(
  topic: NoticeTopic,
  event: NoticeEvent,
  recipient: { id: number; name: string; phone: string | null },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return eventNoticePayload(event, recipient, noticeText(topic, event), extra);
}
