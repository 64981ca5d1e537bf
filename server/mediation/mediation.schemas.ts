/**
 * Request and answer schemas of the mediation routes (TypeBox → JSON Schema: validation, serialisation
 * and documentation): resolution plans (化解方案), mediator pools (群英库) and mediation tasks (调解任务).
 * The web app imports the types, so this file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import {
  MEDIATION_OUTCOMES,
  MEDIATION_TYPES,
  PLAN_STATUSES,
  TASK_STATUSES,
} from '../../core/mediation/mediation-catalog.js';
import { MAX_PLAN_STEPS } from '../../core/mediation/resolution-plan.js';
import { MAX_SPECIALTIES } from '../../core/mediation/mediation-access.js';
import { TASK_ACTIONS } from '../../core/mediation/mediation-task.js';
import {
  CalendarDateTime,
  DivisionCode,
  Instant,
  Nullable,
  RowId,
  Text,
  literalUnion,
} from '../http/schema-primitives.js';

const Id = () => RowId;
const Code = DivisionCode;
/** Due dates and deadlines: the one client range (whether they must also lie ahead is the service's rule). */
const DateTime = CalendarDateTime;

export const EventIdParams = Type.Object({ id: Id() });
export const TaskIdParams = Type.Object({ id: Id() });
export const VillageParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) });
export const MemberParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }), personId: Id() });

const PlanStep = Type.Object(
  {
    text: Text(500, 1),
    dueAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PlanBody = Type.Object(
  {
    responsibleDepartmentId: Type.Optional(Id()),
    responsibleJurisdictionCode: Type.Optional(Code),
    responsiblePersonId: Id(),
    steps: Type.Array(PlanStep, { minItems: 1, maxItems: MAX_PLAN_STEPS }),
    deadline: DateTime,
    mediationType: literalUnion(MEDIATION_TYPES),
    status: Type.Optional(literalUnion(PLAN_STATUSES)),
    summary: Type.Optional(Text(2000)),
    note: Type.Optional(Text(500)),
    version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  },
  { additionalProperties: false },
);

const Specialties = Type.Array(Text(20, 1), { maxItems: MAX_SPECIALTIES });

export const PoolQuery = Type.Object({ active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const AddMemberBody = Type.Object({ personId: Id(), specialties: Specialties }, { additionalProperties: false });

export const PatchMemberBody = Type.Object(
  { specialties: Type.Optional(Specialties), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const DispatchBody = Type.Object(
  {
    memberId: Id(),
    mediationType: Type.Optional(literalUnion(MEDIATION_TYPES)),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

export const TaskListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    status: Type.Optional(Type.Array(literalUnion(TASK_STATUSES), { maxItems: TASK_STATUSES.length })),
    eventId: Type.Optional(Id()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ note: Text(2000, 1) }, { additionalProperties: false });

export const AcceptBody = Type.Object({ note: Type.Optional(Text(2000)) }, { additionalProperties: false });

export const ResultBody = Type.Object(
  {
    outcome: literalUnion(MEDIATION_OUTCOMES),
    agreement: Text(5000, 1),
    note: Type.Optional(Text(2000)),
    attachmentIds: Type.Optional(Type.Array(Text(64, 1), { maxItems: 9 })),
  },
  { additionalProperties: false },
);

// ---- answers (mediation.presenter.ts builds them) ----

/*
 * The Chinese names of a status, a mediation type and an outcome (core/mediation/mediation-catalog.ts)
 * are null only where the value is: a task's outcome before its result.
 */

/** Someone named beside their id; the name is null when the person is gone. */
const Named = Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) });

/**
 * A person doing the work, with their phone when the viewer may call them (the event's handlers and
 * supervisors, and the person themself): absent otherwise, null when none is on file.
 */
const Contact = Type.Object({ ...Named.properties, phone: Type.Optional(Nullable(Type.String())) });

const PlanStepAnswer = Type.Object({ text: Type.String(), dueAt: Nullable(Type.String()), done: Type.Boolean() });

/** The unit responsible for a plan: a county department, or a jurisdiction's centre. */
const ResponsibleUnit = Type.Union([
  Type.Object({ kind: Type.Literal('department'), departmentId: Type.Integer(), name: Nullable(Type.String()) }),
  Type.Object({
    kind: Type.Literal('jurisdiction'),
    jurisdictionCode: Nullable(Type.String()),
    name: Nullable(Type.String()),
  }),
]);

/** What every version of a plan holds. */
const PlanContent = {
  version: Type.Integer(),
  status: Type.String(),
  statusName: Nullable(Type.String()),
  mediationType: Type.String(),
  mediationTypeName: Nullable(Type.String()),
  responsibleUnit: ResponsibleUnit,
  responsiblePerson: Named,
  summary: Nullable(Type.String()),
  steps: Type.Array(PlanStepAnswer),
  deadline: Instant,
};

/** An event's resolution plan as it stands. */
export const PlanAnswer = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  ...PlanContent,
  responsiblePerson: Contact,
  createdBy: Named,
  createdAt: Instant,
  updatedBy: Named,
  updatedAt: Instant,
});
export type PlanAnswer = Static<typeof PlanAnswer>;

/** One saved version of a plan, with what the save changed. */
export const PlanVersionAnswer = Type.Object({
  ...PlanContent,
  changeNote: Nullable(Type.String()),
  editedBy: Named,
  editedAt: Instant,
});
export type PlanVersionAnswer = Static<typeof PlanVersionAnswer>;

/** GET /api/events/:id/resolution-plan: the plan, every version (newest first), and whether the caller may edit it. */
export const ResolutionPlanView = Type.Object({
  plan: PlanAnswer,
  versions: Type.Array(PlanVersionAnswer),
  canEdit: Type.Boolean(),
});
export type ResolutionPlanView = Static<typeof ResolutionPlanView>;

/** PUT /api/events/:id/resolution-plan: the plan saved (201 when created), and its entry in the event's history. */
export const PlanSaved = Type.Object({
  plan: PlanAnswer,
  versions: Type.Array(PlanVersionAnswer),
  created: Type.Boolean(),
  historyId: Type.Integer(),
});
export type PlanSaved = Static<typeof PlanSaved>;

/** A member of a village's mediator pool, with their open and completed tasks. */
export const PoolMemberAnswer = Type.Object({
  personId: Type.Integer(),
  villageCode: Type.String(),
  name: Type.String(),
  role: Type.String(),
  roleName: Type.String(),
  phone: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  jurisdictionName: Nullable(Type.String()),
  specialties: Type.Array(Type.String()),
  /** In the pool (a member taken out stays listed, inactive). */
  active: Type.Boolean(),
  /** The person's account is active. */
  personActive: Type.Boolean(),
  openTasks: Type.Integer(),
  completedTasks: Type.Integer(),
  addedAt: Instant,
  updatedAt: Instant,
});
export type PoolMemberAnswer = Static<typeof PoolMemberAnswer>;

/** GET /api/villages/:code/mediators. */
export const PoolAnswer = Type.Object({
  village: Type.Object({ code: Type.String(), name: Type.String() }),
  items: Type.Array(PoolMemberAnswer),
  /** The caller keeps this pool (adds and edits members). */
  canManage: Type.Boolean(),
});
export type PoolAnswer = Static<typeof PoolAnswer>;

/** POST /api/villages/:code/mediators (201) and PATCH …/:personId. */
export const PoolMemberSaved = Type.Object({ member: PoolMemberAnswer });
export type PoolMemberSaved = Static<typeof PoolMemberSaved>;

/** A mediation task with its event, village, mediator and outcome. */
export const TaskAnswer = Type.Object({
  id: Type.Integer(),
  event: Type.Object({
    id: Type.Integer(),
    serialNo: Type.String(),
    title: Type.String(),
    eventType: Type.String(),
    status: Type.String(),
    statusName: Type.String(),
    riskLevel: Type.String(),
    address: Nullable(Type.String()),
  }),
  village: Type.Object({ code: Type.String(), name: Nullable(Type.String()) }),
  member: Contact,
  assignedBy: Named,
  status: Type.String(),
  statusName: Nullable(Type.String()),
  mediationType: Type.String(),
  mediationTypeName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  closingNote: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  outcomeName: Nullable(Type.String()),
  agreement: Nullable(Type.String()),
  attachmentIds: Type.Array(Type.String()),
  assignedAt: Instant,
  acceptedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  finishedBy: Nullable(Named),
  /** What the caller may do with the task now (not in lists across events). */
  availableActions: Type.Optional(Type.Array(literalUnion(TASK_ACTIONS))),
});
export type TaskAnswer = Static<typeof TaskAnswer>;

/** A task step's answer (dispatch, accept, decline, result, cancel): the task and its entry in the event's history. */
export const TaskStepDone = Type.Object({ task: TaskAnswer, historyId: Type.Integer() });
export type TaskStepDone = Static<typeof TaskStepDone>;

/** GET /api/mediation-tasks/:id. */
export const OneTaskAnswer = Type.Object({ task: TaskAnswer });
export type OneTaskAnswer = Static<typeof OneTaskAnswer>;

/** GET /api/events/:id/mediation-tasks: an event's tasks, and whether the caller may send one. */
export const EventTasksAnswer = Type.Object({ items: Type.Array(TaskAnswer), canDispatch: Type.Boolean() });
export type EventTasksAnswer = Static<typeof EventTasksAnswer>;

/** GET /api/mediation-tasks: tasks the caller may see, latest change first. */
export const TaskListAnswer = Type.Object({
  items: Type.Array(TaskAnswer),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type TaskListAnswer = Static<typeof TaskListAnswer>;
