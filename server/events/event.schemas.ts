/** Request schemas for the event routes (TypeBox → JSON Schema: validation and documentation). */
import { Type, type Static } from 'typebox';
import { ACTION_ATTACHMENTS_MAX, type EventActionBody } from '../../core/events/action-body.js';
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../core/events/event-catalog.js';
import { EVENT_ACTIONS, EVENT_STATUSES } from '../../core/events/event-workflow.js';
import { TIERS } from '../../core/deadlines/tiers.js';
import { CalendarDateTime, Text } from '../http/schema-primitives.js';

const literalUnion = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

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

const CsvOf = (values: readonly string[]) =>
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
