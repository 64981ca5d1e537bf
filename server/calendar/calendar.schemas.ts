/**
 * The contract of the work calendar routes (calendar.routes.ts): the days of a span, the deadline
 * calculator, the county centre's overrides and their import. The web app imports the types, so this
 * file imports only typebox, the schema primitives, core — and the shared import report's schema,
 * which imports nothing more.
 */
import { Type, type Static } from 'typebox';
import { LIMIT_UNITS } from '../../core/deadlines/work-calendar.js';
import { CalendarDate, CalendarDateTime, Instant, Nullable, literalUnion } from '../http/schema-primitives.js';

export { ImportReport } from '../organisation/import/import.schemas.js';

/** The longest name and note an override keeps (arrangement-file.ts holds an imported file's rows to the same). */
export const MAX_NAME_LENGTH = 50;
export const MAX_NOTE_LENGTH = 500;

const OverrideKind = literalUnion(['workday', 'holiday']);
const Unit = literalUnion(LIMIT_UNITS);

// ---- requests ----

export const RangeQuery = Type.Object({ from: CalendarDate, to: CalendarDate }, { additionalProperties: false });
export type RangeQuery = Static<typeof RangeQuery>;

export const DateParams = Type.Object({ date: CalendarDate });

export const OverrideBody = Type.Object(
  {
    kind: OverrideKind,
    name: Type.Optional(Type.String({ maxLength: MAX_NAME_LENGTH })),
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
  },
  { additionalProperties: false },
);
export type OverrideBody = Static<typeof OverrideBody>;

export const DeadlineQuery = Type.Object(
  {
    start: Type.Optional(CalendarDateTime),
    amount: Type.Number({ minimum: 0, maximum: 10_000_000 }),
    unit: Unit,
  },
  { additionalProperties: false },
);
export type DeadlineQuery = Static<typeof DeadlineQuery>;

export const CalendarImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CalendarImportQuery = Static<typeof CalendarImportQuery>;

// ---- answers ----

/** One day of the work calendar, in China time. */
export const CalendarDay = Type.Object({
  /** YYYY-MM-DD */
  date: Type.String(),
  /** 1 = Monday … 7 = Sunday */
  weekday: Type.Integer(),
  /** workday / holiday from the package or an override; otherwise workday (Mon–Fri) or weekend */
  kind: literalUnion(['workday', 'holiday', 'weekend']),
  working: Type.Boolean(),
  name: Nullable(Type.String()),
  source: literalUnion(['package', 'override', 'weekday']),
});
export type CalendarDay = Static<typeof CalendarDay>;

/** GET /api/calendar: every day from `from` to `to`, and which years only weekends rest in. */
export const CalendarSpan = Type.Object({
  from: Type.String(),
  to: Type.String(),
  /** The years the holiday package knows. */
  packageYears: Type.Object({ first: Type.Integer(), last: Type.Integer() }),
  /** Years of the span the package does not know and no override touches. */
  uncoveredYears: Type.Array(Type.Integer()),
  days: Type.Array(CalendarDay),
});
export type CalendarSpan = Static<typeof CalendarSpan>;

/** GET /api/calendar/deadline: when a limit from `start` ends. */
export const DeadlineAnswer = Type.Object({
  start: Instant,
  amount: Type.Number(),
  unit: Unit,
  deadline: Instant,
  /** The deadline's day in China time, YYYY-MM-DD. */
  deadlineCstDate: Type.String(),
  workingDays: Type.Integer(),
});
export type DeadlineAnswer = Static<typeof DeadlineAnswer>;

/** A day the county centre set as a workday or a holiday. */
export const CalendarOverride = Type.Object({
  date: Type.String(),
  kind: OverrideKind,
  name: Nullable(Type.String()),
  note: Nullable(Type.String()),
  updatedBy: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  updatedAt: Instant,
});
export type CalendarOverride = Static<typeof CalendarOverride>;

/** GET /api/calendar/overrides */
export const OverrideList = Type.Object({ items: Type.Array(CalendarOverride) });
export type OverrideList = Static<typeof OverrideList>;

/** PUT /api/calendar/overrides/:date (201 when the day had no override) */
export const OverrideAnswer = Type.Object({ override: CalendarOverride });
export type OverrideAnswer = Static<typeof OverrideAnswer>;

/** DELETE /api/calendar/overrides/:date: the override as it was. */
export const OverrideDeleted = Type.Object({ deleted: CalendarOverride });
export type OverrideDeleted = Static<typeof OverrideDeleted>;
