import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import type { Role } from '../access/roles.js';
import { NO_RELATION } from '../events/event-workflow.js';
import {
  DEFAULT_FOLLOW_UP_POLICY,
  SATISFACTION_NAMES_ZH,
  assertMayRecordFollowUp,
  countsAsSatisfied,
  decideReopen,
  isOverdue,
  mayListFollowUps,
  mayRecordFollowUp,
  maySkipFollowUps,
  parseFollowUpPolicy,
  planFollowUps,
  ratingWindow,
  reopensEvent,
  summariseFollowUps,
  validateFollowUpPolicy,
  type FollowUpFact,
} from './follow-up-policy.js';
import { chinaDateOf, chinaDayBounds } from '../time/china-time.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
}

describe('the schedule', () => {
  it('plans two visits by default: end of day 3 and day 15 after the closing day, in CST', () => {
    // 10:00 CST on 24 November 2026
    const plan = planFollowUps(new Date('2026-11-24T02:00:00Z'));
    expect(DEFAULT_FOLLOW_UP_POLICY.offsetsDays).toEqual([3, 15]);
    expect(plan.map((p) => [p.seq, p.offsetDays, p.dueAt.toISOString()])).toEqual([
      [1, 3, '2026-11-27T15:59:59.999Z'],
      [2, 15, '2026-12-09T15:59:59.999Z'],
    ]);
    expect(plan.map((p) => chinaDateOf(p.dueAt))).toEqual(['2026-11-27', '2026-12-09']);
  });

  it('counts days from the CST calendar day, not the UTC one', () => {
    // 23:30 UTC on 24 Nov is 07:30 CST on 25 Nov: day 3 is 28 Nov
    expect(chinaDateOf(planFollowUps(new Date('2026-11-24T23:30:00Z'))[0].dueAt)).toBe('2026-11-28');
    // 15:59 UTC on 24 Nov is still 23:59 CST on 24 Nov
    expect(chinaDateOf(planFollowUps(new Date('2026-11-24T15:59:00Z'))[0].dueAt)).toBe('2026-11-27');
    // across a year end
    expect(chinaDateOf(planFollowUps(new Date('2026-12-30T12:00:00Z'), { offsetsDays: [30] })[0].dueAt)).toBe(
      '2027-01-29',
    );
  });

  it('is configurable within 30 days, ascending, 1–10 visits', () => {
    expect(
      planFollowUps(new Date('2026-11-24T02:00:00Z'), { offsetsDays: [0, 7, 30] }).map((p) => chinaDateOf(p.dueAt)),
    ).toEqual(['2026-11-24', '2026-12-01', '2026-12-24']);
    for (const offsetsDays of [[], [31], [-1], [1.5], [5, 5], [10, 3], Array.from({ length: 11 }, (_, i) => i)]) {
      expect(
        codeOf(() => validateFollowUpPolicy({ offsetsDays })),
        JSON.stringify(offsetsDays),
      ).toBe('VALIDATION_FAILED');
    }
    expect(parseFollowUpPolicy('2, 7 ,25').offsetsDays).toEqual([2, 7, 25]);
    expect(parseFollowUpPolicy('')).toBe(DEFAULT_FOLLOW_UP_POLICY);
    expect(codeOf(() => parseFollowUpPolicy('3;15'))).toBe('VALIDATION_FAILED');
  });

  it('knows today in CST and when a scheduled visit is overdue', () => {
    const { start, end } = chinaDayBounds(new Date('2026-11-27T17:00:00Z')); // 01:00 CST on 28 Nov
    expect(start.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-28T16:00:00.000Z');
    const due = new Date('2026-11-27T15:59:59.999Z');
    expect(isOverdue('scheduled', due, new Date('2026-11-27T15:59:59.000Z'))).toBe(false);
    expect(isOverdue('scheduled', due, new Date('2026-11-27T16:00:00.000Z'))).toBe(true);
    expect(isOverdue('done', due, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('vocabularies', () => {
  it('names satisfaction in Chinese; 满意 and 基本满意 count as satisfied', () => {
    expect(SATISFACTION_NAMES_ZH).toEqual({
      satisfied: '满意',
      basically_satisfied: '基本满意',
      dissatisfied: '不满意',
    });
    expect(countsAsSatisfied('basically_satisfied')).toBe(true);
    expect(countsAsSatisfied('dissatisfied')).toBe(false);
  });
});

describe('who may record a visit', () => {
  const seen = { canSee: true, inScope: false };
  const supervised = { canSee: true, inScope: true };
  const unseen = { canSee: false, inScope: false };

  it('lets centre operators in scope and village/grid staff who see the event record, not others', () => {
    const cases: [Role, { canSee: boolean; inScope: boolean }, string | null][] = [
      ['town_operator', supervised, null],
      ['county_operator', supervised, null],
      ['town_operator', seen, 'OUT_OF_SCOPE'],
      ['village_secretary', seen, null],
      ['grid_head', seen, null],
      ['grid_worker', seen, null],
      ['grid_worker', unseen, 'OUT_OF_SCOPE'],
      ['leader', supervised, 'FORBIDDEN'],
      ['department_staff', seen, 'FORBIDDEN'],
      ['citizen', seen, 'FORBIDDEN'],
      ['community_police', seen, 'FORBIDDEN'],
    ];
    for (const [role, relation, expected] of cases) {
      expect(
        codeOf(() => assertMayRecordFollowUp({ id: 1, role }, relation, [])),
        role,
      ).toBe(expected);
      expect(mayRecordFollowUp({ id: 1, role }, relation, []), role).toBe(expected === null);
    }
  });

  it('refuses whoever resolved the event (回访 by someone other than the handler)', () => {
    expect(codeOf(() => assertMayRecordFollowUp({ id: 7, role: 'village_secretary' }, seen, [3, 7]))).toBe(
      'FOLLOW_UP_BY_HANDLER',
    );
    expect(codeOf(() => assertMayRecordFollowUp({ id: 7, role: 'town_operator' }, supervised, [7]))).toBe(
      'FOLLOW_UP_BY_HANDLER',
    );
    expect(codeOf(() => assertMayRecordFollowUp({ id: 8, role: 'village_secretary' }, seen, [7, null]))).toBeNull();
  });

  it('lets only centre operators skip, and keeps departments and citizens off the work list', () => {
    expect(maySkipFollowUps('town_operator')).toBe(true);
    expect(maySkipFollowUps('village_secretary')).toBe(false);
    expect(mayListFollowUps('department_staff')).toBe(false);
    expect(mayListFollowUps('citizen')).toBe(false);
    expect(mayListFollowUps('mediator')).toBe(false);
    expect(mayListFollowUps('grid_worker')).toBe(true);
  });
});

describe('outcomes', () => {
  const none = NO_RELATION;

  it('reopens only on dissatisfied, only a closed event', () => {
    expect(reopensEvent('dissatisfied', 'closed')).toBe(true);
    expect(reopensEvent('dissatisfied', 'verified')).toBe(false);
    expect(reopensEvent('basically_satisfied', 'closed')).toBe(false);
  });

  it('reopens as the operator when the state machine lets them, otherwise as the platform', () => {
    expect(
      decideReopen(
        { id: 5, role: 'town_operator' },
        { ...none, inScope: true, supervises: true },
        'closed',
        '回访不满意：仍有杂物',
      ),
    ).toEqual({
      actor: { kind: 'person', id: 5, role: 'town_operator' },
      to: 'handling',
    });
    expect(decideReopen({ id: 6, role: 'village_secretary' }, none, 'closed', '回访不满意').actor).toEqual({
      kind: 'system',
    });
    expect(decideReopen(null, none, 'closed', '群众评价不满意').to).toBe('handling');
    expect(codeOf(() => decideReopen(null, none, 'handling', '不满意'))).toBe('EVENT_ILLEGAL_TRANSITION');
    expect(
      codeOf(() =>
        decideReopen({ id: 5, role: 'town_operator' }, { ...none, inScope: true, supervises: true }, 'closed', ' '),
      ),
    ).toBe('VALIDATION_FAILED');
  });

  it('opens the citizen’s rating once the event is handled, once', () => {
    expect(ratingWindow('resolved', false)).toEqual({ open: true });
    expect(ratingWindow('verified', false)).toEqual({ open: true });
    expect(ratingWindow('closed', false)).toEqual({ open: true });
    expect(ratingWindow('handling', false)).toEqual({ open: false, reason: 'not_resolved' });
    expect(ratingWindow('cancelled', false)).toEqual({ open: false, reason: 'not_resolved' });
    expect(ratingWindow('closed', true)).toEqual({ open: false, reason: 'already_rated' });
  });
});

describe('the per-event summary', () => {
  const at = (d: string) => new Date(`2026-12-${d}T02:00:00Z`);
  const visit = (
    id: number,
    status: FollowUpFact['status'],
    satisfaction: FollowUpFact['satisfaction'] = null,
    doneAt: Date | null = null,
  ): FollowUpFact => ({
    id,
    kind: 'visit',
    status,
    satisfaction,
    doneAt,
  });

  it('is empty before anything is recorded', () => {
    expect(summariseFollowUps([visit(1, 'scheduled'), visit(2, 'scheduled')])).toMatchObject({
      visitsPlanned: 2,
      visitsDone: 0,
      followUpsDone: 0,
      satisfaction: null,
      satisfactionSource: null,
      firstFollowedUpAt: null,
    });
  });

  it('takes the latest recorded rating, a visit’s or the citizen’s, and counts the citizen’s as a follow-up', () => {
    const rows: FollowUpFact[] = [
      visit(1, 'done', 'dissatisfied', at('01')),
      visit(2, 'cancelled', null, at('01')),
      visit(3, 'done', 'satisfied', at('10')),
      visit(4, 'missed', null, at('20')),
      { id: 5, kind: 'citizen_rating', status: 'done', satisfaction: 'basically_satisfied', doneAt: at('05') },
    ];
    expect(summariseFollowUps(rows)).toEqual({
      visitsPlanned: 3,
      visitsDone: 2,
      visitsMissed: 1,
      followUpsDone: 3,
      firstFollowedUpAt: at('01'),
      lastFollowedUpAt: at('10'),
      satisfaction: 'satisfied',
      satisfactionSource: 'visit',
      satisfactionAt: at('10'),
      citizenSatisfaction: 'basically_satisfied',
      dissatisfiedCount: 1,
    });
    const later: FollowUpFact = {
      id: 6,
      kind: 'citizen_rating',
      status: 'done',
      satisfaction: 'dissatisfied',
      doneAt: at('15'),
    };
    const citizenLast = summariseFollowUps([...rows.filter((r) => r.id !== 5), later]);
    expect(citizenLast).toMatchObject({
      satisfaction: 'dissatisfied',
      satisfactionSource: 'citizen',
      citizenSatisfaction: 'dissatisfied',
    });
  });

  it('breaks a tie in time by the later row', () => {
    expect(
      summariseFollowUps([visit(2, 'done', 'dissatisfied', at('01')), visit(1, 'done', 'satisfied', at('01'))])
        .satisfaction,
    ).toBe('dissatisfied');
  });
});
