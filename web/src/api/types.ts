/**
 * The shapes the API answers with — the server's own response schemas (`server/<area>/*.schemas.ts`,
 * the same TypeBox schemas Fastify writes the answers with and the OpenAPI document describes),
 * imported as types only: nothing of the server is bundled. A change of an answer that breaks a
 * page fails `npm run typecheck`. The names here are the web app's words for them.
 */
import type { SessionUser as ServerSessionUser } from '../../../server/auth/auth.schemas.js';
import type {
  AnalyticsDefinitionsAnswer,
  BreakdownAnswer,
  ComparedKpi as ServerComparedKpi,
  DrillDownAnswer,
  KpiReportAnswer,
  RankingAnswer,
} from '../../../server/analytics/analytics.schemas.js';

export type { Role } from '../../../core/access/roles.js';
export type { JurisdictionLevel } from '../../../core/organisation/division-code.js';
export type {
  KpiValue,
  KpiChange,
  RankedRow,
  BreakdownRow,
  FigureScope as AnalyticsScope,
  FigureSpan as PresentedSpan,
} from '../../../server/analytics/analytics.schemas.js';
export type { LiveMessage } from '../../../server/live/live-message.js';

/**
 * The signed-in person (GET /api/auth/me → user; POST /api/auth/login → user). `mustChangePassword`
 * (in /me's user, beside the user at sign-in): until a reset password is replaced, only /account works.
 */
export type SessionUser = ServerSessionUser & { mustChangePassword?: boolean };

export type ComparedKpi = ServerComparedKpi;

/** GET /api/analytics/kpis */
export type KpiReport = KpiReportAnswer;

/** What a breakdown may be grouped by (GET /api/analytics/breakdown?groupBy=). */
export type BreakdownGroupBy =
  'town' | 'village' | 'grid' | 'event_type' | 'channel' | 'risk_level' | 'tier' | 'day' | 'week' | 'month';

/** GET /api/analytics/breakdown */
export type Breakdown = BreakdownAnswer;

/** What a ranking ranks (GET /api/analytics/rankings?level=). */
export type RankingLevel = 'town' | 'village' | 'department';

/** GET /api/analytics/rankings */
export type Ranking = RankingAnswer;

/** GET /api/analytics/drilldown */
export type Drilldown = DrillDownAnswer;
export type DrillItem = DrillDownAnswer['items'][number];

/** GET /api/analytics/definitions → kpis[] */
export type KpiDefinition = AnalyticsDefinitionsAnswer['kpis'][number];
