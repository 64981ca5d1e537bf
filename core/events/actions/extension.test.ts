/** 延期: asked for by the holder with a later date; decided by the tier above, not the asker; the resolve clock moved. */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../errors.js';
import { planDecideExtension, planRequestExtension, type PendingExtension } from './extension.js';
import {
  buildUser,
  COUNTY_OPERATOR,
  DAY,
  decided,
  HOLDER,
  HOLDS,
  NOW,
  TOWN,
  TOWN_OPERATOR,
} from './action-fixtures.js';

const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const running = at(14);
const ask = (dueAt: string | undefined, note = '需要协调') =>
  decided('request_extension', { user: HOLDER, relation: HOLDS, input: { dueAt, note } });
const pending: PendingExtension = { id: 5, requested_by: 11, requested_due_at: at(20) };

describe('申请延期', () => {
  it('takes a date after the running resolve deadline and within the horizon, one request at a time', () => {
    expect(errorCodeOf(() => planRequestExtension(ask(undefined), running, null))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => planRequestExtension(ask('soon'), running, null))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => planRequestExtension(ask(at(-1).toISOString()), running, null))).toBe(
      'DUE_DATE_OUT_OF_RANGE',
    );
    expect(errorCodeOf(() => planRequestExtension(ask(at(400).toISOString()), running, null))).toBe(
      'DUE_DATE_OUT_OF_RANGE',
    );
    expect(errorCodeOf(() => planRequestExtension(ask(at(20).toISOString()), null, null))).toBe(
      'EVENT_ILLEGAL_TRANSITION',
    );
    expect(errorCodeOf(() => planRequestExtension(ask(at(14).toISOString()), running, null))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => planRequestExtension(ask(at(20).toISOString()), running, pending))).toBe(
      'EXTENSION_PENDING',
    );
  });

  it('records the request and tells the supervising centre', () => {
    const plan = planRequestExtension(ask(at(20).toISOString()), running, null);
    expect(plan.extension).toEqual({
      kind: 'request',
      requestedBy: 11,
      reason: '需要协调',
      currentDueAt: running,
      requestedDueAt: at(20),
    });
    expect(plan.history.data).toEqual({ currentDueAt: running.toISOString(), requestedDueAt: at(20).toISOString() });
    expect(plan.notice).toMatchObject({ topic: 'event.extension_requested', targets: [{ centreCode: TOWN }] });
    expect(plan.clocks).toEqual([{ op: 'open', plan: { clocks: [], fallbacks: [] } }]);
  });
});

describe('批准延期 / 驳回延期', () => {
  it('needs a pending request, decided by someone else from the tier above the event', () => {
    expect(errorCodeOf(() => planDecideExtension(decided('approve_extension'), null))).toBe('NO_PENDING_EXTENSION');
    const mine = { ...pending, requested_by: TOWN_OPERATOR.id };
    expect(errorCodeOf(() => planDecideExtension(decided('approve_extension'), mine))).toBe('FORBIDDEN');
    const atTown = decided('approve_extension', { event: { tier: 'town' } });
    expect(errorCodeOf(() => planDecideExtension(atTown, pending))).toBe('FORBIDDEN');
    const byCounty = decided('approve_extension', { user: COUNTY_OPERATOR, event: { tier: 'town' } });
    expect(errorCodeOf(() => planDecideExtension(byCounty, pending))).toBeNull();
  });

  it('approves: the resolve clock moves to the date, counted, the requester told', () => {
    const plan = planDecideExtension(decided('approve_extension', { input: { note: '同意' } }), pending);
    expect(plan.extension).toEqual({ kind: 'decide', requestId: 5, approved: true, decidedBy: 21, note: '同意' });
    expect(plan.clocks).toEqual([
      { op: 'move_due', step: 'resolve', dueAt: at(20) },
      { op: 'open', plan: { clocks: [], fallbacks: [] } },
    ]);
    expect(plan.changes.extension_count).toBe(1);
    expect(plan.history.data).toEqual({ requestedDueAt: at(20).toISOString(), approved: true });
    expect(plan.notice).toEqual({
      topic: 'event.extension_decided',
      targets: [{ personId: 11 }],
      extra: { note: '同意' },
      except: [21],
    });
  });

  it('re-checks an approved date, which may have passed since it was asked for; a rejection takes any', () => {
    const passed = { ...pending, requested_due_at: at(-1) };
    expect(errorCodeOf(() => planDecideExtension(decided('approve_extension'), passed))).toBe('DUE_DATE_OUT_OF_RANGE');
    const plan = planDecideExtension(decided('reject_extension', { input: { note: '理由不足' } }), passed);
    expect(plan.extension).toMatchObject({ approved: false, note: '理由不足' });
    expect(plan.clocks).toEqual([{ op: 'open', plan: { clocks: [], fallbacks: [] } }]);
    expect(plan.changes.extension_count).toBeUndefined();
  });

  it('is a leader’s too', () => {
    const leader = buildUser(51, 'leader', TOWN);
    expect(planDecideExtension(decided('approve_extension', { user: leader }), pending).extension).toMatchObject({
      decidedBy: 51,
    });
  });
});
