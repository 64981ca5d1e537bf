/**
 * What the platform tells people about mediation tasks (调解任务通知), and its text (short enough
 * for an SMS). The payload has the shape of core/events/event-notices.ts's noticePayload, plus
 * the task, so the notifier and the outbox views treat both alike.
 */
import { eventNoticePayload, type NoticeEvent } from '../events/event-notices.js';
import type { TaskAction } from './mediation-task.js';
import { mediationTypeName, outcomeName } from './mediation-catalog.js';

export type MediationNoticeTopic =
  | 'mediation.assigned' // 新调解任务待接单
  | 'mediation.accepted' // 调解员已接单
  | 'mediation.declined' // 调解员拒单
  | 'mediation.result' // 调解结果反馈
  | 'mediation.cancelled'; // 调解任务已撤回

/** member: the pool member; dispatcher: who sent the task; handlers: the event's active handlers and who sent the task. */
export type MediationNoticeRecipients = 'member' | 'dispatcher' | 'handlers';

export const NOTICE_AFTER_TASK_STEP: Record<
  TaskAction | 'dispatch',
  { topic: MediationNoticeTopic; to: MediationNoticeRecipients }
> = {
  dispatch: { topic: 'mediation.assigned', to: 'member' },
  accept: { topic: 'mediation.accepted', to: 'dispatcher' },
  decline: { topic: 'mediation.declined', to: 'dispatcher' },
  report_result: { topic: 'mediation.result', to: 'handlers' },
  cancel: { topic: 'mediation.cancelled', to: 'member' },
};

export interface NoticeTask {
  id: number;
  mediationType: string;
  memberName: string;
  outcome?: string | null;
}

const TEXT: Record<MediationNoticeTopic, (e: NoticeEvent, t: NoticeTask) => string> = {
  'mediation.assigned': (e, t) =>
    `【一网】您有新的${mediationTypeName(t.mediationType) ?? '调解'}任务：事件 ${e.serial_no} ${e.title}，请及时接单并开展调解。`,
  'mediation.accepted': (e, t) => `【一网】调解员${t.memberName}已接单事件 ${e.serial_no} 的调解任务。`,
  'mediation.declined': (e, t) => `【一网】调解员${t.memberName}未接事件 ${e.serial_no} 的调解任务，请另行安排。`,
  'mediation.result': (e, t) =>
    `【一网】事件 ${e.serial_no} ${e.title} 调解结果：${outcomeName(t.outcome) ?? ''}（调解员${t.memberName}），请跟进处置。`,
  'mediation.cancelled': (e) => `【一网】事件 ${e.serial_no} ${e.title} 的调解任务已撤回，无需继续调解。`,
};

export function mediationNoticeText(topic: MediationNoticeTopic, event: NoticeEvent, task: NoticeTask): string {
  return TEXT[topic](event, task);
}

export function mediationNoticePayload(
  topic: MediationNoticeTopic,
  event: NoticeEvent,
  task: NoticeTask,
  recipient: { id: number; name: string; phone: string | null },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return eventNoticePayload(event, recipient, mediationNoticeText(topic, event, task), {
    taskId: task.id,
    mediationType: task.mediationType,
    ...extra,
  });
}
