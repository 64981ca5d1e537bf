import { describe, expect, it } from 'vitest';
import {
  checkPlanDueDates,
  checkPlanVersion,
  decidePlanStatus,
  normalisePlan,
  planSummary,
  type PlanInput,
} from './resolution-plan.js';
import { PLAN_STATUSES, type PlanStatus } from './mediation-catalog.js';
import { DomainError } from '../errors.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

/** from → the statuses a save may give, written out by hand. */
const MOVES: Record<string, PlanStatus[]> = {
  new: ['draft', 'active'],
  draft: ['draft', 'active', 'abandoned'],
  active: ['active', 'completed', 'abandoned'],
  completed: ['active'],
  abandoned: ['draft'],
};

describe('decidePlanStatus', () => {
  for (const from of [null, ...PLAN_STATUSES]) {
    for (const to of PLAN_STATUSES) {
      const ok = MOVES[from ?? 'new'].includes(to);
      it(`${from ?? '(new)'} → ${to}: ${ok ? 'allowed' : 'PLAN_ILLEGAL_TRANSITION'}`, () => {
        expect(codeOf(() => decidePlanStatus(from, to))).toBe(ok ? null : 'PLAN_ILLEGAL_TRANSITION');
      });
    }
  }
});

describe('checkPlanVersion', () => {
  it('passes when the client says nothing or names the current version', () => {
    expect(codeOf(() => checkPlanVersion(3, undefined))).toBeNull();
    expect(codeOf(() => checkPlanVersion(3, 3))).toBeNull();
    expect(codeOf(() => checkPlanVersion(0, 0))).toBeNull();
  });
  it('refuses a stale version', () => {
    expect(codeOf(() => checkPlanVersion(3, 2))).toBe('PLAN_VERSION_CONFLICT');
    expect(codeOf(() => checkPlanVersion(0, 1))).toBe('PLAN_VERSION_CONFLICT');
  });
});

const EVENT_AT = '620999100201001'; // a grid in village 620999100201, town 620999100
const base: PlanInput = {
  responsibleJurisdictionCode: '620999100201',
  responsiblePersonId: 7,
  steps: [
    { text: ' 约谈双方 ', dueAt: '2026-11-26T00:00:00Z' },
    { text: '联系劳动监察', done: true },
  ],
  deadline: '2026-12-08T00:00:00+08:00',
  mediationType: 'people',
  status: 'draft',
  summary: '  ',
};

describe('normalisePlan', () => {
  it('normalises text, dates and flags', () => {
    const plan = normalisePlan(base, EVENT_AT);
    expect(plan).toEqual({
      responsibleDepartmentId: null,
      responsibleJurisdictionCode: '620999100201',
      responsiblePersonId: 7,
      steps: [
        { text: '约谈双方', dueAt: '2026-11-26T00:00:00.000Z', done: false },
        { text: '联系劳动监察', dueAt: null, done: true },
      ],
      deadline: new Date('2026-12-07T16:00:00Z'),
      mediationType: 'people',
      status: 'draft',
      summary: null,
    });
  });

  it('takes a department as the responsible unit', () => {
    const plan = normalisePlan(
      { ...base, responsibleJurisdictionCode: undefined, responsibleDepartmentId: 3 },
      EVENT_AT,
    );
    expect(plan.responsibleDepartmentId).toBe(3);
    expect(plan.responsibleJurisdictionCode).toBeNull();
  });

  it('accepts the event’s own jurisdiction and any above it', () => {
    for (const code of ['620999100201001', '620999100201', '620999100000', '620999000000']) {
      expect(
        codeOf(() => normalisePlan({ ...base, responsibleJurisdictionCode: code }, EVENT_AT)),
        code,
      ).toBeNull();
    }
  });

  const bad: [string, Partial<PlanInput>, string][] = [
    ['no unit', { responsibleJurisdictionCode: null }, 'VALIDATION_FAILED'],
    ['two units', { responsibleDepartmentId: 3 }, 'VALIDATION_FAILED'],
    ['a unit elsewhere', { responsibleJurisdictionCode: '620999101201' }, 'VALIDATION_FAILED'],
    ['a sibling grid', { responsibleJurisdictionCode: '620999100201002' }, 'VALIDATION_FAILED'],
    ['a malformed code', { responsibleJurisdictionCode: '620999100299x' }, 'JURISDICTION_CODE_INVALID'],
    ['no steps', { steps: [] }, 'VALIDATION_FAILED'],
    ['too many steps', { steps: Array.from({ length: 31 }, () => ({ text: 'x' })) }, 'VALIDATION_FAILED'],
    ['a blank step', { steps: [{ text: '  ' }] }, 'VALIDATION_FAILED'],
    ['a step due after the deadline', { steps: [{ text: 'x', dueAt: '2026-12-09T00:00:00Z' }] }, 'VALIDATION_FAILED'],
    ['a bad step date', { steps: [{ text: 'x', dueAt: 'soon' }] }, 'VALIDATION_FAILED'],
    ['a bad deadline', { deadline: 'next week' }, 'VALIDATION_FAILED'],
    ['an unknown mediation type', { mediationType: 'divine' }, 'VALIDATION_FAILED'],
    ['an unknown status', { status: 'paused' }, 'VALIDATION_FAILED'],
  ];
  for (const [name, patch, code] of bad) {
    it(`refuses ${name}`, () => {
      expect(codeOf(() => normalisePlan({ ...base, ...patch }, EVENT_AT))).toBe(code);
    });
  }
});

describe('planSummary', () => {
  it('records what the timeline shows', () => {
    const plan = normalisePlan({ ...base, status: 'active', summary: '先调解，后移交' }, EVENT_AT);
    expect(
      planSummary({ ...plan, planId: 4, version: 2 }, { responsiblePersonName: '民警甲', responsibleUnitName: '东村' }),
    ).toEqual({
      planId: 4,
      version: 2,
      status: 'active',
      mediationType: 'people',
      deadline: '2026-12-07T16:00:00.000Z',
      responsibleUnit: { jurisdictionCode: '620999100201', name: '东村' },
      responsiblePerson: { id: 7, name: '民警甲' },
      steps: 2,
      stepsDone: 1,
    });
    const byDept = normalisePlan(
      { ...base, responsibleJurisdictionCode: undefined, responsibleDepartmentId: 3 },
      EVENT_AT,
    );
    expect(planSummary({ ...byDept, planId: 4, version: 1 }).responsibleUnit).toEqual({ departmentId: 3, name: null });
  });
});

describe('checkPlanDueDates (期限范围)', () => {
  const now = new Date('2026-11-24T02:00:00Z');
  const plan = (deadline: string, steps: { dueAt: string | null; done?: boolean }[] = []) => ({
    deadline: new Date(deadline),
    steps: steps.map((s) => ({ text: '步骤', dueAt: s.dueAt, done: s.done ?? false })),
  });
  const fieldOf = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'DUE_DATE_OUT_OF_RANGE')
        return (e.details as { field: string }[])[0].field;
      throw e;
    }
  };

  it('takes a new plan whose deadline and open steps lie after now and within the horizon', () => {
    expect(
      fieldOf(() =>
        checkPlanDueDates(
          plan('2026-12-08T02:00:00Z', [{ dueAt: '2026-11-30T00:00:00.000Z' }, { dueAt: null }]),
          null,
          now,
          366,
        ),
      ),
    ).toBeNull();
  });

  it('refuses a new deadline in the past, now itself, or beyond the horizon — 9999-12-31 included', () => {
    for (const deadline of [
      '2026-11-23T00:00:00Z',
      '2026-11-24T02:00:00Z',
      '2027-11-25T02:00:00.001Z',
      '9999-12-31T00:00:00Z',
    ]) {
      expect(
        fieldOf(() => checkPlanDueDates(plan(deadline), null, now, 366)),
        deadline,
      ).toBe('deadline');
    }
    expect(fieldOf(() => checkPlanDueDates(plan('2027-11-25T02:00:00Z'), null, now, 366))).toBeNull();
    expect(fieldOf(() => checkPlanDueDates(plan('2026-12-30T00:00:00Z'), null, now, 30))).toBe('deadline');
  });

  it('refuses an open step due in the past or beyond the horizon, naming the step', () => {
    expect(
      fieldOf(() =>
        checkPlanDueDates(
          plan('2026-12-08T00:00:00Z', [{ dueAt: null }, { dueAt: '2026-11-20T00:00:00.000Z' }]),
          null,
          now,
          366,
        ),
      ),
    ).toBe('steps.1.dueAt');
    // a deadline saved before the rule stays; a new step beyond the horizon does not
    const far = { deadline: new Date('2027-12-08T00:00:00Z'), steps: [] };
    expect(
      fieldOf(() =>
        checkPlanDueDates(plan('2027-12-08T00:00:00Z', [{ dueAt: '2027-12-01T00:00:00.000Z' }]), far, now, 366),
      ),
    ).toBe('steps.0.dueAt');
  });

  it('keeps the dates the saved plan already has, and a step done is history', () => {
    const saved = {
      deadline: new Date('2026-11-20T00:00:00Z'),
      steps: [{ dueAt: '2026-11-18T00:00:00.000Z' }, { dueAt: null }],
    };
    // a plan running late can still be edited: its deadline and its late step stay as they were
    expect(
      fieldOf(() =>
        checkPlanDueDates(plan('2026-11-20T00:00:00Z', [{ dueAt: '2026-11-18T00:00:00Z' }]), saved, now, 366),
      ),
    ).toBeNull();
    expect(
      fieldOf(() =>
        checkPlanDueDates(
          plan('2026-11-20T00:00:00Z', [{ dueAt: '2026-11-19T00:00:00Z', done: true }]),
          saved,
          now,
          366,
        ),
      ),
    ).toBeNull();
    // a changed deadline or a new late step is checked
    expect(fieldOf(() => checkPlanDueDates(plan('2026-11-21T00:00:00Z'), saved, now, 366))).toBe('deadline');
    expect(
      fieldOf(() =>
        checkPlanDueDates(plan('2026-11-20T00:00:00Z', [{ dueAt: '2026-11-19T00:00:00Z' }]), saved, now, 366),
      ),
    ).toBe('steps.0.dueAt');
  });
});
