/**
 * The calls of the phone views and the citizen pages (server/events/event.routes.ts,
 * public.routes.ts, storage/attachment.routes.ts, organisation.routes.ts, followups/follow-up.routes.ts).
 */
import { api } from '../../api/client';
import type { EventPage } from '../../api/events';
import type { ReportBody, ReportSender } from './offline-queue';

/** GET /api/categories, /api/public/categories → items[] */
export interface Category {
  code: string;
  parentCode: string | null;
  eventType: string;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  active: boolean;
}

export interface PublicReportBody {
  categoryCode: string;
  description: string;
  address?: string;
  location?: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' };
  reporterName?: string;
  reporterPhone?: string;
  attachmentIds?: string[];
  idempotencyKey: string;
}

export interface PublicReportResult {
  serialNo: string;
  trackingToken: string;
  trackingUrl: string;
  created: boolean;
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

function photoForm(photo: Blob, name: string | null): FormData {
  const form = new FormData();
  form.append('file', photo, name ?? 'photo.jpg');
  return form;
}

export const reportApi = {
  categories: (signal?: AbortSignal) => api.get<{ items: Category[] }>('/api/categories', undefined, { signal }),
  myOpenEvents: (signal?: AbortSignal) =>
    api.get<EventPage>('/api/events', { mine: true, statusKind: 'open', sort: 'reported_at', order: 'desc', pageSize: 100 }, { signal }),
  publicCategories: (signal?: AbortSignal) => api.get<{ items: Category[] }>('/api/public/categories', undefined, { signal }),
  publicUpload: async (photo: Blob, name: string | null) =>
    (await api.post<{ attachment: { id: string } }>('/api/public/attachments', photoForm(photo, name))).attachment.id,
  publicReport: (body: PublicReportBody) =>
    api.post<PublicReportResult>('/api/public/events', body, { headers: { 'Idempotency-Key': body.idempotencyKey } }),
  track: (token: string, signal?: AbortSignal) => api.get<TrackedReport>(`/api/public/events/${encodeURIComponent(token)}`, undefined, { signal }),
  rating: (token: string, signal?: AbortSignal) => api.get<RatingState>(`/api/public/events/${encodeURIComponent(token)}/rating`, undefined, { signal }),
  rate: (token: string, body: { satisfaction: string; comment?: string }) => api.post<{ rating: RatingState['rating'] }>(`/api/public/events/${encodeURIComponent(token)}/rating`, body),
};

/** The staff sender of the offline queue: POST /api/attachments, then POST /api/events with the key. */
export const staffSender: ReportSender = {
  upload: async (photo, name) => (await api.post<{ attachment: { id: string } }>('/api/attachments', photoForm(photo, name))).attachment.id,
  create: (body: ReportBody & { attachmentIds?: string[]; idempotencyKey: string }, key: string) =>
    api.post('/api/events', body, { headers: { 'Idempotency-Key': key } }),
};

/** Category options, each labelled with its parents' names ("治安 / 矛盾纠纷"), in the taxonomy's order. */
export function categoryOptions(items: Category[], locale: string): { value: string; label: string }[] {
  const byCode = new Map(items.map((c) => [c.code, c]));
  const name = (c: Category) => (locale === 'en' ? c.nameEn || c.nameZh : c.nameZh);
  const path = (c: Category): string => {
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    return parent && parent !== c ? `${path(parent)} / ${name(c)}` : name(c);
  };
  const hasChildren = new Set(items.map((c) => c.parentCode).filter(Boolean));
  return items
    .filter((c) => c.active && !hasChildren.has(c.code))
    .map((c) => ({ value: c.code, label: path(c) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
