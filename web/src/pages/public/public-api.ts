/**
 * The citizen pages' calls besides the report itself (features/report/report-api.ts): the public
 * place list for choosing a place without GPS, and following a report by its tracking code —
 * its progress and the citizen's rating (server/events/public.routes.ts, organisation.routes.ts,
 * followups/follow-up.routes.ts). The answers are the server's own schemas, imported as types.
 */
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { PublicTracking } from '../../../../server/events/event.schemas.js';
import type { RatingBody, RatingGiven, RatingState } from '../../../../server/followups/follow-up.schemas.js';
import type { PublicPlaceList as ServerPlaceList } from '../../../../server/organisation/organisation.schemas.js';

export type { RatingState } from '../../../../server/followups/follow-up.schemas.js';

/**
 * GET /api/public/places[?parent=code]: one level of the public place list. The server lists
 * counties, towns and villages, never grids; its schema's `level` is any level.
 */
export type PublicPlaceList = ServerPlaceList;
export type PublicPlace = ServerPlaceList['items'][number];

/** GET /api/public/events/:token */
export type TrackedReport = PublicTracking;

/**
 * The rating as the tracking page sends it: RatingBody, but for `satisfaction`, which the page's
 * form holds as a string (TrackPage.tsx; one of the levels it offers, the server's own). The server
 * refuses any other value (VALIDATION_FAILED).
 */
export type RatingInput = Omit<Static<typeof RatingBody>, 'satisfaction'> & { satisfaction: string };

export const publicApi = {
  places: (parent: string | null, signal?: AbortSignal) =>
    api.get<PublicPlaceList>('/api/public/places', parent ? { parent } : undefined, { signal }),
  track: (token: string, signal?: AbortSignal) =>
    api.get<TrackedReport>(`/api/public/events/${encodeURIComponent(token)}`, undefined, { signal }),
  rating: (token: string, signal?: AbortSignal) =>
    api.get<RatingState>(`/api/public/events/${encodeURIComponent(token)}/rating`, undefined, { signal }),
  rate: (token: string, body: RatingInput) =>
    api.post<RatingGiven>(`/api/public/events/${encodeURIComponent(token)}/rating`, body),
};
