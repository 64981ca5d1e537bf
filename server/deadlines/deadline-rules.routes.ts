/**
 * Reading and editing the time-limit rules (时限规则) and the escalation ladder (五级九天). Everyone
 * on staff may read them (a handler should know their limits); only the county centre edits. A
 * limit is saved only if the deadline engine counts it — a sample deadline from now on the work
 * calendar, the computation intake does — and it ends within DUE_DATE_HORIZON_DAYS: a saved
 * setting must never make reporting impossible (DEADLINE_RULE_INVALID).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { EVENT_TYPES, RISK_LEVELS } from '../../core/events/event-catalog.js';
import { STEPS, type TimeLimit } from '../../core/deadlines/time-limits.js';
import { timeLimitProblem } from '../../core/deadlines/deadline-settings.js';
import { TIERS } from '../../core/deadlines/tiers.js';
import { DeadlineRepository } from './deadline.repository.js';
import type { CurrentUser } from '../../core/access/current-user.js';

const union = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Unit = union(['minutes', 'hours', 'natural_days', 'working_days']);
const RuleBody = Type.Object(
  {
    step: union(STEPS),
    eventType: Type.Union([union(EVENT_TYPES), Type.Null()]),
    riskLevel: Type.Union([union(RISK_LEVELS), Type.Null()]),
    tier: Type.Union([union(TIERS), Type.Null()]),
    amount: Type.Integer({ minimum: 1, maximum: 100000 }),
    unit: Unit,
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const RuleParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const RungBody = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: 100000 }), unit: Unit },
  { additionalProperties: false },
);
const RungParams = Type.Object({ eventType: union(EVENT_TYPES), tier: union(TIERS) });

function requireCountyCentre(user: CurrentUser) {
  if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county centre edits time limits');
}

export async function deadlineRuleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const repo = new DeadlineRepository(deps.db);

  /** Refuses a limit the engine cannot count from now, or one ending beyond the horizon. */
  async function assertCountable(limit: TimeLimit): Promise<void> {
    const { calendar } = await deps.clocks.get();
    const problem = timeLimitProblem(calendar, limit, deps.now(), deps.config.dueDateHorizonDays);
    if (problem) fail('DEADLINE_RULE_INVALID', `amount ${problem}`, [{ field: 'amount', problem }]);
  }

  app.get('/api/deadline-rules', async (request) => {
    const user = requireUser(request);
    if (user.role === 'citizen') fail('FORBIDDEN', 'staff only');
    const [rules, ladder] = await Promise.all([repo.rules(), repo.ladder()]);
    return { rules, ladder };
  });

  app.post('/api/deadline-rules', { schema: { body: RuleBody } }, async (request, reply) => {
    requireCountyCentre(requireUser(request));
    const body = request.body as Static<typeof RuleBody>;
    await assertCountable(body);
    const id = await repo.upsertRule(body);
    deps.clocks.invalidate();
    reply.status(201);
    return { rule: (await repo.rules()).find((r) => r.id === id) };
  });

  app.put('/api/deadline-rules/:id', { schema: { params: RuleParams, body: RuleBody } }, async (request) => {
    requireCountyCentre(requireUser(request));
    const { id } = request.params as Static<typeof RuleParams>;
    const body = request.body as Static<typeof RuleBody>;
    await assertCountable(body);
    const updated = await repo.updateRule(id, body);
    if (!updated) fail('NOT_FOUND', `no rule ${id}`);
    deps.clocks.invalidate();
    return { rule: (await repo.rules()).find((r) => r.id === id) };
  });

  app.delete('/api/deadline-rules/:id', { schema: { params: RuleParams } }, async (request) => {
    requireCountyCentre(requireUser(request));
    const { id } = request.params as Static<typeof RuleParams>;
    if (!(await repo.deleteRule(id))) fail('NOT_FOUND', `no rule ${id}`);
    deps.clocks.invalidate();
    return { ok: true };
  });

  app.put(
    '/api/deadline-ladder/:eventType/:tier',
    { schema: { params: RungParams, body: RungBody } },
    async (request) => {
      requireCountyCentre(requireUser(request));
      const { eventType, tier } = request.params as Static<typeof RungParams>;
      const body = request.body as Static<typeof RungBody>;
      await assertCountable(body);
      await repo.upsertRung({ eventType, tier, ...body });
      deps.clocks.invalidate();
      return { ladder: await repo.ladder() };
    },
  );

  app.delete('/api/deadline-ladder/:eventType/:tier', { schema: { params: RungParams } }, async (request) => {
    requireCountyCentre(requireUser(request));
    const { eventType, tier } = request.params as Static<typeof RungParams>;
    if (!(await repo.deleteRung(eventType, tier))) fail('NOT_FOUND', `no ladder rung for ${eventType} at ${tier}`);
    deps.clocks.invalidate();
    return { ladder: await repo.ladder() };
  });
}
