/** The supervision figures (docs/metrics.md) as the dashboard asks for them, and the boundaries its map colours. */
import type { Geometry } from 'geojson';
import { api } from './client';
import type { BoundaryCollection, BoundaryFeature, BoundaryQuery } from '../../../server/geo/boundary.schemas.js';
import type { Breakdown, BreakdownGroupBy, Drilldown, KpiDefinition, KpiReport, Ranking, RankingLevel } from './types';
import { periodQuery, type Period } from './period';

export const analyticsApi = {
  kpis: (period: Period, kpis?: readonly string[], signal?: AbortSignal) =>
    api.get<KpiReport>('/api/analytics/kpis', { ...periodQuery(period), kpis: kpis?.join(',') }, { signal }),
  breakdown: (period: Period, groupBy: BreakdownGroupBy, kpis?: readonly string[], signal?: AbortSignal) =>
    api.get<Breakdown>(
      '/api/analytics/breakdown',
      { ...periodQuery(period), groupBy, kpis: kpis?.join(',') },
      { signal },
    ),
  rankings: (period: Period, level: RankingLevel, kpi: string, signal?: AbortSignal) =>
    api.get<Ranking>('/api/analytics/rankings', { ...periodQuery(period), level, kpi }, { signal }),
  drilldown: (
    period: Period,
    kpi: string,
    options: {
      part?: 'numerator' | 'denominator';
      groupBy?: BreakdownGroupBy;
      group?: string | null;
      page?: number;
      pageSize?: number;
    } = {},
    signal?: AbortSignal,
  ) =>
    api.get<Drilldown>(
      '/api/analytics/drilldown',
      {
        ...periodQuery(period),
        kpi,
        part: options.part,
        groupBy: options.groupBy,
        group: options.groupBy && options.group != null ? options.group : undefined,
        page: options.page,
        pageSize: options.pageSize,
      },
      { signal },
    ),
  definitions: () => api.get<{ kpis: KpiDefinition[] }>('/api/analytics/definitions'),
  /** GET /api/geo/boundaries: the polygons of one level under `within` (the user's own jurisdiction by default). */
  boundaries: (level: 'town' | 'village' | 'grid', within?: string, signal?: AbortSignal) =>
    api.get<BoundaryAnswer>('/api/geo/boundaries', { level, within } satisfies BoundaryQuery, { signal }),
};

/** The properties of a boundary feature (server/geo/boundary.schemas.ts). */
export type BoundaryProperties = BoundaryFeature['properties'];

/**
 * GET /api/geo/boundaries (BoundaryCollection). The schema declares a geometry only as `{ type,
 * coordinates }`, sent as stored; what is stored was checked as a GeoJSON Polygon or MultiPolygon
 * when it was imported, so the map reads it as a GeoJSON geometry.
 */
export type BoundaryAnswer = Omit<BoundaryCollection, 'features'> & {
  features: (Omit<BoundaryFeature, 'geometry'> & { geometry: Geometry })[];
};
