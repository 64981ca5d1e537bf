/**
 * The fixed vocabularies of hard-dispute handling (疑难纠纷化解): the three kinds of mediation
 * (人民调解 / 司法调解 / 行政调解), the states of a resolution plan (化解方案) and of a mediation
 * task (调解任务), the outcomes a mediator reports, and the specialties the pool suggests.
 */

/** 调解类型 */
export const MEDIATION_TYPES = ['people', 'judicial', 'administrative'] as const;
export type MediationType = (typeof MEDIATION_TYPES)[number];

export const MEDIATION_TYPE_NAMES_ZH: Record<MediationType, string> = {
  people: '人民调解',
  judicial: '司法调解',
  administrative: '行政调解',
};

/** 化解方案状态 */
export const PLAN_STATUSES = ['draft', 'active', 'completed', 'abandoned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_NAMES_ZH: Record<PlanStatus, string> = {
  draft: '草拟',
  active: '实施中',
  completed: '已化解',
  abandoned: '已终止',
};

/** 调解任务状态 */
export const TASK_STATUSES = ['assigned', 'accepted', 'done', 'declined', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_NAMES_ZH: Record<TaskStatus, string> = {
  assigned: '待接单',
  accepted: '调解中',
  done: '已反馈',
  declined: '已拒单',
  cancelled: '已撤回',
};

/** States in which the task is still someone's work (the member holds the event's mediator assignment). */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['assigned', 'accepted'];

export function isOpenTaskStatus(status: string): boolean {
  return (OPEN_TASK_STATUSES as readonly string[]).includes(status);
}

/** 调解结果 */
export const MEDIATION_OUTCOMES = ['resolved', 'partially_resolved', 'failed'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];

export const MEDIATION_OUTCOME_NAMES_ZH: Record<MediationOutcome, string> = {
  resolved: '调解成功',
  partially_resolved: '部分化解',
  failed: '调解不成',
};

/**
 * Specialties the UI offers (擅长领域). Free text is accepted as well: a village names what its
 * "群英" are good at in its own words.
 */
export const SUGGESTED_SPECIALTIES = [
  '婚姻家庭',
  '邻里',
  '土地',
  '山林水利',
  '劳资',
  '借贷',
  '物业',
  '房屋宅基地',
  '交通事故',
  '医疗',
  '消费',
  '征地拆迁',
] as const;

const label = (names: Record<string, string>, value: string | null | undefined) =>
  value ? (names[value] ?? value) : null;

export const mediationTypeName = (v: string | null | undefined) => label(MEDIATION_TYPE_NAMES_ZH, v);
export const planStatusName = (v: string | null | undefined) => label(PLAN_STATUS_NAMES_ZH, v);
export const taskStatusName = (v: string | null | undefined) => label(TASK_STATUS_NAMES_ZH, v);
export const outcomeName = (v: string | null | undefined) => label(MEDIATION_OUTCOME_NAMES_ZH, v);
