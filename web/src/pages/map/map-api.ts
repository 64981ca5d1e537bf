/** The map's calls: its configuration (the basemap), boundaries and event points as GeoJSON, one event for the card. */
import type { FeatureCollection, Point } from 'geojson';
import { api } from '../../api/client';
import type { EventPoints as ServerEventPoints, EventSummary } from '../../../../server/events/event.schemas.js';
import type { MapConfig } from '../../../../server/web/web-config.schemas.js';
import { eventsQuery, type MapFilters } from './map-spec';

/** The properties of a point of GET /api/events/geojson: the server's schema (server/events/event.schemas.ts). */
export type EventPointProperties = ServerEventPoints['features'][number]['properties'];

/** A boundary's properties (GET /api/geo/boundaries, server/geo/boundary.schemas.ts). */
export type { BoundaryProperties } from '../../api/analytics';

/** The points as MapLibre takes them: GeoJSON whose properties are the server's. */
export type EventPoints = FeatureCollection<Point, EventPointProperties>;

export const mapApi = {
  /** The installation's basemap (server: MAP_TILES …), null when none is configured. */
  config: (signal?: AbortSignal) => api.get<MapConfig>('/api/config/map', undefined, { signal }),
  boundaries: (level: 'village' | 'grid', within?: string, signal?: AbortSignal) =>
    api.get<FeatureCollection>('/api/geo/boundaries', { level, within }, { signal }),
  events: (filters: MapFilters, now: Date, signal?: AbortSignal) =>
    api.get<EventPoints>('/api/events/geojson', eventsQuery(filters, now), { signal }),
  /** Only what the card shows of GET /api/events/:id. */
  event: (id: number, signal?: AbortSignal) =>
    api.get<{
      event: Pick<EventSummary, 'id' | 'serialNo' | 'title' | 'status' | 'light' | 'riskLevel' | 'reportedAt'>;
    }>(`/api/events/${id}`, undefined, {
      signal,
    }),
};
