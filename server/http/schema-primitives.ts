/**
 * The building blocks every route's request and response schemas are made of, in one place: division codes, ids,
 * text, enumerations, and the calendar types. Dates go through the formats registered by the
 * validator (server/http/validator.ts) from core/time/client-dates.ts, so every date, month and
 * date-time a client sends is checked by one parser against one range.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion, type TUnsafe } from 'typebox';
import type { ErrorCode } from '../../core/errors.js';

/**
 * One of these literal values. The union is built from an array, whose static type TypeBox would
 * read as `never`; it is declared as the one literal of the values' union instead (the same schema).
 */
export const literalUnion = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<[TLiteral<T[number]>]>;

/** A 12-digit division code (county, town, village) or a 15-digit grid code. */
export const DivisionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' });

/** A row id of a table with an integer key. */
export const RowId = Type.Integer({ minimum: 1, maximum: 2147483647 });

/**
 * Text of at most `max` characters and, when `min` is given, at least `min` characters besides the
 * spaces around it (`minTrimmedLength`, registered by the validator): a description of only spaces
 * is no description.
 */
export const Text = (max: number, min = 0) =>
  Type.String({ maxLength: max, ...(min > 0 ? { minLength: min, [TRIMMED_MIN]: min } : {}) });

/** The keyword for "at least this many characters once trimmed" (server/http/validator.ts). */
export const TRIMMED_MIN = 'minTrimmedLength';

/** The format names the validator knows (core/time/client-dates.ts). */
export const CALENDAR_FORMATS = {
  date: 'calendar-date',
  month: 'calendar-month',
  dateTime: 'calendar-date-time',
} as const;

/** A calendar date 'YYYY-MM-DD' between 2000-01-01 and 2099-12-31. */
export const CalendarDate = Type.String({ format: CALENDAR_FORMATS.date });
/** A month 'YYYY-MM' between 2000-01 and 2099-12. */
export const CalendarMonth = Type.String({ format: CALENDAR_FORMATS.month });
/** An RFC 3339 date-time with its zone, within 2000–2099 China time. */
export const CalendarDateTime = Type.String({ format: CALENDAR_FORMATS.dateTime });

/**
 * The keyword a schema names its refusal's error code with. The validator answers a value that
 * fails such a schema (or anything inside it) with that code instead of VALIDATION_FAILED — for
 * fields whose clients have long relied on a code of their own, such as a reporting period's
 * PERIOD_INVALID. The check itself is still the schema's: one parser, whatever the code.
 */
export const REFUSAL_CODE = 'x-error-code';

/** The same schema, refused with `code` (see REFUSAL_CODE); `description` says what to send when a refusal should not quote the first broken rule. */
export function refusedAs<S extends TSchema>(code: ErrorCode, schema: S, description?: string): S {
  return { ...schema, [REFUSAL_CODE]: code, ...(description === undefined ? {} : { description }) };
}

// ---- answers (response schemas) ----

/** `{ ok: true }`: the answer of an action whose result is only that it was done. */
export const OkAnswer = Type.Object({ ok: Type.Literal(true) });

/** A value or null: JSON null must be declared, or the serialiser writes the type's empty value. */
export function Nullable<S extends TSchema>(schema: S): TUnsafe<Static<S> | null> {
  const type = (schema as { type?: unknown }).type;
  // `type: [t, 'null']` where the schema has one type: the serialiser writes it without trying each
  // branch of a union (a union is validated branch by branch for every value it writes)
  if (typeof type === 'string') return Type.Unsafe<Static<S> | null>({ ...schema, type: [type, 'null'] });
  return Type.Unsafe<Static<S> | null>(Type.Union([schema, Type.Null()]));
}

/** An instant as an ISO 8601 string (Date objects are written with toISOString). */
export const Instant = Type.String({ format: 'date-time' });

/**
 * A file answer (a download, a page, a stream): the media types it is sent as. Fastify sends such
 * payloads (Buffer, stream, text) as they are; the schema documents them in the OpenAPI document.
 */
export function FileAnswer(mediaTypes: readonly string[], description: string) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: Type.String({ format: 'binary' }) }])),
  };
}

/**
 * One of two shapes, told apart by a cheap test (`if`, e.g. "has the staff-only field") instead of
 * a union: the serialiser would validate a union's value against each branch in turn, the whole
 * shape every time it writes one (every item of a list).
 */
export function Either<A extends TSchema, B extends TSchema>(
  test: object,
  when: A,
  otherwise: B,
): TUnsafe<Static<A> | Static<B>> {
  return Type.Unsafe<Static<A> | Static<B>>({ if: test, then: when, else: otherwise });
}
