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
  /** Instead of a location (no GPS): the town or village the citizen chose (GET /api/public/places), with the address. */
  jurisdictionCode?: string;
  reporterName?: string;
  reporterPhone?: string;
  /** 匿名反映: the handlers see no name or phone. */
  anonymous?: boolean;
  attachmentIds?: string[];
  idempotencyKey: string;
}

export interface PublicReportResult {
  serialNo: string;
  trackingToken: string;
  trackingUrl: string;
  created: boolean;
}

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

function photoForm(photo: Blob, name: string | null): FormData {
  const form = new FormData();
  form.append('file', photo, name ?? 'photo.jpg');
  return form;
}

/** The body the citizen's queue stores: the public report without the parts added when sent. */
export type PublicQueuedBody = Omit<PublicReportBody, 'idempotencyKey' | 'attachmentIds'>;

/** The tabs of 我的网格: all open tasks, to sign for (签收), in hand (办理中), overdue (red light). */
export const TASK_TABS = ['open', 'toSign', 'inHand', 'overdue'] as const;
export type TaskTab = (typeof TASK_TABS)[number];

/** The list query of each tab: the worker's own (assigned) open events, newest first. */
export function taskQuery(
  tab: TaskTab,
  page: number,
  pageSize: number,
): Record<string, string | number | boolean | string[]> {
  const base = { mine: true, sort: 'reported_at', order: 'desc', page, pageSize };
  switch (tab) {
    case 'toSign':
      return { ...base, status: ['dispatched'] };
    case 'inHand':
      return { ...base, status: ['accepted', 'handling'] };
    case 'overdue':
      return { ...base, statusKind: ['open'], light: ['red'] };
    default:
      return { ...base, statusKind: ['open'] };
  }
}

export const reportApi = {
  categories: (signal?: AbortSignal) => api.get<{ items: Category[] }>('/api/categories', undefined, { signal }),
  myTasks: (tab: TaskTab, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<EventPage>('/api/events', taskQuery(tab, page, pageSize), { signal }),
  /** How many tasks each tab holds (one pageSize=1 call per tab). */
  myTaskCounts: async (signal?: AbortSignal): Promise<Record<TaskTab, number>> => {
    const totals = await Promise.all(
      TASK_TABS.map((tab) => api.get<EventPage>('/api/events', taskQuery(tab, 1, 1), { signal }).then((p) => p.total)),
    );
    return Object.fromEntries(TASK_TABS.map((tab, i) => [tab, totals[i]])) as Record<TaskTab, number>;
  },
  publicCategories: (signal?: AbortSignal) =>
    api.get<{ items: Category[] }>('/api/public/categories', undefined, { signal }),
  publicPlaces: (parent: string | null, signal?: AbortSignal) =>
    api.get<PublicPlaceList>('/api/public/places', parent ? { parent } : undefined, { signal }),
  publicUpload: async (photo: Blob, name: string | null) =>
    (await api.post<{ attachment: { id: string } }>('/api/public/attachments', photoForm(photo, name))).attachment.id,
  publicReport: (body: PublicReportBody) =>
    api.post<PublicReportResult>('/api/public/events', body, { headers: { 'Idempotency-Key': body.idempotencyKey } }),
  track: (token: string, signal?: AbortSignal) =>
    api.get<TrackedReport>(`/api/public/events/${encodeURIComponent(token)}`, undefined, { signal }),
  rating: (token: string, signal?: AbortSignal) =>
    api.get<RatingState>(`/api/public/events/${encodeURIComponent(token)}/rating`, undefined, { signal }),
  rate: (token: string, body: { satisfaction: string; comment?: string }) =>
    api.post<{ rating: RatingState['rating'] }>(`/api/public/events/${encodeURIComponent(token)}/rating`, body),
};

/** The staff sender of the offline queue: POST /api/attachments, then POST /api/events with the key. */
export const staffSender: ReportSender = {
  upload: async (photo, name) =>
    (await api.post<{ attachment: { id: string } }>('/api/attachments', photoForm(photo, name))).attachment.id,
  create: (body: ReportBody & { attachmentIds?: string[]; idempotencyKey: string }, key: string) =>
    api.post('/api/events', body, { headers: { 'Idempotency-Key': key } }),
};

/** The citizen's sender: POST /api/public/attachments, then POST /api/public/events with the key; answers the tracking code. */
export const publicSender: ReportSender<PublicQueuedBody, PublicReportResult> = {
  upload: (photo, name) => reportApi.publicUpload(photo, name),
  create: (body) => reportApi.publicReport(body),
};

/** A node of the category picker: a domain (领域) with its aspects (事项), or an aspect. */
export interface CategoryNode {
  value: string;
  label: string;
  children?: CategoryNode[];
}

/**
 * The taxonomy as a tree for the two-level picker (domain → aspect; deeper levels an operator
 * adds are kept): active categories only, in the taxonomy's order. Only leaves are chosen, so a
 * domain whose aspects are all inactive becomes a leaf itself.
 */
export function categoryTree(items: Category[], locale: string): CategoryNode[] {
  const name = (c: Category) => (locale === 'en' ? c.nameEn || c.nameZh : c.nameZh);
  const active = items.filter((c) => c.active);
  const codes = new Set(active.map((c) => c.code));
  const byParent = new Map<string | null, Category[]>();
  for (const c of active) {
    const parent = c.parentCode && codes.has(c.parentCode) && c.parentCode !== c.code ? c.parentCode : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
  }
  const order = (a: Category, b: Category) => a.sortOrder - b.sortOrder || name(a).localeCompare(name(b));
  const build = (parent: string | null, seen: Set<string>): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .filter((c) => !seen.has(c.code))
      .sort(order)
      .map((c) => {
        const children = build(c.code, new Set([...seen, c.code]));
        return children.length > 0 ? { value: c.code, label: name(c), children } : { value: c.code, label: name(c) };
      });
  return build(null, new Set());
}

/** The path of codes from the domain down to `code` in the tree (the picker's value), or [] when not in it. */
export function categoryPath(tree: CategoryNode[], code: string | undefined): string[] {
  if (!code) return [];
  for (const node of tree) {
    if (node.value === code) return [code];
    const below = node.children ? categoryPath(node.children, code) : [];
    if (below.length > 0) return [node.value, ...below];
  }
  return [];
}
