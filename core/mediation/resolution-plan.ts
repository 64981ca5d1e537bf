/**
 * The resolution plan (化解方案) of a hard dispute: who is responsible (a unit — a department or a
 * jurisdiction — and a person), the steps and their due dates, the overall deadline, the kind of
 * mediation. Every edit makes a new version; earlier versions are kept. Pure: validation, the
 * status rules and the summary written to the event's history.
 *
 *   (create) → draft | active
 *   draft ─→ draft | active | abandoned
 *   active ─→ active | completed | abandoned
 *   completed ─→ active      (reopened: the dispute flared up again, or verification failed)
 *   abandoned ─→ draft       (a fresh attempt)
 */
import { fail } from '../errors.js';
import { dueDateProblem } from '../deadlines/due-dates.js';
import { isWithin, levelOfCode } from '../organisation/division-code.js';
import { MEDIATION_TYPES, PLAN_STATUSES, type MediationType, type PlanStatus } from './mediation-catalog.js';

export const MAX_PLAN_STEPS = 30;

export const INITIAL_PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'active'];

export const PLAN_STATUS_MOVES: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['draft', 'active', 'abandoned'],
  active: ['active', 'completed', 'abandoned'],
  completed: ['active'],
  abandoned: ['draft'],
};

/** The status a save moves the plan to, or PLAN_ILLEGAL_TRANSITION. `from` is null when creating. */
export function decidePlanStatus(from: PlanStatus | null, to: PlanStatus): PlanStatus {
  const allowed = from === null ? INITIAL_PLAN_STATUSES : PLAN_STATUS_MOVES[from];
  if (!allowed.includes(to)) {
    fail(
      'PLAN_ILLEGAL_TRANSITION',
      from === null
        ? `a new plan starts as ${INITIAL_PLAN_STATUSES.join(' or ')}, not ${to}`
        : `a ${from} plan cannot become ${to}`,
      { from, to },
    );
  }
  return to;
}

/** Optimistic concurrency: the client says which version it edited. */
export function checkPlanVersion(current: number, sent: number | undefined): void {
  if (sent !== undefined && sent !== current) {
    fail(
      'PLAN_VERSION_CONFLICT',
      `the plan changed since you loaded it (version ${current}, you had ${sent}); reload and try again`,
      { current, sent },
    );
  }
}

export interface PlanStepInput {
  text: string;
  dueAt?: string | null;
  done?: boolean;
}

export interface PlanInput {
  responsibleDepartmentId?: number | null;
  responsibleJurisdictionCode?: string | null;
  responsiblePersonId: number;
  steps: readonly PlanStepInput[];
  deadline: string;
  mediationType: string;
  status: string;
  summary?: string | null;
}

export interface PlanStep {
  text: string;
  dueAt: string | null;
  done: boolean;
}

export interface PlanContent {
  responsibleDepartmentId: number | null;
  responsibleJurisdictionCode: string | null;
  responsiblePersonId: number;
  steps: PlanStep[];
  deadline: Date;
  mediationType: MediationType;
  status: PlanStatus;
  summary: string | null;
}

function parseDate(value: string, field: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    fail('VALIDATION_FAILED', `${field} is not a date`, [{ field, problem: 'not a date' }]);
  return d;
}

/**
 * Checks a plan as submitted and returns it normalised. The responsible unit is exactly one of a
 * department or a jurisdiction, and a jurisdiction must contain the event (the village, town or
 * county where it lies); no step is due after the plan's deadline.
 */
export function normalisePlan(input: PlanInput, eventJurisdictionCode: string): PlanContent {
  const dept = input.responsibleDepartmentId ?? null;
  const code = input.responsibleJurisdictionCode ?? null;
  if ((dept === null) === (code === null)) {
    fail(
      'VALIDATION_FAILED',
      'name the responsible unit: exactly one of responsibleDepartmentId or responsibleJurisdictionCode',
      [{ field: 'responsibleDepartmentId', problem: 'exactly one of the two' }],
    );
  }
  if (code !== null) {
    if (!levelOfCode(code)) fail('JURISDICTION_CODE_INVALID', `"${code}" is not a county, town, village or grid code`);
    if (!isWithin(eventJurisdictionCode, code)) {
      fail(
        'VALIDATION_FAILED',
        `the responsible jurisdiction ${code} does not contain the event (${eventJurisdictionCode})`,
        [{ field: 'responsibleJurisdictionCode', problem: 'must contain the event' }],
      );
    }
  }
  if (!(MEDIATION_TYPES as readonly string[]).includes(input.mediationType)) {
    fail('VALIDATION_FAILED', `mediationType must be one of ${MEDIATION_TYPES.join(', ')}`);
  }
  if (!(PLAN_STATUSES as readonly string[]).includes(input.status)) {
    fail('VALIDATION_FAILED', `status must be one of ${PLAN_STATUSES.join(', ')}`);
  }
  const deadline = parseDate(input.deadline, 'deadline');
  if (!input.steps.length)
    fail('VALIDATION_FAILED', 'a plan needs at least one step', [{ field: 'steps', problem: 'empty' }]);
  if (input.steps.length > MAX_PLAN_STEPS)
    fail('VALIDATION_FAILED', `at most ${MAX_PLAN_STEPS} steps`, [{ field: 'steps', problem: 'too many' }]);
  const steps = input.steps.map((s, i): PlanStep => {
    const text = s.text.trim();
    if (!text) fail('VALIDATION_FAILED', `step ${i + 1} has no text`, [{ field: `steps.${i}.text`, problem: 'empty' }]);
    let dueAt: string | null = null;
    if (s.dueAt) {
      const due = parseDate(s.dueAt, `steps.${i}.dueAt`);
      if (due.getTime() > deadline.getTime()) {
        fail('VALIDATION_FAILED', `step ${i + 1} is due after the plan's deadline`, [
          { field: `steps.${i}.dueAt`, problem: 'after the deadline' },
        ]);
      }
      dueAt = due.toISOString();
    }
    return { text, dueAt, done: s.done ?? false };
  });
  return {
    responsibleDepartmentId: dept,
    responsibleJurisdictionCode: code,
    responsiblePersonId: input.responsiblePersonId,
    steps,
    deadline,
    mediationType: input.mediationType as MediationType,
    status: input.status as PlanStatus,
    summary: input.summary?.trim() || null,
  };
}

/**
 * The plan's dates against the rule for due dates set by hand (core/deadlines/due-dates.ts): a new
 * or changed deadline, and each date of a step not yet done that the saved plan does not already
 * have, must lie after now and within the horizon (DUE_DATE_OUT_OF_RANGE). Dates already saved are
 * kept as they are, so a plan running late can still be edited; a step done is history.
 */
export function checkPlanDueDates(
  content: Pick<PlanContent, 'deadline' | 'steps'>,
  saved: { deadline: Date; steps: readonly { dueAt: string | null }[] } | null,
  now: Date,
  horizonDays: number,
): void {
  const check = (due: Date, field: string) => {
    const problem = dueDateProblem(due, now, horizonDays);
    if (problem) fail('DUE_DATE_OUT_OF_RANGE', `${field} ${problem}`, [{ field, problem }]);
  };
  if (!saved || content.deadline.getTime() !== new Date(saved.deadline).getTime()) check(content.deadline, 'deadline');
  const kept = new Set((saved?.steps ?? []).flatMap((s) => (s.dueAt ? [Date.parse(s.dueAt)] : [])));
  content.steps.forEach((step, i) => {
    if (step.dueAt && !step.done && !kept.has(Date.parse(step.dueAt))) check(new Date(step.dueAt), `steps.${i}.dueAt`);
  });
}

/** What the event's history records about a save of the plan (事件时间线). */
export function planSummary(
  plan: PlanContent & { planId: number; version: number },
  names: { responsiblePersonName?: string | null; responsibleUnitName?: string | null } = {},
) {
  return {
    planId: plan.planId,
    version: plan.version,
    status: plan.status,
    mediationType: plan.mediationType,
    deadline: plan.deadline.toISOString(),
    responsibleUnit:
      plan.responsibleDepartmentId !== null
        ? { departmentId: plan.responsibleDepartmentId, name: names.responsibleUnitName ?? null }
        : { jurisdictionCode: plan.responsibleJurisdictionCode, name: names.responsibleUnitName ?? null },
    responsiblePerson: { id: plan.responsiblePersonId, name: names.responsiblePersonName ?? null },
    steps: plan.steps.length,
    stepsDone: plan.steps.filter((s) => s.done).length,
  };
}
