/**
 * The citizen pages' calls besides the report itself (features/report/report-api.ts): the public
 * place list for choosing a place without GPS, and following a report by its tracking code —
 * its progress and the citizen's rating (server/events/public.routes.ts, organisation.routes.ts,
 * followups/follow-up.routes.ts).
 */
import { api } from '../../api/client';

/** GET /api/public/places[?parent=code]: one level of the public place list (counties, towns, villages — never grids). */
export interface PublicPlace {
  code: string;
  name: string;
  level: 'county' | 'town' | 'village';
  hasChildren: boolean;
}

export interface PublicPlaceList {
  parent: { code: string; name: string; level: string } | null;
  items: PublicPlace[];
}

/** GET /api/public/events/:token */
export interface TrackedReport {
  serialNo: string;
  title: string;
  status: string;
  statusName: string;
  statusKind: string;
  reportedAt: string;
  updatedAt: string;
  steps: { status: string; statusName: string; at: string }[];
}

/** GET /api/public/events/:token/rating */
export interface RatingState {
  serialNo: string;
  status: string;
  statusName: string;
  canRate: boolean;
  reason: string | null;
  rating: { satisfaction: string; satisfactionName: string | null; ratedAt: string | null } | null;
  options: { value: string; name: string }[];
}

export const publicApi = {
  places: (parent: string | null, signal?: AbortSignal) =>
    api.get<PublicPlaceList>('/api/public/places', parent ? { parent } : undefined, { signal }),
  track: (token: string, signal?: AbortSignal) =>
    api.get<TrackedReport>(`/api/public/events/${encodeURIComponent(token)}`, undefined, { signal }),
  rating: (token: string, signal?: AbortSignal) =>
    api.get<RatingState>(`/api/public/events/${encodeURIComponent(token)}/rating`, undefined, { signal }),
  rate: (token: string, body: { satisfaction: string; comment?: string }) =>
    api.post<{ rating: RatingState['rating'] }>(`/api/public/events/${encodeURIComponent(token)}/rating`, body),
};
