/** The map's calls: its configuration (the basemap), boundaries and event points as GeoJSON, one event for the card. */
import type { FeatureCollection, Point } from 'geojson';
import { api } from '../../api/client';
import { eventsQuery, type BasemapConfig, type MapFilters } from './map-spec';

/** The properties of a point of GET /api/events/geojson (server/events/event.routes.ts). */
export interface EventPointProperties {
  id: number;
  serialNo: string;
  title: string;
  eventType: string;
  riskLevel: string;
  status: string;
  statusKind: string;
  reportedAt: string;
}

export interface BoundaryProperties {
  code: string;
  parentCode: string | null;
  level: string;
  kind: string;
  name: string;
}

export type EventPoints = FeatureCollection<Point, EventPointProperties>;

export const mapApi = {
  /** The installation's basemap (server: MAP_TILES …), null when none is configured. */
  config: (signal?: AbortSignal) =>
    api.get<{ basemap: BasemapConfig | null }>('/api/config/map', undefined, { signal }),
  boundaries: (level: 'village' | 'grid', within?: string, signal?: AbortSignal) =>
    api.get<FeatureCollection>('/api/geo/boundaries', { level, within }, { signal }),
  events: (filters: MapFilters, now: Date, signal?: AbortSignal) =>
    api.get<EventPoints>('/api/events/geojson', eventsQuery(filters, now), { signal }),
  /** Only what the card shows of GET /api/events/:id. */
  event: (id: number, signal?: AbortSignal) =>
    api.get<{
      event: {
        id: number;
        serialNo: string;
        title: string;
        status: string;
        light: string | null;
        riskLevel: string;
        reportedAt: string;
      };
    }>(`/api/events/${id}`, undefined, { signal }),
};
