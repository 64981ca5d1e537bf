/**
 * The shapes the API answers with, as the web app reads them. They mirror the server's
 * presenters (server/auth/auth.plugin.ts, server/analytics/analytics.service.ts and routes);
 * when a response changes there, change it here.
 */

// Shapes the core itself defines are imported from it (types only: nothing of the core is bundled).
export type { Role } from '../../../core/access/roles.js';
export type { JurisdictionLevel } from '../../../core/organisation/division-code.js';
export type { KpiValue, KpiChange } from '../../../core/analytics/kpi-formulas.js';
export type { RankedRow } from '../../../core/analytics/ranking.js';
import type { Role } from '../../../core/access/roles.js';
import type { JurisdictionLevel } from '../../../core/organisation/division-code.js';
import type { KpiValue, KpiChange } from '../../../core/analytics/kpi-formulas.js';
import type { RankedRow } from '../../../core/analytics/ranking.js';

/** GET /api/auth/me → user */
export interface SessionUser {
  id: number;
  name: string;
  role: Role;
  roleName: string;
  jurisdictionCode: string;
  jurisdictionLevel: JurisdictionLevel;
  jurisdictionName: string;
  departmentId: number | null;
  /** A command centre reset the password: until the person sets their own, only /account works. */
  mustChangePassword?: boolean;
}

export type ComparedKpi = KpiValue & { mom: KpiChange; yoy: KpiChange };

export interface PresentedSpan {
  from: string;
  /** Inclusive last day. */
  to: string;
  toExclusive: string;
  unit: string;
  days: number;
}

export interface AnalyticsScope {
  code: string;
  level: JurisdictionLevel;
  name: string;
}

/** GET /api/analytics/kpis */
export interface KpiReport {
  scope: AnalyticsScope;
  span: PresentedSpan;
  previous: PresentedSpan;
  lastYear: PresentedSpan;
  kpis: Record<string, ComparedKpi>;
}

export type BreakdownGroupBy =
  'town' | 'village' | 'grid' | 'event_type' | 'channel' | 'risk_level' | 'tier' | 'day' | 'week' | 'month';

export interface BreakdownRow {
  key: string | null;
  name: string;
  /** 本级: the events held at the centre itself (「…（本级）」), after the places; shown, never ranked. */
  own: boolean;
  kpis: Record<string, KpiValue>;
}

/** GET /api/analytics/breakdown */
export interface Breakdown {
  scope: AnalyticsScope;
  span: PresentedSpan;
  groupBy: BreakdownGroupBy;
  rows: BreakdownRow[];
}

export type RankingLevel = 'town' | 'village' | 'department';

/** GET /api/analytics/rankings */
export interface Ranking {
  scope: AnalyticsScope;
  span: PresentedSpan;
  level: RankingLevel;
  kpi: { key: string; zh: string; en: string; higherIsBetter: boolean };
  minVolume: number;
  rows: RankedRow[];
}

export interface DrillItem {
  id: number;
  serialNo: string;
  title: string;
  eventType: string;
  channel: string;
  riskLevel: string;
  status: string;
  statusName: string;
  tier: string;
  light: string;
  overdue: boolean;
  jurisdictionCode: string;
  jurisdictionName: string | null;
  reportedAt: string;
  resolvedAt: string | null;
}

/** GET /api/analytics/drilldown */
export interface Drilldown {
  kpi: string;
  part: 'numerator' | 'denominator';
  total: number;
  page: number;
  pageSize: number;
  items: DrillItem[];
}

/** GET /api/analytics/definitions → kpis[] */
export interface KpiDefinition {
  key: string;
  zh: string;
  en: string;
  kind: 'count' | 'rate';
  higherIsBetter: boolean;
}

/** A message on GET /api/live (server/live/live-message.ts). */
export type LiveMessage =
  | {
      kind: 'created' | 'updated';
      id: number;
      serialNo: string;
      status: string;
      light: string;
      jurisdictionCode: string;
    }
  | { kind: 'bulk'; count: number }
  | { kind: 'resync' };
