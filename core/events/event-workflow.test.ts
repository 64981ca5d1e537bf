/**
 * The state machine, exhaustively: every state × every action × every role × the relations that
 * matter. Expectations are written out here by hand from the lifecycle in docs/ARCHITECTURE.md,
 * not derived from the implementation's tables.
 */
import { describe, expect, it } from 'vitest';
import {
  decideTransition,
  NO_RELATION,
  availableActions,
  EVENT_ACTIONS,
  EVENT_STATUSES,
  HISTORY_ACTION_NAMES_ZH,
  STATUS_DEFINITIONS,
  type EventAction,
  type EventStatus,
  type ActorRelation,
} from './event-workflow.js';
import { ROLES, type Role } from '../access/roles.js';
import { DomainError } from '../errors.js';

/** state --action--> next, for every legal pair; everything else is illegal. */
const LEGAL: Record<string, EventStatus> = {
  'reported dispatch': 'dispatched',
  'returned redispatch': 'dispatched',
  'dispatched accept': 'accepted',
  'dispatched return': 'returned',
  'accepted return': 'returned',
  'accepted start': 'handling',
  'handling record': 'handling',
  'accepted resolve': 'resolved',
  'handling resolve': 'resolved',
  'resolved verify': 'verified',
  'resolved rework': 'handling',
  'verified rework': 'handling',
  'verified close': 'closed',
  'dispatched reassign': 'dispatched',
  'returned reassign': 'dispatched',
  'accepted reassign': 'dispatched',
  'handling reassign': 'dispatched',
  'reported merge': 'merged',
  'dispatched merge': 'merged',
  'returned merge': 'merged',
  'accepted merge': 'merged',
  'handling merge': 'merged',
  'reported cancel': 'cancelled',
  'dispatched cancel': 'cancelled',
  'returned cancel': 'cancelled',
  'accepted cancel': 'cancelled',
  'handling cancel': 'cancelled',
  'closed reopen': 'handling',
};
// actions that record something without moving the event: legal in these states, state unchanged
const STAYING: Record<string, EventStatus[]> = {
  assign: ['dispatched', 'returned', 'accepted', 'handling'],
  escalate: ['dispatched', 'returned', 'accepted', 'handling'],
  urge: ['dispatched', 'returned', 'accepted', 'handling'],
  supervise: ['dispatched', 'returned', 'accepted', 'handling'],
  consult: ['dispatched', 'returned', 'accepted', 'handling'],
  request_extension: ['dispatched', 'accepted', 'handling'],
  approve_extension: ['dispatched', 'accepted', 'handling'],
  reject_extension: ['dispatched', 'accepted', 'handling'],
  suspend: ['dispatched', 'accepted', 'handling'],
  resume: ['dispatched', 'accepted', 'handling'],
};
for (const [action, states] of Object.entries(STAYING)) for (const state of states) LEGAL[`${state} ${action}`] = state;

const HANDLING_ACTIONS: EventAction[] = [
  'accept',
  'return',
  'start',
  'record',
  'resolve',
  'escalate',
  'request_extension',
  'consult',
];
const CENTRE_ACTIONS: EventAction[] = [
  'dispatch',
  'redispatch',
  'verify',
  'rework',
  'close',
  'reassign',
  'merge',
  'cancel',
  'assign',
  'escalate',
  'urge',
  'supervise',
  'approve_extension',
  'reject_extension',
  'suspend',
  'resume',
  'consult',
  'reopen',
];
const LEADER_ACTIONS: EventAction[] = [
  'verify',
  'rework',
  'close',
  'urge',
  'supervise',
  'consult',
  'approve_extension',
  'reject_extension',
  'reopen',
];
const SYSTEM_ACTIONS: EventAction[] = ['dispatch', 'redispatch', 'escalate', 'reopen'];
const NOTE_REQUIRED: EventAction[] = [
  'return',
  'record',
  'resolve',
  'rework',
  'cancel',
  'escalate',
  'supervise',
  'request_extension',
  'reject_extension',
  'suspend',
  'consult',
  'reopen',
];

/** Which relation(s) give a role the right to an action. */
function expectedAuthority(role: Role, action: EventAction): ('assignee' | 'supervisor' | 'reporter')[] {
  const ways: ('assignee' | 'supervisor' | 'reporter')[] = [];
  if (HANDLING_ACTIONS.includes(action) && role !== 'citizen') ways.push('assignee');
  if ((role === 'town_operator' || role === 'county_operator') && CENTRE_ACTIONS.includes(action))
    ways.push('supervisor');
  if (role === 'leader' && LEADER_ACTIONS.includes(action)) ways.push('supervisor');
  if (action === 'cancel') ways.push('reporter');
  return ways;
}

const RELATIONS: Record<string, ActorRelation> = {
  none: NO_RELATION,
  assignee: { ...NO_RELATION, isAssignee: true, holds: true },
  supervisor: { ...NO_RELATION, inScope: true, supervises: true },
  reporter: { ...NO_RELATION, isReporter: true },
};

function outcome(fn: () => EventStatus): string {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('event workflow', () => {
  it('every status has a kind, and the kinds are the documented ones', () => {
    expect(Object.keys(STATUS_DEFINITIONS).sort()).toEqual([...EVENT_STATUSES].sort());
    const kinds = Object.fromEntries(EVENT_STATUSES.map((s) => [s, STATUS_DEFINITIONS[s].kind]));
    expect(kinds).toEqual({
      reported: 'open',
      dispatched: 'open',
      returned: 'open',
      accepted: 'open',
      handling: 'open',
      resolved: 'resolved',
      verified: 'resolved',
      closed: 'closed',
      merged: 'closed',
      cancelled: 'closed',
    });
  });

  let checked = 0;
  for (const role of ROLES) {
    for (const action of EVENT_ACTIONS) {
      for (const state of EVENT_STATUSES) {
        for (const [relationName, relation] of Object.entries(RELATIONS)) {
          it(`${role} (${relationName}) ${action} on ${state}`, () => {
            checked++;
            const ways = expectedAuthority(role, action);
            const actual = outcome(() =>
              decideTransition(action, state, { kind: 'person', id: 1, role }, relation, 'a note'),
            );
            let expected: string;
            if (ways.length === 0) expected = 'FORBIDDEN';
            else if (!ways.includes(relationName as never))
              expected = ways.includes('assignee') ? 'EVENT_NOT_ASSIGNED_TO_YOU' : 'OUT_OF_SCOPE';
            else if (!LEGAL[`${state} ${action}`]) expected = 'EVENT_ILLEGAL_TRANSITION';
            else if (relationName === 'reporter' && !['reported', 'dispatched'].includes(state))
              expected = 'EVENT_ILLEGAL_TRANSITION';
            else expected = LEGAL[`${state} ${action}`];
            expect(actual).toBe(expected);
          });
        }
      }
    }
  }

  it('covered every combination', () => {
    expect(checked).toBe(ROLES.length * EVENT_ACTIONS.length * EVENT_STATUSES.length * Object.keys(RELATIONS).length);
  });

  it('requires a note where a reason or a result must be recorded', () => {
    for (const action of EVENT_ACTIONS) {
      const state = (Object.keys(LEGAL).find((k) => k.endsWith(` ${action}`)) ?? '').split(' ')[0] as EventStatus;
      const asHandler = HANDLING_ACTIONS.includes(action);
      const role: Role = asHandler ? 'grid_worker' : 'county_operator';
      const relation = asHandler ? RELATIONS.assignee : RELATIONS.supervisor;
      const withoutNote = outcome(() =>
        decideTransition(action, state, { kind: 'person', id: 1, role }, relation, '  '),
      );
      expect(withoutNote, action).toBe(
        NOTE_REQUIRED.includes(action) ? 'VALIDATION_FAILED' : LEGAL[`${state} ${action}`],
      );
    }
  });

  it('lets the platform itself only dispatch, escalate and reopen', () => {
    expect(decideTransition('dispatch', 'reported', { kind: 'system' }, RELATIONS.none)).toBe('dispatched');
    expect(decideTransition('redispatch', 'returned', { kind: 'system' }, RELATIONS.none)).toBe('dispatched');
    expect(decideTransition('escalate', 'handling', { kind: 'system' }, RELATIONS.none, '逾期自动提级')).toBe(
      'handling',
    );
    expect(decideTransition('reopen', 'closed', { kind: 'system' }, RELATIONS.none, '回访不满意')).toBe('handling');
    expect(outcome(() => decideTransition('dispatch', 'closed', { kind: 'system' }, RELATIONS.none))).toBe(
      'EVENT_ILLEGAL_TRANSITION',
    );
    for (const action of EVENT_ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a))) {
      expect(outcome(() => decideTransition(action, 'dispatched', { kind: 'system' }, RELATIONS.none, 'note'))).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('offers exactly the actions that would succeed', () => {
    expect(availableActions('dispatched', { kind: 'person', id: 1, role: 'grid_worker' }, RELATIONS.assignee)).toEqual([
      'accept',
      'return',
      'escalate',
      'request_extension',
      'consult',
    ]);
    expect(
      availableActions('resolved', { kind: 'person', id: 1, role: 'town_operator' }, RELATIONS.supervisor),
    ).toEqual(['verify', 'rework']);
    expect(availableActions('closed', { kind: 'person', id: 1, role: 'town_operator' }, RELATIONS.supervisor)).toEqual([
      'reopen',
    ]);
    expect(availableActions('resolved', { kind: 'person', id: 1, role: 'leader' }, RELATIONS.supervisor)).toEqual([
      'verify',
      'rework',
    ]);
    expect(availableActions('dispatched', { kind: 'person', id: 1, role: 'citizen' }, RELATIONS.reporter)).toEqual([
      'cancel',
    ]);
    expect(availableActions('accepted', { kind: 'person', id: 1, role: 'citizen' }, RELATIONS.reporter)).toEqual([]);
    expect(
      availableActions('cancelled', { kind: 'person', id: 1, role: 'county_operator' }, RELATIONS.supervisor),
    ).toEqual([]);
  });
});

describe('history action names', () => {
  it('names every lifecycle and supervision action in Chinese', () => {
    for (const action of EVENT_ACTIONS) expect(HISTORY_ACTION_NAMES_ZH[action], action).toMatch(/\p{Script=Han}/u);
  });
});
