/**
 * The actions that need nothing loaded: the holder's work (签收 … 会商研判), the end of the loop
 * (核查, 返工, 结案, 撤销, 重新办理), 催办 and 督办, 挂起 and 恢复, and 合并's own rules.
 */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../errors.js';
import { planAccept, planConsult, planRecord, planResolve, planReturn, planStart } from './handling.js';
import { planCancel, planClose, planReopen, planRework, planVerify } from './closing.js';
import { planSupervise, planUrge } from './supervision.js';
import { planResume, planSuspend } from './suspension.js';
import { mergeTargetId, planMerge } from './merge.js';
import { DAY, decided, HOLDER, HOLDS, NOW, TOWN } from './action-fixtures.js';

const byHolder = (action: Parameters<typeof decided>[0], status: string, note = '已处理') =>
  decided(action, { user: HOLDER, relation: HOLDS, event: { status }, input: { note } });
const opened = (plan: ReturnType<typeof planRework>) => {
  const last = plan.clocks.at(-1);
  return last?.op === 'open' ? last.plan.clocks.map((c) => [c.step, c.tier]) : null;
};

describe('the holder’s work', () => {
  it('签收 keeps the first acceptance and stops the sign-for clock', () => {
    const first = planAccept(byHolder('accept', 'dispatched'));
    expect(first.changes.accepted_at).toBe(NOW);
    expect(first.clocks[0]).toEqual({ op: 'finish', steps: ['sign'] });
    const earlier = new Date(NOW.getTime() - DAY);
    const again = planAccept(decided('accept', { user: HOLDER, relation: HOLDS, event: { accepted_at: earlier } }));
    expect(again.changes.accepted_at).toBe(earlier);
  });

  it('开始处置 and 处置记录 stop the sign-for and response clocks and change nothing else', () => {
    for (const plan of [planStart(byHolder('start', 'accepted')), planRecord(byHolder('record', 'handling'))]) {
      expect(plan.clocks).toEqual([
        { op: 'finish', steps: ['sign', 'respond'] },
        { op: 'open', plan: { clocks: [], fallbacks: [] } },
      ]);
      expect(Object.keys(plan.changes).sort()).toEqual(['status', 'status_kind', 'updated_at']);
      expect(plan.notice).toBeNull();
    }
  });

  it('办结 counts where it was held, stops every clock and tells the supervising centre', () => {
    const plan = planResolve(
      decided('resolve', {
        user: HOLDER,
        relation: HOLDS,
        event: { status: 'handling', tier: 'village' },
        input: { note: '已调解' },
      }),
    );
    expect(plan.changes).toMatchObject({ resolved_at: NOW, resolved_tier: 'village' });
    expect(plan.clocks[0]).toEqual({ op: 'finish', steps: ['sign', 'respond', 'resolve', 'tier', 'supervise'] });
    expect(plan.notice).toMatchObject({ topic: 'event.resolved', targets: [{ centreCode: TOWN }] });
  });

  it('退回 is counted and supersedes the holder’s clocks', () => {
    const plan = planReturn(
      decided('return', { user: HOLDER, relation: HOLDS, event: { return_count: 2 }, input: { note: '不属本网格' } }),
    );
    expect(plan.to).toBe('returned');
    expect(plan.changes.return_count).toBe(3);
    expect(plan.clocks[0]).toEqual({ op: 'finish', steps: ['sign', 'respond', 'tier'], outcome: 'superseded' });
    expect(plan.notice).toMatchObject({ topic: 'event.returned', targets: [{ centreCode: TOWN }] });
  });

  it('会商研判 keeps who took part and the conclusion', () => {
    const d = decided('consult', { input: { note: '由镇牵头', participants: ['派出所'] } });
    expect(planConsult(d).history.data).toEqual({ participants: ['派出所'], conclusion: '由镇牵头' });
    const none = decided('consult', { input: { note: '由镇牵头' } });
    expect(planConsult(none).history.data).toEqual({ participants: [], conclusion: '由镇牵头' });
  });
});

describe('the end of the loop', () => {
  it('核查 only moves the state', () => {
    const plan = planVerify(decided('verify', { event: { status: 'resolved' } }));
    expect(plan.to).toBe('verified');
    expect(plan.clocks).toEqual([{ op: 'open', plan: { clocks: [], fallbacks: [] } }]);
  });

  it('返工 and 重新办理 count a rework and start a new round of clocks at the event’s tier', () => {
    const rework = planRework(
      decided('rework', { event: { status: 'verified', rework_count: 1 }, input: { note: '未整改到位' } }),
    );
    expect(rework.changes).toMatchObject({ resolved_at: null, rework_count: 2 });
    expect(rework.changes.closed_at).toBeUndefined();
    expect(opened(rework)).toEqual([
      ['respond', 'grid'],
      ['resolve', 'grid'],
      ['tier', 'grid'],
    ]);
    expect(rework.notice).toMatchObject({ topic: 'event.rework' });
    const reopen = planReopen(
      decided('reopen', { user: null, event: { status: 'closed', tier: 'town' }, input: { note: '回访不满意' } }),
    );
    expect(reopen.changes).toMatchObject({ resolved_at: null, closed_at: null, resolved_tier: null, rework_count: 1 });
    expect(opened(reopen)).toEqual([
      ['respond', 'town'],
      ['resolve', 'town'],
      ['tier', 'town'],
    ]);
    expect(reopen.announce).toEqual(['reopened']);
    expect(reopen.notice).toMatchObject({ topic: 'event.reopened' });
  });

  it('结案 and 撤销 end the event: closed now, every clock cancelled, other areas told', () => {
    const close = planClose(decided('close', { event: { status: 'verified' } }));
    const cancel = planCancel(decided('cancel', { input: { note: '重复上报' } }));
    for (const plan of [close, cancel]) {
      expect(plan.changes.closed_at).toBe(NOW);
      expect(plan.clocks).toEqual([
        { op: 'finish', steps: ['sign', 'respond', 'resolve', 'tier', 'supervise'], outcome: 'cancelled' },
        { op: 'open', plan: { clocks: [], fallbacks: [] } },
      ]);
    }
    expect(close.announce).toEqual(['closed']);
    expect(cancel.announce).toEqual(['cancelled']);
    expect(cancel.notice).toMatchObject({ topic: 'event.cancelled' });
  });

  it('合并 needs another event the centre names, still open; its history records what came in, before the duplicate’s', () => {
    expect(errorCodeOf(() => mergeTargetId(decided('merge', { user: null })))).toBe('FORBIDDEN');
    expect(errorCodeOf(() => mergeTargetId(decided('merge')))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => mergeTargetId(decided('merge', { input: { targetEventId: 7 } })))).toBe(
      'EVENT_MERGE_INVALID',
    );
    const d = decided('merge', { input: { targetEventId: 8, note: '同一事件' } });
    expect(mergeTargetId(d)).toBe(8);
    const closed = { id: 8, serial_no: 'YW20260301000008', status: 'cancelled' };
    expect(errorCodeOf(() => planMerge(d, closed))).toBe('EVENT_MERGE_INVALID');
    const plan = planMerge(d, { ...closed, status: 'accepted' });
    expect(plan.to).toBe('merged');
    expect(plan.changes).toMatchObject({ merged_into_id: 8, closed_at: NOW });
    expect(plan.history.data).toEqual({ mergedInto: { id: 8, serialNo: 'YW20260301000008' } });
    expect(plan.otherHistory).toEqual([
      {
        eventId: 8,
        action: 'merge_in',
        from: 'accepted',
        to: 'accepted',
        note: '同一事件',
        data: { merged: { id: 7, serialNo: 'YW20260302000007' } },
      },
    ]);
    expect(plan.announce).toEqual(['merged']);
  });
});

describe('a centre’s pressure', () => {
  it('催办 is counted and numbered, and the holders are told', () => {
    const plan = planUrge(decided('urge', { event: { urge_count: 2 } }));
    expect(plan.changes.urge_count).toBe(3);
    expect(plan.history.data).toEqual({ urgeNo: 3 });
    expect(plan.notice).toMatchObject({ topic: 'event.urged', targets: [{ personId: 11 }] });
  });

  it('督办 takes a due date after now and within the horizon, and replaces the last 督办 clock with its own', () => {
    const due = new Date(NOW.getTime() + 3 * DAY);
    const check = (dueAt?: string) =>
      errorCodeOf(() => planSupervise(decided('supervise', { input: { dueAt, note: '限期' } })));
    expect(check(undefined)).toBe('VALIDATION_FAILED');
    expect(check('not a date')).toBe('VALIDATION_FAILED');
    expect(check(NOW.toISOString())).toBe('DUE_DATE_OUT_OF_RANGE');
    expect(check(new Date(NOW.getTime() + 367 * DAY).toISOString())).toBe('DUE_DATE_OUT_OF_RANGE');
    const plan = planSupervise(decided('supervise', { input: { dueAt: due.toISOString(), note: '限期' } }));
    expect(plan.changes.supervised_at).toBe(NOW);
    expect(plan.history.data).toEqual({ dueAt: due.toISOString() });
    expect(plan.clocks[0]).toEqual({ op: 'finish', steps: ['supervise'], outcome: 'superseded' });
    const own = plan.clocks[1];
    expect(own.op === 'open' && own.plan.clocks).toEqual([
      expect.objectContaining({ step: 'supervise', tier: 'grid', startedAt: NOW, dueAt: due, ruleId: null }),
    ]);
    expect(plan.notice).toMatchObject({ topic: 'event.supervised' });
  });
});

describe('挂起 and 恢复', () => {
  it('挂起 stops the clocks once', () => {
    const plan = planSuspend(decided('suspend', { input: { note: '等待鉴定' } }));
    expect(plan.changes.suspended_at).toBe(NOW);
    expect(plan.clocks[0]).toEqual({ op: 'pause' });
    const stopped = decided('suspend', { event: { suspended_at: NOW }, input: { note: '等待鉴定' } });
    expect(errorCodeOf(() => planSuspend(stopped))).toBe('EVENT_ALREADY_SUSPENDED');
  });

  it('恢复 restarts them, keeping since when they stood', () => {
    expect(errorCodeOf(() => planResume(decided('resume')))).toBe('EVENT_NOT_SUSPENDED');
    const since = new Date(NOW.getTime() - 2 * DAY);
    const plan = planResume(decided('resume', { event: { suspended_at: since } }));
    expect(plan.changes.suspended_at).toBeNull();
    expect(plan.history.data).toEqual({ suspendedSince: since.toISOString() });
    expect(plan.clocks[0]).toEqual({ op: 'resume' });
  });
});
