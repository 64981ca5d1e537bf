import { describe, expect, it } from 'vitest';
import {
  mediationNoticePayload,
  mediationNoticeText,
  NOTICE_AFTER_TASK_STEP,
  type MediationNoticeTopic,
} from './mediation-notices.js';

const event = { id: 9, serial_no: 'YW20261124000009', title: '拖欠工资纠纷', risk_level: 'yellow' };
const task = { id: 3, mediationType: 'people', memberName: '吴见来', outcome: 'resolved' };

describe('mediation notices', () => {
  it('names the event in every text, and the kind, member or outcome where it matters', () => {
    const topics: MediationNoticeTopic[] = [
      'mediation.assigned',
      'mediation.accepted',
      'mediation.declined',
      'mediation.result',
      'mediation.cancelled',
    ];
    for (const t of topics) expect(mediationNoticeText(t, event, task)).toContain(event.serial_no);
    expect(mediationNoticeText('mediation.assigned', event, task)).toContain('人民调解');
    expect(mediationNoticeText('mediation.accepted', event, task)).toContain('吴见来');
    expect(mediationNoticeText('mediation.result', event, task)).toContain('调解成功');
  });

  it('tells the member of a new or withdrawn task, the sender of the answer, the handlers of the result', () => {
    expect(NOTICE_AFTER_TASK_STEP).toEqual({
      dispatch: { topic: 'mediation.assigned', to: 'member' },
      accept: { topic: 'mediation.accepted', to: 'dispatcher' },
      decline: { topic: 'mediation.declined', to: 'dispatcher' },
      report_result: { topic: 'mediation.result', to: 'handlers' },
      cancel: { topic: 'mediation.cancelled', to: 'member' },
    });
  });

  it('builds a payload shaped like the event notices', () => {
    const payload = mediationNoticePayload(
      'mediation.assigned',
      event,
      task,
      { id: 4, name: '吴见来', phone: '138' },
      { note: '请尽快' },
    );
    expect(payload).toEqual({
      eventId: 9,
      serialNo: event.serial_no,
      title: event.title,
      riskLevel: 'yellow',
      recipient: { id: 4, name: '吴见来', phone: '138' },
      text: mediationNoticeText('mediation.assigned', event, task),
      taskId: 3,
      mediationType: 'people',
      note: '请尽快',
    });
  });
});
