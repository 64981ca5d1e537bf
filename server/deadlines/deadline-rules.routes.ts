/**
 * Reading and editing the time-limit rules (时限规则) and the escalation ladder (五级九天). Everyone
 * on staff may read them (a handler should know their limits); only the county centre edits. A
 * limit is saved only if the deadline engine counts it — a sample deadline from now on the work
 * calendar, the computation intake does — and it ends within DUE_DATE_HORIZON_DAYS: a saved
 * setting must never make reporting impossible (DEADLINE_RULE_INVALID).
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { OkAnswer } from '../http/schema-primitives.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import type { TimeLimit } from '../../core/deadlines/time-limits.js';
import { timeLimitProblem } from '../../core/deadlines/deadline-settings.js';
import { DeadlineRepository } from './deadline.repository.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import {
  DeadlineRulesAnswer,
  LadderAnswer,
  RuleAnswer,
  RuleBody,
  RuleParams,
  RungBody,
  RungParams,
} from './deadline-rules.schemas.js';

function requireCountyCentre(user: CurrentUser) {
  if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county centre edits time limits');
}

export async function deadlineRuleRoutes(app: App, deps: AppDeps): Promise<void> {
  const repo = new DeadlineRepository(deps.db);

  /** Refuses a limit the engine cannot count from now, or one ending beyond the horizon. */
  async function assertCountable(limit: TimeLimit): Promise<void> {
    const { calendar } = await deps.clocks.get();
    const problem = timeLimitProblem(calendar, limit, deps.now(), deps.config.dueDateHorizonDays);
    if (problem) fail('DEADLINE_RULE_INVALID', `amount ${problem}`, [{ field: 'amount', problem }]);
  }

  app.get(
    '/api/deadline-rules',
    { schema: { response: { 200: DeadlineRulesAnswer, ...errors('FORBIDDEN') } } },
    async (request) => {
      const user = requireUser(request);
      if (user.role === 'citizen') fail('FORBIDDEN', 'staff only');
      const [rules, ladder] = await Promise.all([repo.rules(), repo.ladder()]);
      return { rules, ladder };
    },
  );

  app.post(
    '/api/deadline-rules',
    { schema: { body: RuleBody, response: { 201: RuleAnswer, ...errors('FORBIDDEN', 'DEADLINE_RULE_INVALID') } } },
    async (request, reply) => {
      requireCountyCentre(requireUser(request));
      const body = request.body;
      await assertCountable(body);
      const id = await repo.upsertRule(body);
      deps.clocks.invalidate();
      reply.status(201);
      return { rule: (await repo.rules()).find((r) => r.id === id)! };
    },
  );

  app.put(
    '/api/deadline-rules/:id',
    {
      schema: {
        params: RuleParams,
        body: RuleBody,
        response: { 200: RuleAnswer, ...errors('FORBIDDEN', 'DEADLINE_RULE_INVALID', 'NOT_FOUND') },
      },
    },
    async (request) => {
      requireCountyCentre(requireUser(request));
      const { id } = request.params;
      const body = request.body;
      await assertCountable(body);
      const updated = await repo.updateRule(id, body);
      if (!updated) fail('NOT_FOUND', `no rule ${id}`);
      deps.clocks.invalidate();
      return { rule: (await repo.rules()).find((r) => r.id === id)! };
    },
  );

  app.delete(
    '/api/deadline-rules/:id',
    { schema: { params: RuleParams, response: { 200: OkAnswer, ...errors('FORBIDDEN', 'NOT_FOUND') } } },
    async (request) => {
      requireCountyCentre(requireUser(request));
      const { id } = request.params;
      if (!(await repo.deleteRule(id))) fail('NOT_FOUND', `no rule ${id}`);
      deps.clocks.invalidate();
      return { ok: true as const };
    },
  );

  app.put(
    '/api/deadline-ladder/:eventType/:tier',
    {
      schema: {
        params: RungParams,
        body: RungBody,
        response: { 200: LadderAnswer, ...errors('FORBIDDEN', 'DEADLINE_RULE_INVALID') },
      },
    },
    async (request) => {
      requireCountyCentre(requireUser(request));
      const { eventType, tier } = request.params;
      const body = request.body;
      await assertCountable(body);
      await repo.upsertRung({ eventType, tier, ...body });
      deps.clocks.invalidate();
      return { ladder: await repo.ladder() };
    },
  );

  app.delete(
    '/api/deadline-ladder/:eventType/:tier',
    { schema: { params: RungParams, response: { 200: LadderAnswer, ...errors('FORBIDDEN', 'NOT_FOUND') } } },
    async (request) => {
      requireCountyCentre(requireUser(request));
      const { eventType, tier } = request.params;
      if (!(await repo.deleteRung(eventType, tier))) fail('NOT_FOUND', `no ladder rung for ${eventType} at ${tier}`);
      deps.clocks.invalidate();
      return { ladder: await repo.ladder() };
    },
  );
}
