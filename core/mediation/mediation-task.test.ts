/**
 * The task state machine, exhaustively: every state × every action × every relation. The legal
 * moves are written out by hand from the diagram in mediation-task.ts, not derived from its table.
 */
import { describe, expect, it } from 'vitest';
import {
  availableTaskActions,
  decideTaskTransition,
  TASK_ACTIONS,
  TASK_HISTORY_ACTION,
  type TaskAction,
  type TaskRelation,
} from './mediation-task.js';
import { TASK_STATUSES, OPEN_TASK_STATUSES, isOpenTaskStatus, type TaskStatus } from './mediation-catalog.js';
import { DomainError } from '../errors.js';

const LEGAL: Record<string, TaskStatus> = {
  'assigned accept': 'accepted',
  'assigned decline': 'declined',
  'accepted report_result': 'done',
  'assigned cancel': 'cancelled',
  'accepted cancel': 'cancelled',
};
const MEMBER_ACTIONS: TaskAction[] = ['accept', 'decline', 'report_result'];
const FULL_INPUT = { note: '双方同意调解', outcome: 'resolved', agreement: '老板分两期付清欠薪' };

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

const RELATIONS: TaskRelation[] = [
  { isMember: false, isDispatcher: false },
  { isMember: true, isDispatcher: false },
  { isMember: false, isDispatcher: true },
  { isMember: true, isDispatcher: true },
];

describe('decideTaskTransition', () => {
  for (const from of TASK_STATUSES) {
    for (const action of TASK_ACTIONS) {
      for (const relation of RELATIONS) {
        const authorised = MEMBER_ACTIONS.includes(action) ? relation.isMember : relation.isDispatcher;
        const legal = LEGAL[`${from} ${action}`];
        const expected = !authorised ? 'MEDIATION_TASK_NOT_YOURS' : legal ? null : 'MEDIATION_TASK_ILLEGAL_TRANSITION';
        it(`${from} --${action}--> as ${JSON.stringify(relation)}: ${expected ?? legal}`, () => {
          expect(codeOf(() => decideTaskTransition(action, from, relation, FULL_INPUT))).toBe(expected);
          if (!expected) expect(decideTaskTransition(action, from, relation, FULL_INPUT)).toBe(legal);
        });
      }
    }
  }

  it('has exactly five legal moves, and done, declined and cancelled are final', () => {
    const all = { isMember: true, isDispatcher: true };
    const legal = TASK_STATUSES.flatMap((from) =>
      TASK_ACTIONS.filter((a) => codeOf(() => decideTaskTransition(a, from, all, FULL_INPUT)) === null).map(
        (a) => `${from} ${a}`,
      ),
    );
    expect(legal.sort()).toEqual(Object.keys(LEGAL).sort());
    for (const final of ['done', 'declined', 'cancelled'] as const)
      expect(availableTaskActions(final, all)).toEqual([]);
  });

  it('asks who acts before the state: a stranger hears 403 even on a finished task', () => {
    expect(codeOf(() => decideTaskTransition('accept', 'done', { isMember: false, isDispatcher: true }))).toBe(
      'MEDIATION_TASK_NOT_YOURS',
    );
  });

  it('needs a reason to decline or withdraw', () => {
    const member = { isMember: true, isDispatcher: false };
    const dispatcher = { isMember: false, isDispatcher: true };
    expect(codeOf(() => decideTaskTransition('decline', 'assigned', member, {}))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decideTaskTransition('decline', 'assigned', member, { note: '   ' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(decideTaskTransition('decline', 'assigned', member, { note: '本人外出' })).toBe('declined');
    expect(codeOf(() => decideTaskTransition('cancel', 'accepted', dispatcher, {}))).toBe('VALIDATION_FAILED');
    expect(decideTaskTransition('cancel', 'accepted', dispatcher, { note: '已经和解' })).toBe('cancelled');
    expect(decideTaskTransition('accept', 'assigned', member, {})).toBe('accepted');
  });

  it('needs a known outcome and a summary for a result', () => {
    const member = { isMember: true, isDispatcher: false };
    expect(codeOf(() => decideTaskTransition('report_result', 'accepted', member, { agreement: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      codeOf(() => decideTaskTransition('report_result', 'accepted', member, { outcome: 'won', agreement: 'x' })),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decideTaskTransition('report_result', 'accepted', member, { outcome: 'failed' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      codeOf(() => decideTaskTransition('report_result', 'accepted', member, { outcome: 'failed', agreement: ' ' })),
    ).toBe('VALIDATION_FAILED');
    for (const outcome of ['resolved', 'partially_resolved', 'failed']) {
      expect(decideTaskTransition('report_result', 'accepted', member, { outcome, agreement: '双方各退一步' })).toBe(
        'done',
      );
    }
  });

  it('reports state before missing input: an illegal step is 409 whatever the body', () => {
    expect(
      codeOf(() => decideTaskTransition('report_result', 'assigned', { isMember: true, isDispatcher: false }, {})),
    ).toBe('MEDIATION_TASK_ILLEGAL_TRANSITION');
  });
});

describe('availableTaskActions', () => {
  it('offers the member accept/decline, then the result; the dispatcher a withdrawal', () => {
    expect(availableTaskActions('assigned', { isMember: true, isDispatcher: false })).toEqual(['accept', 'decline']);
    expect(availableTaskActions('accepted', { isMember: true, isDispatcher: false })).toEqual(['report_result']);
    expect(availableTaskActions('assigned', { isMember: false, isDispatcher: true })).toEqual(['cancel']);
    expect(availableTaskActions('accepted', { isMember: false, isDispatcher: true })).toEqual(['cancel']);
    expect(availableTaskActions('assigned', { isMember: false, isDispatcher: false })).toEqual([]);
  });
});

describe('task vocabulary', () => {
  it('names a history action for every step', () => {
    expect(TASK_HISTORY_ACTION).toEqual({
      dispatch: 'mediation_assigned',
      accept: 'mediation_accepted',
      decline: 'mediation_declined',
      report_result: 'mediation_result',
      cancel: 'mediation_cancelled',
    });
  });

  it('counts assigned and accepted as open', () => {
    expect([...OPEN_TASK_STATUSES]).toEqual(['assigned', 'accepted']);
    expect(TASK_STATUSES.filter(isOpenTaskStatus)).toEqual(['assigned', 'accepted']);
  });
});
