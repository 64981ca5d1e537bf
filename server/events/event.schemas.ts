/**
 * The event routes' contract (TypeBox → JSON Schema): what each route takes (validation) and what it
 * answers (serialisation, the OpenAPI document, and the types the web app imports). Only typebox, the
 * schema primitives and core are imported here, so `import type` from the web app costs nothing.
 */
import { Type, type Static, type TProperties } from 'typebox';
import { ACTION_ATTACHMENTS_MAX, type EventActionBody } from '../../core/events/action-body.js';
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../core/events/event-catalog.js';
import { EVENT_ACTIONS, EVENT_STATUSES, type EventAction } from '../../core/events/event-workflow.js';
import { PUBLIC_EVENT_FIELDS } from '../../core/events/event-view.js';
import { TIERS } from '../../core/deadlines/tiers.js';
import { CalendarDateTime, Either, Instant, Nullable, Text, literalUnion } from '../http/schema-primitives.js';

const Location = Type.Object(
  {
    lng: Type.Number(),
    lat: Type.Number(),
    crs: Type.Optional(literalUnion(['wgs84', 'gcj02'])),
  },
  { additionalProperties: false },
);

export const IntakeBody = Type.Object(
  {
    channel: Type.Optional(literalUnion(CHANNELS)),
    categoryCode: Text(64, 1),
    riskLevel: Type.Optional(literalUnion(RISK_LEVELS)),
    highRisk: Type.Optional(Type.Boolean()),
    title: Type.Optional(Text(100)),
    description: Text(5000, 1),
    location: Type.Optional(Location),
    jurisdictionCode: Type.Optional(Text(15, 12)),
    address: Type.Optional(Text(200)),
    reporterName: Type.Optional(Text(50)),
    reporterPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    /** 公民身份号码: checked against GB 11643 by the intake (ID_NUMBER_INVALID), stored encrypted. */
    reporterIdNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    /** 匿名反映: the handlers see no name, phone or ID number. */
    anonymous: Type.Optional(Type.Boolean()),
    attachmentIds: Type.Optional(Type.Array(Text(64, 1), { maxItems: 9 })),
    reportedAt: Type.Optional(CalendarDateTime),
    idempotencyKey: Type.Optional(Text(128, 1)),
  },
  { additionalProperties: false },
);

export const PublicIntakeBody = Type.Object(
  {
    categoryCode: Text(64, 1),
    description: Text(2000, 5),
    location: Type.Optional(Location),
    jurisdictionCode: Type.Optional(Text(15, 12)),
    address: Type.Optional(Text(200)),
    reporterName: Type.Optional(Text(50)),
    reporterPhone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    reporterIdNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    anonymous: Type.Optional(Type.Boolean()),
    attachmentIds: Type.Optional(Type.Array(Text(64, 1), { maxItems: 9 })),
    idempotencyKey: Type.Optional(Text(128, 1)),
  },
  { additionalProperties: false },
);

const CsvOf = <const T extends readonly string[]>(values: T) =>
  Type.Optional(Type.Array(literalUnion(values), { maxItems: values.length }));

export const ListQuery = Type.Object(
  {
    jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    status: CsvOf(EVENT_STATUSES),
    statusKind: CsvOf(['open', 'resolved', 'closed']),
    type: CsvOf(EVENT_TYPES),
    category: Type.Optional(Text(64, 1)),
    channel: CsvOf(CHANNELS),
    risk: CsvOf(RISK_LEVELS),
    highRisk: Type.Optional(Type.Boolean()),
    from: Type.Optional(CalendarDateTime),
    to: Type.Optional(CalendarDateTime),
    q: Type.Optional(Text(100, 1)),
    mine: Type.Optional(Type.Boolean()),
    light: CsvOf(['green', 'yellow', 'red']),
    tier: CsvOf(TIERS),
    suspended: Type.Optional(Type.Boolean()),
    /** Events reported with this phone / ID number: matched through the keyed search hash, never in clear (staff only). */
    reporterPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    reporterIdNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    sort: Type.Optional(literalUnion(['reported_at', 'updated_at', 'risk_level', 'serial_no'])),
    order: Type.Optional(literalUnion(['asc', 'desc'])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const EventIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const ActionParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  action: literalUnion(EVENT_ACTIONS),
});

export const ActionBody = Type.Object(
  {
    note: Type.Optional(Text(2000)),
    attachmentIds: Type.Optional(Type.Array(Text(64, 1), { maxItems: ACTION_ATTACHMENTS_MAX })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    targetEventId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    jurisdictionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    personIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 20 })),
    departmentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 10 })),
    dueAt: Type.Optional(CalendarDateTime),
    participants: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
  },
  { additionalProperties: false },
);

/** Fails to compile when the schema and the shared body type (core, also the web app's) drift apart. */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
const actionBodyMatchesCore: Same<Static<typeof ActionBody>, EventActionBody> = true;
void actionBodyMatchesCore;

// ---- answers ----
//
// Values read from the database (a status, a channel, a tier …) are plain strings: states are data
// (event_statuses), and an answer must not fail — or, in a union, fall to another branch — because
// a row holds a value this code does not list. Only what the code itself decides is a literal.

/** The listed properties of an object schema's properties (those it has). */
function pickProperties<P extends TProperties, K extends string>(properties: P, keys: readonly K[]) {
  return Object.fromEntries(keys.filter((k) => k in properties).map((k) => [k, properties[k]])) as unknown as Pick<
    P,
    Extract<K, keyof P>
  >;
}

const Id = Type.Integer();
const NullableText = Nullable(Type.String());

export const EventLocation = Type.Object({ lng: Type.Number(), lat: Type.Number() });

/** An event in a list (presentEventSummary): codes with their Chinese names. */
const EVENT_SUMMARY = {
  id: Id,
  serialNo: Type.String(),
  title: Type.String(),
  channel: Type.String(),
  channelName: Type.String(),
  eventType: Type.String(),
  eventTypeName: Type.String(),
  categoryCode: Type.String(),
  categoryName: NullableText,
  riskLevel: Type.String(),
  riskLevelName: Type.String(),
  highRisk: Type.Boolean(),
  status: Type.String(),
  statusName: Type.String(),
  statusKind: Type.String(),
  jurisdictionCode: Type.String(),
  jurisdictionName: NullableText,
  address: NullableText,
  location: Nullable(EventLocation),
  reportedAt: Instant,
  updatedAt: Instant,
  version: Type.Integer(),
  tier: NullableText,
  tierName: NullableText,
  light: NullableText,
  suspended: Type.Boolean(),
};
export const EventSummary = Type.Object(EVENT_SUMMARY);
export type EventSummary = Static<typeof EventSummary>;

/** The whole event as staff see it (presentEvent + the place names): the detail, the intake's and an action's answer. */
const EVENT_FULL = {
  ...EVENT_SUMMARY,
  description: Type.String(),
  countyCode: NullableText,
  townCode: NullableText,
  villageCode: NullableText,
  gridCode: NullableText,
  dispatchReason: NullableText,
  dispatchReasonName: NullableText,
  /** Masked (张*, 138****5678, 110101********1234) but to the reporter; none on an anonymous report. */
  reporterName: NullableText,
  reporterPhone: NullableText,
  reporterIdNumber: NullableText,
  reporterAnonymous: Type.Boolean(),
  mergedIntoId: Nullable(Id),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  createdAt: Instant,
  acceptedAt: Nullable(Instant),
  resolvedTier: NullableText,
  suspendedAt: Nullable(Instant),
  supervisedAt: Nullable(Instant),
  counts: Type.Object({
    urge: Type.Integer(),
    escalation: Type.Integer(),
    extension: Type.Integer(),
    return: Type.Integer(),
    rework: Type.Integer(),
  }),
  townName: NullableText,
  villageName: NullableText,
  gridName: NullableText,
  /** To the reporter only: the tracking page's code. */
  trackingToken: Type.Optional(Type.String()),
};
export const EventFull = Type.Object(EVENT_FULL);
export type EventFull = Static<typeof EventFull>;

/** A citizen's own report as they are sent it (PUBLIC_EVENT_FIELDS, core/events/event-view.ts). */
export const PublicEvent = Type.Object(pickProperties(EVENT_FULL, PUBLIC_EVENT_FIELDS));
export type PublicEvent = Static<typeof PublicEvent>;
/** A citizen's own report in their list. */
export const PublicEventSummary = Type.Object(pickProperties(EVENT_SUMMARY, PUBLIC_EVENT_FIELDS));
export type PublicEventSummary = Static<typeof PublicEventSummary>;

/** A staff shape of an event: it has `highRisk`, which is not among PUBLIC_EVENT_FIELDS (checked below). */
const STAFF_ONLY = { type: 'object', required: ['highRisk'] };
// the test above holds only while highRisk stays out of what the public is sent
const _highRiskIsStaffOnly: 'highRisk' extends (typeof PUBLIC_EVENT_FIELDS)[number] ? never : true = true;
void _highRiskIsStaffOnly;
/** A staff detail: `view` is 'staff'. */
const STAFF_VIEW = { type: 'object', properties: { view: { const: 'staff' } }, required: ['view'] };

/**
 * The event as its viewer is sent it: the staff shape when it has a staff-only field, else the
 * public one — told apart by that one test (Either), not by trying the public branch, which a staff
 * event would also match (its fields are a subset), dropping what the staff need.
 */
export const ShapedEvent = Either(STAFF_ONLY, EventFull, PublicEvent);
export const ShapedEventSummary = Either(STAFF_ONLY, EventSummary, PublicEventSummary);

/** An assignment (presentAssignment): the person's phone only for those who may call them. */
export const EventAssignment = Type.Object({
  id: Id,
  person: Nullable(Type.Object({ id: Id, name: NullableText, role: NullableText, phone: Type.Optional(NullableText) })),
  department: Nullable(Type.Object({ id: Id, name: NullableText })),
  centre: Nullable(Type.Object({ code: Type.String(), name: NullableText })),
  assignmentRole: Type.String(),
  duty: NullableText,
  /** The tier the assignment serves: below the event's tier it only assists (core/events/holding.ts). */
  tier: Type.String(),
  active: Type.Boolean(),
  assignedAt: Instant,
  endedAt: Nullable(Instant),
});
export type EventAssignment = Static<typeof EventAssignment>;

/** 办理进度: one change of state as a citizen sees it (publicSteps). */
export const PublicStep = Type.Object({ status: Type.String(), statusName: Type.String(), at: Instant });
export type PublicStep = Static<typeof PublicStep>;

export const HistoryEntry = Type.Object({
  id: Id,
  action: Type.String(),
  fromStatus: NullableText,
  toStatus: Type.String(),
  /** An anonymous reporter's own entries name no one. */
  actor: Type.Object({ id: Nullable(Id), name: NullableText, role: Type.String() }),
  note: NullableText,
  /** What the action recorded besides the note (its own shape per action). */
  data: Type.Unknown(),
  attachmentIds: Type.Array(Type.String()),
  at: Instant,
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const EventAttachment = Type.Object({
  id: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  name: NullableText,
  url: Type.String(),
});
export type EventAttachment = Static<typeof EventAttachment>;

/** A deadline clock (presentClock). */
export const DeadlineClock = Type.Object({
  id: Id,
  step: Type.String(),
  tier: Type.String(),
  startedAt: Instant,
  warnAt: Instant,
  dueAt: Instant,
  limit: Nullable(Type.Object({ amount: Type.Number(), unit: NullableText })),
  light: Type.String(),
  paused: Type.Boolean(),
  completedAt: Nullable(Instant),
  outcome: NullableText,
  /** Counted by a built-in default because its stored setting could not be (ClockFallback, core/deadlines/clocks.ts), or null. */
  fallback: Type.Unknown(),
});
export type DeadlineClock = Static<typeof DeadlineClock>;

export const ExtensionRequest = Type.Object({
  id: Id,
  requestedBy: Type.Object({ id: Id, name: NullableText }),
  reason: Type.String(),
  currentDueAt: Instant,
  requestedDueAt: Instant,
  status: Type.String(),
  decidedBy: Nullable(Type.Object({ id: Id, name: NullableText })),
  decidedAt: Nullable(Instant),
  decisionNote: NullableText,
});
export type ExtensionRequest = Static<typeof ExtensionRequest>;

/** An answer's action names as an enum: written as strings, not tried against a union of 24 literals. */
const AvailableActions = Type.Array(Type.Unsafe<EventAction>({ type: 'string', enum: [...EVENT_ACTIONS] }), {
  description: 'exactly the actions this user may take now',
});

/** POST /api/events (201 reported, 200 the same report again by its idempotency key). */
export const IntakeAnswer = Type.Union([
  Type.Object({ event: EventFull, created: Type.Boolean(), assignments: Type.Array(EventAssignment) }),
  // a citizen is told the report was taken, not who handles it
  Type.Object({ event: PublicEvent, created: Type.Boolean() }),
]);
export type IntakeAnswer = Static<typeof IntakeAnswer>;

/** GET /api/events */
export const EventPage = Type.Object({
  items: Type.Array(ShapedEventSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type EventPage = Static<typeof EventPage>;

/** GET /api/events/geojson: the map's points. */
export const EventPoints = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Id,
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }),
      properties: Type.Object({
        id: Id,
        serialNo: Type.String(),
        title: Type.String(),
        eventType: Type.String(),
        riskLevel: Type.String(),
        status: Type.String(),
        statusKind: Type.String(),
        reportedAt: Instant,
      }),
    }),
  ),
});
export type EventPoints = Static<typeof EventPoints>;

/** GET /api/events/:id as staff see it. */
export const StaffEventDetail = Type.Object({
  view: Type.Literal('staff'),
  event: EventFull,
  assignments: Type.Array(EventAssignment),
  history: Type.Array(HistoryEntry),
  attachments: Type.Array(EventAttachment),
  deadlines: Type.Array(DeadlineClock),
  extensionRequests: Type.Array(ExtensionRequest),
  availableActions: AvailableActions,
});
export type StaffEventDetail = Static<typeof StaffEventDetail>;

/** GET /api/events/:id for a citizen on their own report: the tracking page's fields, their own photos. */
export const PublicEventDetail = Type.Object({
  view: Type.Literal('public'),
  event: PublicEvent,
  steps: Type.Array(PublicStep),
  attachments: Type.Array(EventAttachment),
  availableActions: AvailableActions,
});
export type PublicEventDetail = Static<typeof PublicEventDetail>;

export const EventDetail = Either(STAFF_VIEW, StaffEventDetail, PublicEventDetail);
export type EventDetail = Static<typeof EventDetail>;

/** GET /api/events/:id/similar: 疑似重复, nearest first (same category before others). */
export const SimilarEvents = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      serialNo: Type.String(),
      title: Type.String(),
      categoryCode: Type.String(),
      categoryName: NullableText,
      sameCategory: Type.Boolean(),
      status: Type.String(),
      distanceMeters: Type.Integer(),
      reportedAt: Instant,
    }),
  ),
  radiusMeters: Type.Integer(),
  /** Days either side of the report searched (absent when the event has no location). */
  days: Type.Optional(Type.Integer()),
});
export type SimilarEvents = Static<typeof SimilarEvents>;

/** GET /api/events/:id/contacts: 一键拨号. */
export const EventContact = Type.Object({
  personId: Id,
  name: NullableText,
  role: NullableText,
  phone: NullableText,
  /** How they stand to the event: an assignment role, `department` or `centre`. */
  as: Type.String(),
  tel: NullableText,
});
export type EventContact = Static<typeof EventContact>;
export const EventContacts = Type.Object({ items: Type.Array(EventContact) });
export type EventContacts = Static<typeof EventContacts>;

/** POST /api/events/:id/reporter/unmask: the reporter in clear (audited). */
export const UnmaskedReporter = Type.Object({
  reporterName: NullableText,
  reporterPhone: NullableText,
  reporterIdNumber: NullableText,
  reporterAnonymous: Type.Boolean(),
});
export type UnmaskedReporter = Static<typeof UnmaskedReporter>;

/** GET /api/events/:id/notifications: what the outbox sent about the event. */
export const EventNotifications = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      recipient: Type.Object({ id: Nullable(Id), name: NullableText }),
      topic: Type.String(),
      state: Type.String(),
      attempts: Type.Integer(),
      text: NullableText,
      createdAt: Instant,
      sentAt: Nullable(Instant),
    }),
  ),
});
export type EventNotifications = Static<typeof EventNotifications>;

/** POST /api/events/:id/actions/:action: the event after the action, as its viewer sees it. */
export const ActionAnswer = Type.Object({ event: ShapedEvent, historyId: Id });
export type ActionAnswer = Static<typeof ActionAnswer>;

// ---- 随手拍: the public routes ----

export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}$' }) });

/** POST /api/public/events (201 reported, 200 the same report again by its idempotency key). */
export const PublicReportAnswer = Type.Object({
  serialNo: Type.String(),
  /** The unguessable code that shows the report's progress (the tracking page's credential). */
  trackingToken: Type.String(),
  trackingUrl: Type.String(),
  created: Type.Boolean(),
});
export type PublicReportAnswer = Static<typeof PublicReportAnswer>;

/** GET /api/public/events/:token: a report's progress, never the handlers' names or notes. */
export const PublicTracking = Type.Object({
  serialNo: Type.String(),
  title: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  statusKind: Type.String(),
  reportedAt: Instant,
  updatedAt: Instant,
  steps: Type.Array(PublicStep),
});
export type PublicTracking = Static<typeof PublicTracking>;
