/**
 * Supervision figure routes (督查考核): KPI set with 环比/同比, breakdowns, rankings, drill-down
 * to the events, and the KPI catalogue. Each reads validate (schema) → authorise (scope) → call
 * the service → present. A scope defaults to the caller's own jurisdiction.
 */
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { assertCanReadAnalytics, assertCanReadScope } from '../../core/analytics/analytics-access.js';
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../core/events/event-catalog.js';
import { TIERS } from '../../core/deadlines/tiers.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import { KPI_GROUPS, KpiRepository, type KpiFilters } from './kpi.repository.js';
import {
  KPI_CATALOGUE,
  RANKING_LEVELS,
  assertKpiKeys,
  breakdown,
  drillCounters,
  kpiReport,
  presentSpan,
  ranking,
  resolveScope,
  resolveSpan,
} from './analytics.service.js';
import { DivisionCode, literalUnion } from '../http/schema-primitives.js';
import { PeriodFields } from './period.schemas.js';
import {
  AnalyticsDefinitionsAnswer,
  BreakdownAnswer,
  DrillDownAnswer,
  KpiReportAnswer,
  RankingAnswer,
} from './analytics.schemas.js';
import { countyOf } from '../../core/organisation/division-code.js';

/** Scope, period and filters shared by every figure route. */
const FigureQuery = {
  scope: Type.Optional(DivisionCode),
  ...PeriodFields,
  type: Type.Optional(literalUnion(EVENT_TYPES)),
  channel: Type.Optional(literalUnion(CHANNELS)),
  risk: Type.Optional(literalUnion(RISK_LEVELS)),
  tier: Type.Optional(literalUnion(TIERS)),
};
const KpiKeys = Type.Optional(Type.String({ maxLength: 1000, pattern: '^[A-Za-z]+(,[A-Za-z]+)*$' }));

const KpisQuery = Type.Object({ ...FigureQuery, kpis: KpiKeys }, { additionalProperties: false });
const BreakdownQuery = Type.Object(
  { ...FigureQuery, groupBy: literalUnion(KPI_GROUPS), kpis: KpiKeys, compare: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const RankingQuery = Type.Object(
  {
    ...FigureQuery,
    level: literalUnion(RANKING_LEVELS),
    kpi: Type.String({ maxLength: 40 }),
    minVolume: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
const DrillQuery = Type.Object(
  {
    ...FigureQuery,
    kpi: Type.String({ maxLength: 40 }),
    part: Type.Optional(literalUnion(['numerator', 'denominator'])),
    groupBy: Type.Optional(literalUnion(KPI_GROUPS)),
    group: Type.Optional(Type.String({ maxLength: 40 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

/** The scope, period and filters of any figure query (the others add their own fields to these). */
type Figure = Static<typeof KpisQuery>;

/** What a figure may be refused for: the caller's reach, the scope, the period, an unknown KPI. */
const FIGURE_ERRORS = errors(
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'PERIOD_INVALID',
  'JURISDICTION_CODE_INVALID',
  'JURISDICTION_NOT_FOUND',
  'KPI_UNKNOWN',
);

function filtersOf(query: Figure): KpiFilters {
  const filters: KpiFilters = {};
  if (query.type) filters.eventType = query.type;
  if (query.channel) filters.channel = query.channel;
  if (query.risk) filters.riskLevel = query.risk;
  if (query.tier) filters.tier = query.tier;
  return filters;
}

function keysOf(kpis: string | undefined): string[] | undefined {
  if (!kpis) return undefined;
  const keys = kpis.split(',');
  assertKpiKeys(keys);
  return keys;
}

export async function analyticsRoutes(app: App, deps: AppDeps): Promise<void> {
  const repo = new KpiRepository(deps.db);

  /** Validate → authorise: the scope (the caller's own by default) and the span. */
  async function figureContext(query: Figure, user: ReturnType<typeof requireUser>) {
    const code = query.scope ?? user.jurisdictionCode;
    const span = resolveSpan({ preset: query.preset, month: query.month, from: query.from, to: query.to }, deps.now());
    assertCanReadScope(user, code);
    const scope = await resolveScope(repo, code);
    return { scope, span, filters: filtersOf(query) };
  }

  app.get(
    '/api/analytics/definitions',
    { schema: { response: { 200: AnalyticsDefinitionsAnswer, ...errors('FORBIDDEN') } } },
    async (request) => {
      assertCanReadAnalytics(requireUser(request));
      return { kpis: KPI_CATALOGUE, groupBy: KPI_GROUPS, rankingLevels: RANKING_LEVELS };
    },
  );

  app.get(
    '/api/analytics/kpis',
    { schema: { querystring: KpisQuery, response: { 200: KpiReportAnswer, ...FIGURE_ERRORS } } },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      const { scope, span, filters } = await figureContext(query, user);
      return kpiReport(deps.db, { scope, span, filters, keys: keysOf(query.kpis) });
    },
  );

  app.get(
    '/api/analytics/breakdown',
    { schema: { querystring: BreakdownQuery, response: { 200: BreakdownAnswer, ...FIGURE_ERRORS } } },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      const { scope, span, filters } = await figureContext(query, user);
      return breakdown(deps.db, {
        scope,
        span,
        filters,
        groupBy: query.groupBy,
        keys: keysOf(query.kpis),
        compare: query.compare,
      });
    },
  );

  app.get(
    '/api/analytics/rankings',
    { schema: { querystring: RankingQuery, response: { 200: RankingAnswer, ...FIGURE_ERRORS } } },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      assertKpiKeys([query.kpi]);
      const { level } = query;
      // Department staff see their own department's row of the department ranking, nothing else.
      if (user.role === 'department_staff') {
        if (level !== 'department' || user.departmentId === null)
          fail('FORBIDDEN', 'department staff see their own department in the department ranking');
        const county = countyOf(user.jurisdictionCode);
        const span = resolveSpan(
          { preset: query.preset, month: query.month, from: query.from, to: query.to },
          deps.now(),
        );
        const scope = await resolveScope(repo, county);
        return ranking(deps.db, {
          scope,
          span,
          level,
          kpi: query.kpi,
          minVolume: query.minVolume,
          departmentId: user.departmentId,
        });
      }
      const { scope, span, filters } = await figureContext(query, user);
      if (level === 'town' && scope.level !== 'county') fail('VALIDATION_FAILED', 'towns are ranked within a county');
      if (level === 'village' && scope.level !== 'county' && scope.level !== 'town')
        fail('VALIDATION_FAILED', 'villages are ranked within a county or a town');
      if (level === 'department' && Object.keys(filters).length)
        fail('VALIDATION_FAILED', 'the department ranking takes no type, channel, risk or tier filter');
      return ranking(deps.db, { scope, span, level, kpi: query.kpi, minVolume: query.minVolume, filters });
    },
  );

  app.get(
    '/api/analytics/drilldown',
    { schema: { querystring: DrillQuery, response: { 200: DrillDownAnswer, ...FIGURE_ERRORS } } },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      const { scope, span, filters } = await figureContext(query, user);
      const anyOf = drillCounters(query.kpi, query.part ?? 'numerator');
      if (query.group !== undefined && !query.groupBy) fail('VALIDATION_FAILED', 'group needs groupBy');
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { total, items } = await repo.drillDown(
        { scope, span, filters, groupBy: query.groupBy, group: query.group === '' ? null : query.group },
        anyOf,
        (page - 1) * pageSize,
        pageSize,
      );
      return {
        scope,
        span: presentSpan(span),
        kpi: query.kpi,
        part: query.part ?? 'numerator',
        counters: anyOf,
        total,
        page,
        pageSize,
        items: items.map((e) => ({
          id: e.id,
          serialNo: e.serial_no,
          title: e.title,
          eventType: e.event_type,
          channel: e.channel,
          riskLevel: e.risk_level,
          status: e.status,
          statusName: STATUS_DEFINITIONS[e.status as EventStatus]?.zh ?? e.status,
          tier: e.tier,
          light: e.light,
          overdue: e.overdue,
          jurisdictionCode: e.jurisdiction_code,
          jurisdictionName: e.jurisdiction_name,
          reportedAt: e.reported_at.toISOString(),
          resolvedAt: e.resolved_at?.toISOString() ?? null,
        })),
      };
    },
  );
}
