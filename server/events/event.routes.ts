/**
 * Event routes: intake, list, detail with history, actions, map points. Each reads
 * validate (schema) → authorise (scope, state machine) → call the service → present.
 */
import type { Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import { fail } from '../../core/errors.js';
import { eventScopeOf, canSeeJurisdiction } from '../../core/access/current-user.js';
import { availableActions, type EventAction } from '../../core/events/event-workflow.js';
import { assertDivisionCode, placementColumn } from '../../core/organisation/division-code.js';
import type { Channel } from '../../core/events/event-catalog.js';
import {
  ActionAnswer,
  ActionBody,
  ActionParams,
  EventContacts,
  EventDetail,
  EventIdParams,
  EventNotifications,
  EventPage,
  EventPoints,
  IntakeAnswer,
  IntakeBody,
  ListQuery,
  SimilarEvents,
  UnmaskedReporter,
} from './event.schemas.js';
import { reportEvent } from './event-intake.service.js';
import { runEventAction, eventFactsOf, findVisibleEvent } from './event-action.service.js';
import { EventRepository, type EventFilters } from './event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from '../notify/outbox.repository.js';
import { openReporterData } from '../personal-data/reporter-identity.js';
import { normalisePhone, type FieldCipher } from '../personal-data/field-cipher.js';
import { normaliseIdNumber } from '../../core/personal-data/id-number.js';
import { unmaskDecision } from '../../core/personal-data/unmask-policy.js';
import {
  presentAssignment,
  presentClock,
  presentEvent,
  presentEventSummary,
  publicSteps,
  shapeEventFor,
} from './event.presenter.js';
import { eventViewOf, mayReadContacts } from '../../core/events/event-view.js';
import { relationTo } from '../../core/events/event-access.js';
import { DeadlineRepository } from '../deadlines/deadline.repository.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import type { EventRow } from '../db/schema.js';
import { boxAround, distanceMeters } from '../../core/geo/distance.js';
import { RecipientDirectory } from '../notify/recipients.js';

/** 疑似重复: events of the same type within this distance and this many days either side. */
const SIMILAR_RADIUS_M = 300;
const SIMILAR_DAYS = 7;

/** The channel a user reports through when they do not say: grid staff patrol, citizens report. */
function defaultChannel(user: CurrentUser): Channel {
  if (user.role === 'grid_worker' || user.role === 'grid_head') return 'grid_patrol';
  if (user.role === 'citizen') return 'citizen';
  return 'cadre_survey';
}

export function filtersFrom(user: CurrentUser, query: Static<typeof ListQuery>, pii?: FieldCipher): EventFilters {
  const filters: EventFilters = {
    status: query.status,
    statusKind: query.statusKind,
    eventType: query.type,
    categoryCode: query.category,
    channel: query.channel,
    riskLevel: query.risk,
    highRisk: query.highRisk,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    q: query.q,
    assignedToPersonId: query.mine ? user.id : undefined,
    light: query.light,
    tier: query.tier,
    suspended: query.suspended,
  };
  // 按电话/身份证号查找: through the keyed hash; citizens search only their own reports anyway, so not at all
  if (query.reporterPhone !== undefined || query.reporterIdNumber !== undefined) {
    if (user.role === 'citizen') fail('FORBIDDEN', 'searching by a reporter’s phone or ID number is for staff');
    if (!pii) throw new Error('searching personal data needs the cipher');
    if (query.reporterPhone !== undefined)
      filters.reporterPhoneHashes = pii.searchHashes(normalisePhone(query.reporterPhone));
    if (query.reporterIdNumber !== undefined)
      filters.reporterIdNumberHashes = pii.searchHashes(normaliseIdNumber(query.reporterIdNumber));
  }
  if (query.jurisdiction) {
    const level = assertDivisionCode(query.jurisdiction);
    if (!canSeeJurisdiction(user, query.jurisdiction))
      fail('OUT_OF_SCOPE', `${query.jurisdiction} is outside your jurisdiction`);
    filters.jurisdiction = { column: placementColumn(level), code: query.jurisdiction };
  }
  return filters;
}

/**
 * The event as every answer shows it — the detail, the intake's and an action's answer alike: names
 * beside codes, the reporter masked (their own numbers in clear to the reporter), the tracking code
 * to the reporter. The caller shapes it for the viewer (shapeEventFor).
 */
async function presentWholeEvent(deps: AppDeps, event: EventRow, asReporter: boolean, knownCategoryName?: string) {
  const org = new OrganisationRepository(deps.db);
  const [categoryName, places] = await Promise.all([
    knownCategoryName ?? org.findCategory(event.category_code).then((c) => c?.name_zh ?? null),
    org.namesOf(
      [event.jurisdiction_code, event.town_code, event.village_code, event.grid_code].filter((c): c is string => !!c),
    ),
  ]);
  const nameOf = (code: string | null) => places.find((p) => p.code === code)?.name ?? null;
  const own = asReporter ? openReporterData(deps.pii!, event) : null;
  return {
    ...presentEvent(event, { categoryName, jurisdictionName: nameOf(event.jurisdiction_code), asReporter }),
    ...(own ? { reporterPhone: own.phone, reporterIdNumber: own.idNumber } : {}),
    townName: nameOf(event.town_code),
    villageName: nameOf(event.village_code),
    gridName: nameOf(event.grid_code),
    ...(asReporter ? { trackingToken: event.tracking_token } : {}),
  };
}

/** The codes a list filter may be refused with (filtersFrom). */
const FILTER_ERRORS = ['FORBIDDEN', 'OUT_OF_SCOPE', 'JURISDICTION_CODE_INVALID'] as const;

export async function eventRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/api/events',
    {
      schema: {
        body: IntakeBody,
        response: {
          201: IntakeAnswer,
          200: { ...IntakeAnswer, description: 'the report already made with this idempotency key' },
          ...errors(
            'CATEGORY_UNKNOWN',
            'COORDINATES_INVALID',
            'JURISDICTION_CODE_INVALID',
            'ATTACHMENT_NOT_FOUND',
            'ID_NUMBER_INVALID',
            'IDEMPOTENCY_KEY_INVALID',
            'IDEMPOTENCY_KEY_REUSED',
            'LOCATION_OUTSIDE_AREA',
            'JURISDICTION_NOT_FOUND',
            'DATABASE_BUSY',
          ),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const body = request.body;
      const headerKey = request.headers['idempotency-key'];
      const { event, created, assignments, categoryName } = await reportEvent(
        deps,
        {
          ...body,
          channel: user.role === 'citizen' ? 'citizen' : (body.channel ?? defaultChannel(user)),
          idempotencyKey: body.idempotencyKey ?? (typeof headerKey === 'string' ? headerKey : undefined),
        },
        user,
      );
      const events = new EventRepository(deps.db);
      const made = assignments ?? (await events.assignments(event.id));
      const view = eventViewOf(user, relationTo(user, eventFactsOf(event, made)));
      reply.status(created ? 201 : 200);
      // a citizen is told the report was taken, not who handles it; staff see the dispatch (phones if they may call them)
      return {
        event: shapeEventFor(view, await presentWholeEvent(deps, event, event.reporter_id === user.id, categoryName)),
        created,
        ...(view.audience === 'staff' ? { assignments: made.map((a) => presentAssignment(a, view)) } : {}),
      };
    },
  );

  app.get(
    '/api/events',
    { schema: { querystring: ListQuery, response: { 200: EventPage, ...errors(...FILTER_ERRORS) } } },
    async (request) => {
      const user = requireUser(request);
      const query = request.query;
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const events = new EventRepository(deps.db);
      const { total, items } = await events.list(
        eventScopeOf(user),
        user.id,
        filtersFrom(user, query, deps.pii),
        query.sort ?? 'reported_at',
        (query.order ?? 'desc') === 'desc',
        (page - 1) * pageSize,
        pageSize,
      );
      // a citizen's list holds only their own reports, each as the tracking page shows it
      const audience = user.role === 'citizen' ? 'public' : 'staff';
      return { items: items.map((e) => shapeEventFor({ audience }, presentEventSummary(e))), total, page, pageSize };
    },
  );

  app.get(
    '/api/events/geojson',
    { schema: { querystring: ListQuery, response: { 200: EventPoints, ...errors(...FILTER_ERRORS) } } },
    async (request) => {
      const user = requireUser(request);
      const query = request.query;
      const rows = await new EventRepository(deps.db).points(
        eventScopeOf(user),
        user.id,
        filtersFrom(user, query, deps.pii),
        query.limit ?? 20000,
      );
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          id: r.id,
          // points() returns located events only
          geometry: { type: 'Point' as const, coordinates: [r.lng!, r.lat!] },
          properties: {
            id: r.id,
            serialNo: r.serial_no,
            title: r.title,
            eventType: r.event_type,
            riskLevel: r.risk_level,
            status: r.status,
            statusKind: r.status_kind,
            reportedAt: r.reported_at.toISOString(),
          },
        })),
      };
    },
  );

  app.get(
    '/api/events/:id',
    {
      schema: {
        params: EventIdParams,
        response: { 200: EventDetail, ...errors('EVENT_NOT_FOUND', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { event, assignments, relation } = await findVisibleEvent(deps.db, user, id);
      const events = new EventRepository(deps.db);
      const [history, attachments, presented, clocks, extensions] = await Promise.all([
        events.history(id),
        events.attachmentsOf(id),
        presentWholeEvent(deps, event, relation.isReporter),
        new DeadlineRepository(deps.db).allClocks(id),
        new DeadlineRepository(deps.db).extensionRequests(id),
      ]);
      const actions: EventAction[] = availableActions(
        event.status as never,
        { kind: 'person', id: user.id, role: user.role },
        relation,
      );
      const view = eventViewOf(user, relation);
      const presentAttachment = (a: (typeof attachments)[number]) => ({
        id: a.id,
        mimeType: a.mime_type,
        sizeBytes: a.size_bytes,
        name: a.original_name,
        url: `/api/attachments/${a.id}`,
      });
      if (view.audience === 'public') {
        // a citizen on their own report: what the tracking page shows, their own photos, what they may still do (撤销)
        return {
          view: 'public' as const,
          event: shapeEventFor(view, presented),
          steps: publicSteps(history),
          attachments: attachments.filter((a) => a.uploaded_by === user.id).map(presentAttachment),
          availableActions: actions,
        };
      }
      // the reporter's name, the handlers' phones: a read of personal data, unless it is the reporter's own;
      // the reporter's phone and ID number are masked (clear only by POST …/reporter/unmask, audited), and
      // on an anonymous report the handling side sees no identity at all
      const hidden = event.reporter_anonymous && !relation.isReporter;
      const personal = [
        ...(event.reporter_name !== null && !relation.isReporter && !hidden ? ['reporterName'] : []),
        ...(view.contacts && assignments.some((a) => a.person_phone) ? ['assignments.person.phone'] : []),
      ];
      if (personal.length) await auditRead(request, { target: { type: 'events', id }, fields: personal });
      return {
        view: 'staff' as const,
        event: presented,
        assignments: assignments.map((a) => presentAssignment(a, view)),
        history: history.map((h) => ({
          id: h.id,
          action: h.action,
          fromStatus: h.from_status,
          toStatus: h.to_status,
          // an anonymous reporter's own entries name no one
          actor:
            h.actor_id && !(hidden && h.actor_id === event.reporter_id)
              ? { id: h.actor_id, name: h.actor_name, role: h.actor_role }
              : { id: null, name: null, role: h.actor_role },
          note: h.note,
          data: h.data,
          attachmentIds: h.attachment_ids,
          at: h.at.toISOString(),
        })),
        attachments: attachments.map(presentAttachment),
        deadlines: clocks.map(presentClock),
        extensionRequests: extensions.map((x) => ({
          id: x.id,
          requestedBy: { id: x.requested_by, name: x.requester_name },
          reason: x.reason,
          currentDueAt: x.current_due_at.toISOString(),
          requestedDueAt: x.requested_due_at.toISOString(),
          status: x.status,
          decidedBy: x.decided_by ? { id: x.decided_by, name: x.decider_name } : null,
          decidedAt: x.decided_at?.toISOString() ?? null,
          decisionNote: x.decision_note,
        })),
        availableActions: actions,
      };
    },
  );

  app.get(
    '/api/events/:id/similar',
    { schema: { params: EventIdParams, response: { 200: SimilarEvents, ...errors('EVENT_NOT_FOUND') } } },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { event } = await findVisibleEvent(deps.db, user, id);
      if (event.lng === null || event.lat === null) return { items: [], radiusMeters: SIMILAR_RADIUS_M };
      const day = 24 * 3600_000;
      const rows = await new EventRepository(deps.db).nearby(
        eventScopeOf(user),
        user.id,
        {
          id: event.id,
          eventType: event.event_type,
          box: boxAround(event.lng, event.lat, SIMILAR_RADIUS_M),
          from: new Date(event.reported_at.getTime() - SIMILAR_DAYS * day),
          to: new Date(event.reported_at.getTime() + SIMILAR_DAYS * day),
        },
        200,
      );
      const items = rows
        .map((r) => ({ ...r, distance: distanceMeters(event.lng!, event.lat!, r.lng!, r.lat!) }))
        .filter((r) => r.distance <= SIMILAR_RADIUS_M)
        .sort(
          (a, b) =>
            Number(b.category_code === event.category_code) - Number(a.category_code === event.category_code) ||
            a.distance - b.distance,
        )
        .slice(0, 20)
        .map((r) => ({
          id: r.id,
          serialNo: r.serial_no,
          title: r.title,
          categoryCode: r.category_code,
          categoryName: r.category_name,
          sameCategory: r.category_code === event.category_code,
          status: r.status,
          distanceMeters: Math.round(r.distance),
          reportedAt: r.reported_at.toISOString(),
        }));
      return { items, radiusMeters: SIMILAR_RADIUS_M, days: SIMILAR_DAYS };
    },
  );

  /** 一键拨号: who to call about this event — its holders, then the supervising centre's operators. */
  app.get(
    '/api/events/:id/contacts',
    {
      schema: {
        params: EventIdParams,
        response: { 200: EventContacts, ...errors('EVENT_NOT_FOUND', 'FORBIDDEN', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { event, assignments, relation } = await findVisibleEvent(deps.db, user, id);
      if (!mayReadContacts(user, relation)) fail('FORBIDDEN', 'contacts are for the event’s handlers and supervisors');
      const org = new OrganisationRepository(deps.db);
      const active = assignments.filter((a) => a.active);
      const holders = active
        .filter((a) => a.person_id)
        .map((a) => ({
          personId: a.person_id,
          name: a.person_name,
          role: a.person_role,
          phone: a.person_phone,
          as: a.assignment_role,
        }));
      const centreTargets = [
        ...new Set([...active.flatMap((a) => (a.centre_code ? [a.centre_code] : [])), event.supervisor_code]),
      ].map((centreCode) => ({ centreCode }));
      const departmentTargets = active.flatMap((a) => (a.department_id ? [{ departmentId: a.department_id }] : []));
      const directory = await RecipientDirectory.load(org, [...centreTargets, ...departmentTargets]);
      const operators = directory
        .contactsOf(centreTargets)
        .map((p) => ({ personId: p.id, name: p.name, role: p.role, phone: p.phone, as: 'centre' }));
      const staff = directory
        .contactsOf(departmentTargets)
        .map((p) => ({ personId: p.id, name: p.name, role: p.role, phone: p.phone, as: 'department' }));
      const seen = new Set<number>();
      const items = [...holders, ...staff, ...operators].filter(
        (c): c is typeof c & { personId: number } =>
          c.personId !== null && !seen.has(c.personId) && (seen.add(c.personId), true),
      );
      if (items.some((c) => c.phone))
        await auditRead(request, { target: { type: 'events', id }, fields: ['name', 'phone'], count: items.length });
      return { items: items.map((c) => ({ ...c, tel: c.phone ? `tel:${c.phone}` : null })) };
    },
  );

  /**
   * 查看完整信息: the reporter's clear name, phone and ID number, for the event's handlers (an active
   * assignment, not as mediator) and the supervising centres and leaders over it — on an anonymous
   * report only the county command centre. Each call is audited, refused ones too (a POST).
   */
  app.post(
    '/api/events/:id/reporter/unmask',
    {
      schema: {
        params: EventIdParams,
        response: {
          200: UnmaskedReporter,
          ...errors('EVENT_NOT_FOUND', 'FORBIDDEN', 'REPORTER_ANONYMOUS', 'AUDIT_UNAVAILABLE'),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { event, relation } = await findVisibleEvent(deps.db, user, id);
      const decision = unmaskDecision(user, relation, event.reporter_anonymous);
      if (decision !== 'allowed')
        fail(
          decision,
          decision === 'REPORTER_ANONYMOUS'
            ? 'the event was reported anonymously: only the county command centre may unmask the reporter'
            : 'only the event’s handlers and supervisors may unmask the reporter',
        );
      const clear = openReporterData(deps.pii!, event);
      const fields = [
        ...(event.reporter_name ? ['reporterName'] : []),
        ...(clear.phone ? ['reporterPhone'] : []),
        ...(clear.idNumber ? ['reporterIdNumber'] : []),
      ];
      await auditRead(request, { target: { type: 'events', id }, fields });
      reply.header('cache-control', 'no-store');
      return {
        reporterName: event.reporter_name,
        reporterPhone: clear.phone,
        reporterIdNumber: clear.idNumber,
        reporterAnonymous: event.reporter_anonymous,
      };
    },
  );

  app.get(
    '/api/events/:id/notifications',
    {
      schema: {
        params: EventIdParams,
        response: { 200: EventNotifications, ...errors('EVENT_NOT_FOUND', 'FORBIDDEN') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { relation } = await findVisibleEvent(deps.db, user, id);
      if (!relation.inScope) fail('FORBIDDEN', 'only the supervising centre sees an event’s notifications');
      const rows = await new OutboxRepository(deps.db).forEvent(id);
      return {
        items: rows.map((r) => ({
          id: r.id,
          recipient: { id: r.recipient_id, name: r.recipient_name },
          topic: r.topic,
          state: r.state,
          attempts: r.attempts,
          text: (r.payload as { text?: string })?.text ?? null,
          createdAt: r.created_at.toISOString(),
          sentAt: r.sent_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/events/:id/actions/:action',
    {
      schema: {
        params: ActionParams,
        body: ActionBody,
        response: {
          200: ActionAnswer,
          ...errors(
            'DUE_DATE_OUT_OF_RANGE',
            'ATTACHMENT_NOT_FOUND',
            'JURISDICTION_CODE_INVALID',
            'FORBIDDEN',
            'OUT_OF_SCOPE',
            'EVENT_NOT_ASSIGNED_TO_YOU',
            'EVENT_HELD_AT_HIGHER_TIER',
            'EVENT_NOT_FOUND',
            'PERSON_NOT_FOUND',
            'DEPARTMENT_NOT_FOUND',
            'JURISDICTION_NOT_FOUND',
            'EVENT_ILLEGAL_TRANSITION',
            'EVENT_VERSION_CONFLICT',
            'EVENT_MERGE_INVALID',
            'EVENT_ALREADY_TOP_TIER',
            'EVENT_ALREADY_SUSPENDED',
            'EVENT_NOT_SUSPENDED',
            'EXTENSION_PENDING',
            'NO_PENDING_EXTENSION',
            'DATABASE_BUSY',
          ),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id, action } = request.params;
      const body = request.body ?? {};
      const { event, historyId, relation } = await runEventAction(deps, user, id, action, body);
      return {
        event: shapeEventFor(eventViewOf(user, relation), await presentWholeEvent(deps, event, relation.isReporter)),
        historyId,
      };
    },
  );
}
