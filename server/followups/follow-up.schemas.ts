/**
 * Request and answer schemas of the follow-up routes (回访与满意度, follow-up.routes.ts): the work
 * list of visits, an event's visits with its satisfaction summary, recording and skipping a visit,
 * and the citizen's rating by tracking token. The web app imports the types, so this file imports
 * only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import {
  FOLLOW_UP_METHODS,
  FOLLOW_UP_STATUSES,
  SATISFACTION_LEVELS,
  VISIT_METHODS,
} from '../../core/followups/follow-up-policy.js';
import { Instant, Nullable, RowId, Text, literalUnion } from '../http/schema-primitives.js';

// ---- requests ----

export const FollowUpIdParams = Type.Object({ id: RowId });
export const EventIdParams = Type.Object({ id: RowId });
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}$' }) });

export const FollowUpListQuery = Type.Object(
  {
    status: Type.Optional(literalUnion([...FOLLOW_UP_STATUSES, 'all'])),
    due: Type.Optional(literalUnion(['today', 'overdue', 'all'])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

/** A visit's outcome: by phone, visit or sms (online is the citizen's own rating). */
export const RecordBody = Type.Object(
  {
    method: literalUnion(VISIT_METHODS),
    satisfaction: literalUnion(SATISFACTION_LEVELS),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const SkipBody = Type.Object(
  {
    note: Text(2000, 1),
    status: Type.Optional(literalUnion(['missed', 'cancelled'])),
  },
  { additionalProperties: false },
);

export const RatingBody = Type.Object(
  {
    satisfaction: literalUnion(SATISFACTION_LEVELS),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

// ---- answers ----

const Satisfaction = literalUnion(SATISFACTION_LEVELS);

/** One follow-up: a planned visit (its round and sequence after a closing) or a citizen's rating. */
export const FollowUpAnswer = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  kind: literalUnion(['visit', 'citizen_rating']),
  /** Which closing of the event it follows (1 the first), and its place among that closing's visits. */
  round: Nullable(Type.Integer()),
  seq: Nullable(Type.Integer()),
  dueAt: Nullable(Instant),
  /** The due day in China time, 'YYYY-MM-DD'. */
  dueDate: Nullable(Type.String()),
  overdue: Type.Boolean(),
  status: literalUnion(FOLLOW_UP_STATUSES),
  statusName: Type.String(),
  method: Nullable(literalUnion(FOLLOW_UP_METHODS)),
  methodName: Nullable(Type.String()),
  satisfaction: Nullable(Satisfaction),
  satisfactionName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  visitor: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()), role: Nullable(Type.String()) })),
  doneAt: Nullable(Instant),
  createdAt: Instant,
});
export type FollowUpAnswer = Static<typeof FollowUpAnswer>;

/** GET /api/follow-ups: the visits due in the caller's jurisdiction, each with its event and whom to call. */
export const FollowUpWorkList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...FollowUpAnswer.properties,
      event: Type.Object({
        id: Type.Integer(),
        serialNo: Type.String(),
        title: Type.String(),
        status: Type.String(),
        statusName: Type.String(),
        jurisdictionCode: Type.String(),
        townCode: Nullable(Type.String()),
        villageCode: Nullable(Type.String()),
        gridCode: Nullable(Type.String()),
        address: Nullable(Type.String()),
        /** The reporter to call; null on an anonymous report. */
        reporterName: Nullable(Type.String()),
        /** Masked (138****5678). */
        reporterPhone: Nullable(Type.String()),
        closedAt: Nullable(Instant),
      }),
      /** The caller may record this visit now. */
      canRecord: Type.Boolean(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type FollowUpWorkList = Static<typeof FollowUpWorkList>;

/** An event's follow-ups summed up, as the dashboards count them (event_satisfaction). */
export const SatisfactionSummary = Type.Object({
  followedUp: Type.Boolean(),
  visitsPlanned: Type.Integer(),
  visitsDone: Type.Integer(),
  visitsMissed: Type.Integer(),
  followUpsDone: Type.Integer(),
  /** The satisfaction that counts: the latest visit's, or the citizen's own rating. */
  satisfaction: Nullable(Satisfaction),
  satisfactionName: Nullable(Type.String()),
  satisfactionSource: Nullable(literalUnion(['visit', 'citizen'])),
  satisfactionAt: Nullable(Instant),
  citizenSatisfaction: Nullable(Satisfaction),
  dissatisfiedCount: Type.Integer(),
  firstFollowedUpAt: Nullable(Instant),
  lastFollowedUpAt: Nullable(Instant),
});
export type SatisfactionSummary = Static<typeof SatisfactionSummary>;

/** GET /api/events/:id/follow-ups. */
export const EventFollowUps = Type.Object({
  event: Type.Object({
    id: Type.Integer(),
    serialNo: Type.String(),
    status: Type.String(),
    statusName: Type.String(),
    closedAt: Nullable(Instant),
  }),
  items: Type.Array(Type.Object({ ...FollowUpAnswer.properties, canRecord: Type.Boolean() })),
  summary: SatisfactionSummary,
});
export type EventFollowUps = Static<typeof EventFollowUps>;

/** POST /api/follow-ups/:id/record: the visit recorded; a 不满意 on a closed event reopens it (`reopened`, its history entry). */
export const FollowUpRecorded = Type.Object({
  followUp: FollowUpAnswer,
  event: Type.Object({
    id: Type.Integer(),
    serialNo: Type.String(),
    status: Type.String(),
    statusName: Type.String(),
    version: Type.Integer(),
  }),
  reopened: Type.Boolean(),
  historyId: Nullable(Type.Integer()),
  summary: SatisfactionSummary,
});
export type FollowUpRecorded = Static<typeof FollowUpRecorded>;

/** POST /api/follow-ups/:id/skip. */
export const FollowUpSkipped = Type.Object({ followUp: FollowUpAnswer });
export type FollowUpSkipped = Static<typeof FollowUpSkipped>;

const CitizenRating = Type.Object({
  satisfaction: Nullable(Satisfaction),
  satisfactionName: Nullable(Type.String()),
  ratedAt: Nullable(Instant),
});

/** GET /api/public/events/:token/rating: whether the citizen may rate their report, and their rating if given. */
export const RatingState = Type.Object({
  serialNo: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  canRate: Type.Boolean(),
  /** Why not: not_resolved or already_rated; null when the citizen may rate. */
  reason: Nullable(literalUnion(['not_resolved', 'already_rated'])),
  rating: Nullable(CitizenRating),
  options: Type.Array(Type.Object({ value: Satisfaction, name: Type.String() })),
});
export type RatingState = Static<typeof RatingState>;

/** POST /api/public/events/:token/rating (201): the rating kept; a 不满意 reopens the event. */
export const RatingGiven = Type.Object({ rating: CitizenRating, reopened: Type.Boolean() });
export type RatingGiven = Static<typeof RatingGiven>;
