/**
 * The action plans, every action × every state × every kind of actor: a plan exists exactly when
 * the state machine allows the action, and every plan keeps the rules all actions share (the new
 * state, the closing instant, the clocks an ending cancels, what other areas are told, the actor
 * never notified). The families' own rules are tested beside each family.
 */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../errors.js';
import {
  decideTransition,
  EVENT_ACTIONS,
  EVENT_STATUSES,
  NO_RELATION,
  statusKind,
  type ActorRelation,
  type EventAction,
  type EventStatus,
} from '../event-workflow.js';
import { NOTICE_AFTER_ACTION } from '../event-notices.js';
import { clocksFinishedBy } from '../../deadlines/clocks.js';
import type { CurrentUser } from '../../access/current-user.js';
import {
  completePlan,
  decideAction,
  lifecycleChanges,
  type ActionEvent,
  type ActionInput,
  type DecidedAction,
  type EventActionPlan,
} from './action-plan.js';
import {
  assignQuery,
  assigneeQuery,
  chooseAssignees,
  dispatchingUser,
  planAssign,
  planDispatching,
} from './dispatching.js';
import { escalationTier, planEscalate } from './escalation.js';
import { planDecideExtension, planRequestExtension } from './extension.js';
import { mergeTargetId, planMerge } from './merge.js';
import { planAccept, planConsult, planRecord, planResolve, planReturn, planStart } from './handling.js';
import { planCancel, planClose, planReopen, planRework, planVerify } from './closing.js';
import { planSupervise, planUrge } from './supervision.js';
import { planResume, planSuspend } from './suspension.js';
import {
  buildAssignment,
  buildRequest,
  DAY,
  decided,
  GRID,
  HOLDER,
  HOLDS,
  NOW,
  SUPERVISES,
  TOWN,
  TOWN_OPERATOR,
  VILLAGE,
} from './action-fixtures.js';

const LATER = new Date(NOW.getTime() + 20 * DAY);

/** What each action is given besides the state: its body, the event's facts, what the server would load. */
const SETUP: Record<
  EventAction,
  { input?: ActionInput; event?: Partial<ActionEvent>; plan: (d: DecidedAction) => EventActionPlan }
> = {
  dispatch: {
    input: { jurisdictionCode: GRID },
    plan: (d) => {
      const user = dispatchingUser(d);
      const query = assigneeQuery(user, d.input);
      const found = {
        kind: 'jurisdiction' as const,
        exists: true,
        bindings: [
          { personId: 11, jurisdictionCode: GRID, duty: 'grid_worker' },
          { personId: 12, jurisdictionCode: VILLAGE, duty: 'party_secretary' },
        ],
      };
      return planDispatching(d, chooseAssignees(user, d.event, query, found), false);
    },
  },
  redispatch: { input: { jurisdictionCode: GRID }, plan: (d) => SETUP.dispatch.plan(d) },
  reassign: { input: { jurisdictionCode: GRID }, plan: (d) => SETUP.dispatch.plan(d) },
  assign: {
    input: { departmentIds: [3] },
    plan: (d) => {
      const query = assignQuery(d);
      const chosen = chooseAssignees(d.user!, d.event, query, { kind: 'named', people: [], departmentIds: [3] });
      return planAssign(d, chosen, true);
    },
  },
  accept: { plan: planAccept },
  return: { plan: planReturn },
  start: { plan: planStart },
  record: { plan: planRecord },
  resolve: { plan: planResolve },
  consult: { input: { participants: ['镇综治中心', '派出所'] }, plan: planConsult },
  verify: { plan: planVerify },
  rework: { plan: planRework },
  close: { plan: planClose },
  cancel: { plan: planCancel },
  reopen: { plan: planReopen },
  merge: {
    input: { targetEventId: 8 },
    plan: (d) => {
      mergeTargetId(d);
      return planMerge(d, { id: 8, serial_no: 'YW20260301000008', status: 'handling' });
    },
  },
  escalate: { plan: (d) => planEscalate(d, escalationTier(d), [], true) },
  urge: { plan: planUrge },
  supervise: { input: { dueAt: LATER.toISOString() }, plan: planSupervise },
  request_extension: {
    input: { dueAt: LATER.toISOString() },
    plan: (d) => planRequestExtension(d, new Date(NOW.getTime() + 14 * DAY), null),
  },
  approve_extension: {
    plan: (d) => planDecideExtension(d, { id: 5, requested_by: 11, requested_due_at: LATER }),
  },
  reject_extension: {
    plan: (d) => planDecideExtension(d, { id: 5, requested_by: 11, requested_due_at: LATER }),
  },
  suspend: { plan: planSuspend },
  resume: { event: { suspended_at: new Date(NOW.getTime() - DAY) }, plan: planResume },
};

const ACTORS: { name: string; user: CurrentUser | null; relation: ActorRelation }[] = [
  { name: 'the holder', user: HOLDER, relation: HOLDS },
  { name: 'the supervising centre', user: TOWN_OPERATOR, relation: SUPERVISES },
  { name: 'the platform', user: null, relation: NO_RELATION },
];

/** The code an attempt fails with, or 'ok'. */
function outcome(run: () => unknown): string {
  return errorCodeOf(run) ?? 'ok';
}

describe('every action × every state × every actor', () => {
  for (const action of EVENT_ACTIONS) {
    it(`plans ${action} exactly where the state machine allows it, keeping the shared rules`, () => {
      const setup = SETUP[action];
      let planned = 0;
      for (const status of EVENT_STATUSES) {
        for (const { name, user, relation } of ACTORS) {
          const actor = user
            ? ({ kind: 'person', id: user.id, role: user.role } as const)
            : ({ kind: 'system' } as const);
          const expected = outcome(() => decideTransition(action, status, actor, relation, 'x'));
          const input = { note: ' x ', ...setup.input };
          const request = buildRequest(action, { user, relation, input, event: { status, ...setup.event } });
          let plan: EventActionPlan | null = null;
          const got = outcome(() => (plan = setup.plan(decideAction(request))));
          const where = `${action} from ${status} by ${name}`;
          if (expected !== 'ok') {
            expect(got, where).toBe(expected);
            continue;
          }
          // the platform dispatches only at intake, and only a centre merges or assigns
          if (user === null && ['dispatch', 'redispatch', 'merge'].includes(action)) {
            expect(got, where).toBe('FORBIDDEN');
            continue;
          }
          expect(got, where).toBe('ok');
          planned++;
          expectSharedRules(
            plan!,
            {
              action,
              from: status,
              to: expected === 'ok' ? decideTransition(action, status, actor, relation, 'x') : status,
              user,
            },
            where,
          );
        }
      }
      // someone may take every action somewhere: the matrix is never empty
      expect(planned).toBeGreaterThan(0);
    });
  }
});

function expectSharedRules(
  plan: EventActionPlan,
  { action, from, to, user }: { action: EventAction; from: EventStatus; to: EventStatus; user: CurrentUser | null },
  where: string,
) {
  expect(plan.from, where).toBe(from);
  expect(plan.to, where).toBe(to);
  expect(plan.changes.status, where).toBe(to);
  expect(plan.changes.status_kind, where).toBe(statusKind(to));
  expect(plan.changes.updated_at, where).toBe(NOW);
  expect(plan.at, where).toBe(NOW);
  expect(plan.actorId, where).toBe(user?.id ?? null);
  expect(plan.actorRole, where).toBe(user?.role ?? 'system');
  expect(plan.history.note, where).toBe('x');
  expect(plan.announce, where).toEqual(lifecycleChanges(from, to));
  if (statusKind(to) === 'closed') {
    expect(plan.changes.closed_at, where).toBe(NOW);
    expect(plan.clocks, where).toContainEqual({
      op: 'finish',
      steps: ['sign', 'respond', 'resolve', 'tier', 'supervise'],
      outcome: 'cancelled',
    });
  } else if (action !== 'reopen') {
    expect(plan.changes.closed_at, where).toBeUndefined();
  }
  const finished = clocksFinishedBy(action);
  if (finished.length) expect(plan.clocks, where).toContainEqual({ op: 'finish', steps: finished });
  expect(plan.clocks.at(-1)?.op, where).toBe('open');
  const rule = NOTICE_AFTER_ACTION[action];
  if (rule) expect(plan.notice?.topic, where).toBe(rule.topic);
  if (!rule && action !== 'approve_extension' && action !== 'reject_extension') expect(plan.notice, where).toBeNull();
  if (plan.notice && user) expect(plan.notice.except, where).toContain(user.id);
}

describe('deciding', () => {
  it('refuses a stale version before anything else', () => {
    const request = buildRequest('accept', { user: HOLDER, relation: HOLDS, input: { version: 2 } });
    expect(outcome(() => decideAction(request))).toBe('EVENT_VERSION_CONFLICT');
    expect(decideAction({ ...request, input: { version: 3 } }).to).toBe('accepted');
  });

  it('refuses a state the platform does not know', () => {
    expect(outcome(() => decided('accept', { user: HOLDER, relation: HOLDS, event: { status: 'lost' } }))).toBe(
      'EVENT_ILLEGAL_TRANSITION',
    );
  });

  it('takes an unknown tier for the village', () => {
    expect(decided('urge', { event: { tier: 'moon' } }).tier).toBe('village');
    expect(decided('urge', { event: { tier: 'town' } }).tier).toBe('town');
  });
});

describe('the rules every action shares', () => {
  it('keeps the note trimmed, the internal caller’s history data, and each attachment once', () => {
    const plan = completePlan(
      decided('urge', { input: { note: '  快办  ', attachmentIds: ['a', 'b', 'a'], historyData: { source: 'test' } } }),
      { data: { urgeNo: 1 } },
    );
    expect(plan.history).toEqual({ note: '快办', data: { source: 'test', urgeNo: 1 } });
    expect(plan.attachmentIds).toEqual(['a', 'b']);
    expect(plan.notice?.extra).toEqual({ note: '  快办  ' });
  });

  it('keeps no history data when there is none, and a blank note as none', () => {
    const plan = completePlan(decided('verify', { event: { status: 'resolved' }, input: { note: '   ' } }));
    expect(plan.history).toEqual({ note: null, data: undefined });
  });

  it('tells the holders, the supervising centre or the reporter as the notice table says, never the actor or the one named', () => {
    const assignments = [
      buildAssignment({ person_id: 11 }),
      buildAssignment({ person_id: null, centre_code: TOWN, assignment_role: 'centre' }),
      buildAssignment({ person_id: 13, active: false }),
    ];
    const urge = completePlan(decided('urge', { assignments, notifyExcept: 44 }));
    expect(urge.notice).toEqual({
      topic: 'event.urged',
      targets: [{ personId: 11 }, { centreCode: TOWN }],
      extra: { note: null },
      except: [21, 44],
    });
    const resolved = completePlan(
      decided('resolve', { user: HOLDER, relation: HOLDS, event: { status: 'handling' }, input: { note: '已调解' } }),
    );
    expect(resolved.notice).toMatchObject({ topic: 'event.resolved', targets: [{ centreCode: TOWN }], except: [11] });
    const closed = completePlan(decided('close', { event: { status: 'verified' } }));
    expect(closed.notice).toMatchObject({ topic: 'event.closed', targets: [{ personId: 90 }] });
    const anonymous = completePlan(decided('close', { event: { status: 'verified', reporter_id: null } }));
    expect(anonymous.notice?.targets).toEqual([]);
    expect(completePlan(decided('verify', { event: { status: 'resolved' } })).notice).toBeNull();
  });

  it('tells other areas when the event closes, merges, is cancelled or comes back', () => {
    expect(lifecycleChanges('verified', 'closed')).toEqual(['closed']);
    expect(lifecycleChanges('handling', 'merged')).toEqual(['merged']);
    expect(lifecycleChanges('reported', 'cancelled')).toEqual(['cancelled']);
    expect(lifecycleChanges('closed', 'handling')).toEqual(['reopened']);
    for (const from of EVENT_STATUSES.filter((s) => statusKind(s) !== 'closed'))
      for (const to of EVENT_STATUSES.filter((s) => statusKind(s) !== 'closed'))
        expect(lifecycleChanges(from, to)).toEqual([]);
  });
});
