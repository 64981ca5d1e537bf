/**
 * The event desk's calls. The answers' shapes are the server's own response schemas
 * (server/events/event.schemas.ts, server/organisation/organisation.schemas.ts), imported as types:
 * an answer that changes there fails the type check of every page that reads it.
 */
import type { Static } from 'typebox';
import { api } from './client';
import type { EventAction } from '../../../core/events/event-workflow.js';
import type { EventActionBody } from '../../../core/events/action-body.js';
import type {
  ActionAnswer,
  EventContacts,
  EventFull,
  EventPage as ServerEventPage,
  EventSummary,
  ListQuery as ListQuerySchema,
  StaffEventDetail,
  UnmaskedReporter,
} from '../../../server/events/event.schemas.js';
import type {
  DepartmentList,
  JurisdictionRootAnswer,
  PersonRow,
} from '../../../server/organisation/organisation.schemas.js';

export type { EventAction } from '../../../core/events/event-workflow.js';
export type {
  EventSummary,
  EventFull,
  EventAssignment,
  HistoryEntry,
  EventAttachment,
  DeadlineClock,
  ExtensionRequest,
} from '../../../server/events/event.schemas.js';
export type Light = 'green' | 'yellow' | 'red';

/**
 * GET /api/events as the desk reads it. The server answers a citizen with public summaries
 * (`PublicEventSummary`); the desk, the map and the dashboards are staff pages, sent staff summaries.
 */
export type EventPage = Omit<ServerEventPage, 'items'> & { items: EventSummary[] };

/** GET /api/events's query, exactly as the server's schema takes it (ListQuery). */
export type ListQuery = Static<typeof ListQuerySchema>;

/** ListQuery's list filters: repeated keys in the address (`status=a&status=b`). */
type ListFilter = Extract<keyof ListQuery, 'statusKind' | 'status' | 'type' | 'channel' | 'risk' | 'light' | 'tier'>;

/**
 * GET /api/events's query as the desk sends it: ListQuery, but for the list filters, which the desk
 * holds as the strings read from its address (DeskState, pages/events/desk-query.ts). It keeps only
 * the values core lists (the lists the server's schema is built from), so the server does not
 * refuse them; a filter the server drops leaves this type, and the desk's query stops compiling.
 */
export type EventListQuery = Omit<ListQuery, ListFilter> & { [K in ListFilter]?: string[] };

/** GET /api/events/:id as staff see it (a citizen on their own report gets `view: 'public'`: the tracking page's fields). */
export type EventDetail = StaffEventDetail;

/** An action's answer as staff get it (a citizen's cancel answers the public event). */
export type ActionResult = Omit<ActionAnswer, 'event'> & { event: EventFull };

/**
 * POST /api/events/:id/actions/:action body: the type the server's schema (ActionBody) is checked
 * against at compile time (core/events/action-body.ts), so the two cannot drift apart.
 */
export type ActionInput = EventActionBody;
export { ACTION_ATTACHMENTS_MAX } from '../../../core/events/action-body';

export type Contact = EventContacts['items'][number];
export type Department = DepartmentList['items'][number];
export type Person = PersonRow;

/** GET /api/jurisdictions (the user's own place and its children), /api/jurisdictions/:code → children */
export type JurisdictionRoot = JurisdictionRootAnswer;
export type JurisdictionNode = JurisdictionRootAnswer['children'][number];

export const eventsApi = {
  list: (query: EventListQuery, signal?: AbortSignal) => api.get<EventPage>('/api/events', query, { signal }),
  detail: (id: number, signal?: AbortSignal) => api.get<EventDetail>(`/api/events/${id}`, undefined, { signal }),
  act: (id: number, action: EventAction, body: ActionInput) =>
    api.post<ActionResult>(`/api/events/${id}/actions/${action}`, body),
  /** 查看完整信息: the reporter's clear details, for handlers and supervisors; audited on the server. */
  unmaskReporter: (id: number) => api.post<UnmaskedReporter>(`/api/events/${id}/reporter/unmask`),
  contacts: (id: number, signal?: AbortSignal) =>
    api.get<EventContacts>(`/api/events/${id}/contacts`, undefined, { signal }),
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
