/**
 * The event desk's calls and response shapes (server/events/event.routes.ts, event.presenter.ts,
 * event.schemas.ts; server/organisation/organisation.routes.ts for the pickers). When a response
 * changes there, change it here.
 */
import { api, type Query } from './client';
import type { EventAction } from '../../../core/events/event-workflow.js';
import type { EventActionBody } from '../../../core/events/action-body.js';

export type { EventAction } from '../../../core/events/event-workflow.js';
export type Light = 'green' | 'yellow' | 'red';

/** GET /api/events → items[] (presentEventSummary) */
export interface EventSummary {
  id: number;
  serialNo: string;
  title: string;
  channel: string;
  channelName: string;
  eventType: string;
  eventTypeName: string;
  categoryCode: string;
  categoryName: string | null;
  riskLevel: string;
  riskLevelName: string;
  highRisk: boolean;
  status: string;
  statusName: string;
  statusKind: string;
  jurisdictionCode: string;
  jurisdictionName: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  reportedAt: string;
  updatedAt: string;
  version: number;
  tier: string | null;
  tierName: string | null;
  light: string | null;
  suspended: boolean;
}

export interface EventPage {
  total: number;
  page: number;
  pageSize: number;
  items: EventSummary[];
}

/** The list's query (ListQuery): comma-free arrays repeat the key. */
export interface EventListQuery {
  /** A county, town, village (12 digits) or grid (15) code: only events in its subtree (within the user's own scope). */
  jurisdiction?: string;
  statusKind?: string[];
  status?: string[];
  type?: string[];
  channel?: string[];
  risk?: string[];
  light?: string[];
  tier?: string[];
  category?: string;
  highRisk?: boolean;
  suspended?: boolean;
  q?: string;
  from?: string;
  to?: string;
  mine?: boolean;
  sort?: 'reported_at' | 'updated_at' | 'risk_level' | 'serial_no';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** presentEvent + the place names the detail adds */
export interface EventFull extends EventSummary {
  description: string;
  countyCode: string | null;
  townCode: string | null;
  villageCode: string | null;
  gridCode: string | null;
  dispatchReason: string | null;
  dispatchReasonName: string | null;
  reporterName: string | null;
  /** Masked (138****5678) unless the viewer reported it; clear only through unmaskReporter. */
  reporterPhone: string | null;
  reporterIdNumber?: string | null;
  /** 匿名反映: the handling side sees no identity. */
  reporterAnonymous?: boolean;
  mergedIntoId: number | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  acceptedAt: string | null;
  resolvedTier: string | null;
  suspendedAt: string | null;
  supervisedAt: string | null;
  counts: { urge: number; escalation: number; extension: number; return: number; rework: number };
  townName?: string | null;
  villageName?: string | null;
  gridName?: string | null;
  trackingToken?: string;
}

export interface EventAssignment {
  id: number;
  /** The phone only for those who may call the handlers (their fellow handlers and the supervisors). */
  person: { id: number; name: string | null; role: string | null; phone?: string | null } | null;
  department: { id: number; name: string | null } | null;
  centre: { code: string; name: string | null } | null;
  assignmentRole: string;
  duty: string | null;
  /** The tier the assignment serves: below the event's tier it only assists (core/events/holding.ts). */
  tier: string;
  active: boolean;
  assignedAt: string;
  endedAt: string | null;
}

export interface HistoryEntry {
  id: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { id: number | null; name: string | null; role: string | null };
  note: string | null;
  data: unknown;
  attachmentIds: string[] | null;
  at: string;
}

export interface EventAttachment {
  id: string;
  mimeType: string;
  sizeBytes: number;
  name: string | null;
  url: string;
}

export interface DeadlineClock {
  id: number;
  step: string;
  tier: string;
  startedAt: string;
  warnAt: string;
  dueAt: string;
  limit: { amount: number; unit: string | null } | null;
  light: string;
  paused: boolean;
  completedAt: string | null;
  outcome: string | null;
}

export interface ExtensionRequest {
  id: number;
  requestedBy: { id: number; name: string | null };
  reason: string;
  currentDueAt: string;
  requestedDueAt: string;
  status: string;
  decidedBy: { id: number; name: string | null } | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** GET /api/events/:id as staff see it (a citizen on their own report gets `view: 'public'`: the tracking page's fields). */
export interface EventDetail {
  view: 'staff';
  event: EventFull;
  assignments: EventAssignment[];
  history: HistoryEntry[];
  attachments: EventAttachment[];
  deadlines: DeadlineClock[];
  extensionRequests: ExtensionRequest[];
  /** Exactly the actions this user may take now. */
  availableActions: EventAction[];
}

/**
 * POST /api/events/:id/actions/:action body: the type the server's schema (ActionBody) is checked
 * against at compile time (core/events/action-body.ts), so the two cannot drift apart.
 */
export type ActionInput = EventActionBody;
export { ACTION_ATTACHMENTS_MAX } from '../../../core/events/action-body';

export interface Contact {
  personId: number;
  name: string | null;
  role: string | null;
  phone: string | null;
  as: string;
  tel: string | null;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  jurisdictionCode: string;
}

export interface Person {
  id: number;
  name: string;
  role: string;
  roleName: string;
  phone: string | null;
  jurisdictionCode: string;
  jurisdictionName: string | null;
  department: { id: number; name: string } | null;
  active: boolean;
}

/** GET /api/jurisdictions (the user's own place and its children), /api/jurisdictions/:code → children */
export interface JurisdictionNode {
  code: string;
  level: string;
  kind?: string;
  name: string;
  childCount: number;
}

export interface JurisdictionRoot {
  root: { code: string; level: string; name: string } | null;
  children: JurisdictionNode[];
}

export const eventsApi = {
  list: (query: EventListQuery, signal?: AbortSignal) => api.get<EventPage>('/api/events', query as Query, { signal }),
  detail: (id: number, signal?: AbortSignal) => api.get<EventDetail>(`/api/events/${id}`, undefined, { signal }),
  act: (id: number, action: EventAction, body: ActionInput) =>
    api.post<{ event: EventFull; historyId: number }>(`/api/events/${id}/actions/${action}`, body),
  /** 查看完整信息: the reporter's clear details, for handlers and supervisors; audited on the server. */
  unmaskReporter: (id: number) =>
    api.post<{
      reporterName: string | null;
      reporterPhone: string | null;
      reporterIdNumber: string | null;
      reporterAnonymous: boolean;
    }>(`/api/events/${id}/reporter/unmask`),
  contacts: (id: number, signal?: AbortSignal) =>
    api.get<{ items: Contact[] }>(`/api/events/${id}/contacts`, undefined, { signal }),
  departments: (signal?: AbortSignal) => api.get<{ items: Department[] }>('/api/departments', undefined, { signal }),
  people: (q: string | undefined, signal?: AbortSignal) =>
    api.get<{ items: Person[] }>('/api/people', { q, pageSize: 50 }, { signal }),
  /** The signed-in user's jurisdiction and its children. */
  jurisdictionRoot: (signal?: AbortSignal) => api.get<JurisdictionRoot>('/api/jurisdictions', undefined, { signal }),
  /** One jurisdiction's children (within the user's scope; else 404 JURISDICTION_NOT_FOUND). */
  jurisdictionChildren: async (code: string, signal?: AbortSignal) =>
    (
      await api.get<{ children: JurisdictionNode[] }>(`/api/jurisdictions/${encodeURIComponent(code)}`, undefined, {
        signal,
      })
    ).children,
};
