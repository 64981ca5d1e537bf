/**
 * Hard-dispute handling over HTTP: an event's resolution plan (化解方案), a village's mediator
 * pool (群英库) and mediation tasks (调解任务). Each route reads validate (schema) → authorise and
 * act (the service, with the core's rules) → present.
 */
import type { AppDeps } from '../app-deps.js';
import type { ErrorCode } from '../../core/errors.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import type { TaskAction } from '../../core/mediation/mediation-task.js';
import {
  AcceptBody,
  AddMemberBody,
  DispatchBody,
  EventIdParams,
  EventTasksAnswer,
  MemberParams,
  NoteBody,
  OneTaskAnswer,
  PatchMemberBody,
  PlanBody,
  PlanSaved,
  PoolAnswer,
  PoolMemberSaved,
  PoolQuery,
  ResolutionPlanView,
  ResultBody,
  TaskIdParams,
  TaskListAnswer,
  TaskListQuery,
  TaskStepDone,
  VillageParams,
} from './mediation.schemas.js';
import {
  actOnMediationTask,
  addPoolMember,
  dispatchMediationTask,
  getMediationTask,
  getResolutionPlan,
  listEventTasks,
  listPool,
  listTasks,
  saveResolutionPlan,
  updatePoolMember,
  type PlanView,
} from './mediation.service.js';
import {
  presentPlan,
  presentPlanVersion,
  presentPoolMember,
  presentTask,
  type PhoneView,
} from './mediation.presenter.js';

const presentPlanView = (v: PlanView, view: PhoneView) => ({
  plan: presentPlan(v.plan, view),
  versions: v.versions.map(presentPlanVersion),
});

/** The task step behind each POST /api/mediation-tasks/:id/<step>, with its body and the refusals of its own. */
const TASK_STEPS: {
  path: string;
  action: TaskAction;
  body: typeof AcceptBody | typeof NoteBody | typeof ResultBody;
  errors: ErrorCode[];
}[] = [
  // a closed event has nothing left to mediate
  { path: 'accept', action: 'accept', body: AcceptBody, errors: ['EVENT_ILLEGAL_TRANSITION'] },
  { path: 'decline', action: 'decline', body: NoteBody, errors: [] },
  // the attachments must be the mediator's own uploads, not yet used
  { path: 'result', action: 'report_result', body: ResultBody, errors: ['ATTACHMENT_NOT_FOUND'] },
  { path: 'cancel', action: 'cancel', body: NoteBody, errors: [] },
];

/** A task the caller may not see answers as one that does not exist; a step by the wrong person, or from the wrong state, is refused. */
const TASK_STEP_ERRORS: ErrorCode[] = [
  'MEDIATION_TASK_NOT_FOUND',
  'MEDIATION_TASK_NOT_YOURS',
  'MEDIATION_TASK_ILLEGAL_TRANSITION',
];

/** A village's pool: a code that is no village, or a village outside the caller's reach (404). */
const POOL_ERRORS: ErrorCode[] = ['JURISDICTION_CODE_INVALID', 'JURISDICTION_NOT_FOUND'];

export async function mediationRoutes(app: App, deps: AppDeps): Promise<void> {
  // ── 化解方案 ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/events/:id/resolution-plan',
    {
      schema: {
        params: EventIdParams,
        response: { 200: ResolutionPlanView, ...errors('EVENT_NOT_FOUND', 'FORBIDDEN', 'PLAN_NOT_FOUND') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const plan = await getResolutionPlan(deps.db, user, id);
      return { ...presentPlanView(plan, { contacts: plan.contacts, viewerId: user.id }), canEdit: plan.canEdit };
    },
  );

  app.put(
    '/api/events/:id/resolution-plan',
    {
      schema: {
        params: EventIdParams,
        body: PlanBody,
        response: {
          200: PlanSaved,
          201: PlanSaved,
          ...errors(
            'EVENT_NOT_FOUND',
            'FORBIDDEN',
            'JURISDICTION_CODE_INVALID',
            'DUE_DATE_OUT_OF_RANGE',
            'DEPARTMENT_NOT_FOUND',
            'JURISDICTION_NOT_FOUND',
            'PERSON_NOT_FOUND',
            'PLAN_VERSION_CONFLICT',
            'PLAN_ILLEGAL_TRANSITION',
          ),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params;
      const result = await saveResolutionPlan(deps, user, id, request.body);
      reply.status(result.created ? 201 : 200);
      return {
        ...presentPlanView(result, { contacts: result.contacts, viewerId: user.id }),
        created: result.created,
        historyId: result.historyId,
      };
    },
  );

  // ── 群英库 ──────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/villages/:code/mediators',
    {
      schema: {
        params: VillageParams,
        querystring: PoolQuery,
        response: { 200: PoolAnswer, ...errors(...POOL_ERRORS, 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { code } = request.params;
      const { village, members, canManage } = await listPool(deps.db, user, code, request.query);
      if (members.some((m) => m.phone))
        await auditRead(request, {
          target: { type: 'villages', id: code },
          fields: ['name', 'phone'],
          count: members.length,
        });
      return { village: { code: village.code, name: village.name }, items: members.map(presentPoolMember), canManage };
    },
  );

  app.post(
    '/api/villages/:code/mediators',
    {
      schema: {
        params: VillageParams,
        body: AddMemberBody,
        response: {
          201: PoolMemberSaved,
          // the person must be active and live in the village's town (VALIDATION_FAILED otherwise)
          ...errors(...POOL_ERRORS, 'FORBIDDEN', 'PERSON_NOT_FOUND', 'MEDIATOR_ALREADY_IN_POOL'),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { code } = request.params;
      const member = await addPoolMember(deps, user, code, request.body);
      reply.status(201);
      return { member: presentPoolMember(member) };
    },
  );

  app.patch(
    '/api/villages/:code/mediators/:personId',
    {
      schema: {
        params: MemberParams,
        body: PatchMemberBody,
        response: { 200: PoolMemberSaved, ...errors(...POOL_ERRORS, 'FORBIDDEN', 'POOL_MEMBER_NOT_FOUND') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { code, personId } = request.params;
      const member = await updatePoolMember(deps, user, code, personId, request.body);
      return { member: presentPoolMember(member) };
    },
  );

  // ── 调解任务 ────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/events/:id/mediation-tasks',
    {
      schema: {
        params: EventIdParams,
        body: DispatchBody,
        response: {
          201: TaskStepDone,
          ...errors(
            'EVENT_NOT_FOUND',
            'FORBIDDEN',
            'EVENT_ILLEGAL_TRANSITION',
            'MEDIATOR_NOT_IN_POOL',
            'MEDIATION_TASK_DUPLICATE',
          ),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { task, historyId, actions, contacts } = await dispatchMediationTask(deps, user, id, request.body);
      reply.status(201);
      return { task: presentTask(task, { contacts, viewerId: user.id }, actions), historyId };
    },
  );

  app.get(
    '/api/events/:id/mediation-tasks',
    {
      schema: { params: EventIdParams, response: { 200: EventTasksAnswer, ...errors('EVENT_NOT_FOUND', 'FORBIDDEN') } },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { items, canDispatch, contacts } = await listEventTasks(deps.db, user, id);
      return { items: items.map((i) => presentTask(i.task, { contacts, viewerId: user.id }, i.actions)), canDispatch };
    },
  );

  app.get(
    '/api/mediation-tasks',
    { schema: { querystring: TaskListQuery, response: { 200: TaskListAnswer } } },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { total, items } = await listTasks(deps.db, user, {
        mine: query.mine,
        status: query.status,
        eventId: query.eventId,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      // across events: the members' phones to the centres and leaders who dispatch and supervise them; one's own to oneself
      const contacts = user.role === 'town_operator' || user.role === 'county_operator' || user.role === 'leader';
      return { items: items.map((t) => presentTask(t, { contacts, viewerId: user.id })), total, page, pageSize };
    },
  );

  app.get(
    '/api/mediation-tasks/:id',
    { schema: { params: TaskIdParams, response: { 200: OneTaskAnswer, ...errors('MEDIATION_TASK_NOT_FOUND') } } },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { task, actions, contacts } = await getMediationTask(deps.db, user, id);
      return { task: presentTask(task, { contacts, viewerId: user.id }, actions) };
    },
  );

  for (const step of TASK_STEPS) {
    app.post(
      `/api/mediation-tasks/:id/${step.path}`,
      {
        schema: {
          params: TaskIdParams,
          body: step.body,
          response: { 200: TaskStepDone, ...errors(...TASK_STEP_ERRORS, ...step.errors) },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { id } = request.params;
        const { task, historyId, actions, contacts } = await actOnMediationTask(
          deps,
          user,
          id,
          step.action,
          request.body ?? {},
        );
        return { task: presentTask(task, { contacts, viewerId: user.id }, actions), historyId };
      },
    );
  }
}
