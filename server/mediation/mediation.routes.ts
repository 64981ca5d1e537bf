/**
 * Hard-dispute handling over HTTP: an event's resolution plan (化解方案), a village's mediator
 * pool (群英库) and mediation tasks (调解任务). Each route reads validate (schema) → authorise and
 * act (the service, with the core's rules) → present.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import type { TaskAction } from '../../core/mediation/mediation-task.js';
import {
  AcceptBody,
  AddMemberBody,
  DispatchBody,
  EventIdParams,
  MemberParams,
  NoteBody,
  PatchMemberBody,
  PlanBody,
  PoolQuery,
  ResultBody,
  TaskIdParams,
  TaskListQuery,
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

/** The task step behind each POST /api/mediation-tasks/:id/<step>, with its body. */
const TASK_STEPS: {
  path: string;
  action: TaskAction;
  body: typeof AcceptBody | typeof NoteBody | typeof ResultBody;
}[] = [
  { path: 'accept', action: 'accept', body: AcceptBody },
  { path: 'decline', action: 'decline', body: NoteBody },
  { path: 'result', action: 'report_result', body: ResultBody },
  { path: 'cancel', action: 'cancel', body: NoteBody },
];

export async function mediationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // ── 化解方案 ────────────────────────────────────────────────────────────────────────────
  app.get('/api/events/:id/resolution-plan', { schema: { params: EventIdParams } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params as Static<typeof EventIdParams>;
    const plan = await getResolutionPlan(deps.db, user, id);
    return { ...presentPlanView(plan, { contacts: plan.contacts, viewerId: user.id }), canEdit: plan.canEdit };
  });

  app.put(
    '/api/events/:id/resolution-plan',
    { schema: { params: EventIdParams, body: PlanBody } },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params as Static<typeof EventIdParams>;
      const result = await saveResolutionPlan(deps, user, id, request.body as Static<typeof PlanBody>);
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
    { schema: { params: VillageParams, querystring: PoolQuery } },
    async (request) => {
      const user = requireUser(request);
      const { code } = request.params as Static<typeof VillageParams>;
      const { village, members, canManage } = await listPool(
        deps.db,
        user,
        code,
        request.query as Static<typeof PoolQuery>,
      );
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
    { schema: { params: VillageParams, body: AddMemberBody } },
    async (request, reply) => {
      const user = requireUser(request);
      const { code } = request.params as Static<typeof VillageParams>;
      const member = await addPoolMember(deps, user, code, request.body as Static<typeof AddMemberBody>);
      reply.status(201);
      return { member: presentPoolMember(member) };
    },
  );

  app.patch(
    '/api/villages/:code/mediators/:personId',
    { schema: { params: MemberParams, body: PatchMemberBody } },
    async (request) => {
      const user = requireUser(request);
      const { code, personId } = request.params as Static<typeof MemberParams>;
      const member = await updatePoolMember(deps, user, code, personId, request.body as Static<typeof PatchMemberBody>);
      return { member: presentPoolMember(member) };
    },
  );

  // ── 调解任务 ────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/events/:id/mediation-tasks',
    { schema: { params: EventIdParams, body: DispatchBody } },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params as Static<typeof EventIdParams>;
      const { task, historyId, actions, contacts } = await dispatchMediationTask(
        deps,
        user,
        id,
        request.body as Static<typeof DispatchBody>,
      );
      reply.status(201);
      return { task: presentTask(task, { contacts, viewerId: user.id }, actions), historyId };
    },
  );

  app.get('/api/events/:id/mediation-tasks', { schema: { params: EventIdParams } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params as Static<typeof EventIdParams>;
    const { items, canDispatch, contacts } = await listEventTasks(deps.db, user, id);
    return { items: items.map((i) => presentTask(i.task, { contacts, viewerId: user.id }, i.actions)), canDispatch };
  });

  app.get('/api/mediation-tasks', { schema: { querystring: TaskListQuery } }, async (request) => {
    const user = requireUser(request);
    const query = request.query as Static<typeof TaskListQuery>;
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
  });

  app.get('/api/mediation-tasks/:id', { schema: { params: TaskIdParams } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params as Static<typeof TaskIdParams>;
    const { task, actions, contacts } = await getMediationTask(deps.db, user, id);
    return { task: presentTask(task, { contacts, viewerId: user.id }, actions) };
  });

  for (const step of TASK_STEPS) {
    app.post(
      `/api/mediation-tasks/:id/${step.path}`,
      { schema: { params: TaskIdParams, body: step.body } },
      async (request) => {
        const user = requireUser(request);
        const { id } = request.params as Static<typeof TaskIdParams>;
        const body = (request.body ?? {}) as {
          note?: string;
          outcome?: string;
          agreement?: string;
          attachmentIds?: string[];
        };
        const { task, historyId, actions, contacts } = await actOnMediationTask(deps, user, id, step.action, body);
        return { task: presentTask(task, { contacts, viewerId: user.id }, actions), historyId };
      },
    );
  }
}
