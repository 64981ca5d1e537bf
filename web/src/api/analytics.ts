/** The supervision figures (docs/metrics.md) as the dashboard asks for them. */
import { api } from './client';
import type { Breakdown, BreakdownGroupBy, Drilldown, KpiDefinition, KpiReport, Ranking, RankingLevel } from './types';
import { periodQuery, type Period } from './period';

export const analyticsApi = {
  kpis: (period: Period, kpis?: readonly string[], signal?: AbortSignal) =>
    api.get<KpiReport>('/api/analytics/kpis', { ...periodQuery(period), kpis: kpis?.join(',') }, { signal }),
  breakdown: (period: Period, groupBy: BreakdownGroupBy, kpis?: readonly string[], signal?: AbortSignal) =>
    api.get<Breakdown>('/api/analytics/breakdown', { ...periodQuery(period), groupBy, kpis: kpis?.join(',') }, { signal }),
  rankings: (period: Period, level: RankingLevel, kpi: string, signal?: AbortSignal) =>
    api.get<Ranking>('/api/analytics/rankings', { ...periodQuery(period), level, kpi }, { signal }),
  drilldown: (
    period: Period,
    kpi: string,
    options: { part?: 'numerator' | 'denominator'; groupBy?: BreakdownGroupBy; group?: string | null; page?: number; pageSize?: number } = {},
    signal?: AbortSignal,
  ) =>
    api.get<Drilldown>(
      '/api/analytics/drilldown',
      { ...periodQuery(period), kpi, part: options.part, groupBy: options.groupBy, group: options.groupBy && options.group != null ? options.group : undefined, page: options.page, pageSize: options.pageSize },
      { signal },
    ),
  definitions: () => api.get<{ kpis: KpiDefinition[] }>('/api/analytics/definitions'),
};
