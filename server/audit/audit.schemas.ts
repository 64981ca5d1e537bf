/**
 * The contract of the audit trail route (audit.routes.ts, GET /api/audit): its filters and a page of
 * records, newest first. The web app imports the types, so this file imports only typebox, the schema
 * primitives and core.
 */
import { Type, type Static } from 'typebox';
import { CalendarDateTime, DivisionCode, Instant, Nullable } from '../http/schema-primitives.js';

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    /** Exact, or a prefix ending in `*` (`POST /api/events/:id/actions/*`). */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** An actor jurisdiction code (12 or 15 digits): its subtree. */
    jurisdiction: Type.Optional(DivisionCode),
    from: Type.Optional(CalendarDateTime),
    to: Type.Optional(CalendarDateTime),
    /** The previous page's `nextBefore`. */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

/** One record of the trail: who did what to what, how it ended, and its link in the hash chain. */
export const AuditRecord = Type.Object({
  id: Type.Integer(),
  at: Instant,
  /** null: anonymous or the system. */
  actor: Nullable(
    Type.Object({
      id: Nullable(Type.Integer()),
      name: Nullable(Type.String()),
      role: Nullable(Type.String()),
      jurisdictionCode: Nullable(Type.String()),
    }),
  ),
  /** Method and route, e.g. `POST /api/events/:id/actions/accept`, or `READ …` for a personal-data read. */
  action: Type.String(),
  target: Nullable(Type.Object({ type: Nullable(Type.String()), id: Nullable(Type.String()) })),
  clientAddress: Nullable(Type.String()),
  /** The answer's HTTP status. */
  status: Type.Integer(),
  errorCode: Nullable(Type.String()),
  /** What the action names as kept (route parameters, the fields read …), never personal data. */
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;

/** GET /api/audit: `nextBefore` asks for the next (older) page; null when this one is the last. */
export const AuditPage = Type.Object({ items: Type.Array(AuditRecord), nextBefore: Nullable(Type.Integer()) });
export type AuditPage = Static<typeof AuditPage>;
