/**
 * Request validation: JSON bodies are checked strictly (a string where a number belongs is an
 * error, not silently converted); query strings and path parameters arrive as text and are
 * coerced to the schema's types, a single value to an array where a list is expected.
 */
import { Ajv, type Options } from 'ajv';
import type { Static, TSchema } from 'typebox';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import {
  clientDateRule,
  isClientDate,
  isClientDateTime,
  isClientMonth,
  type ClientDateKind,
} from '../../core/time/client-dates.js';
import { DomainError, type ErrorCode } from '../../core/errors.js';
import { CALENDAR_FORMATS, REFUSAL_CODE, TRIMMED_MIN } from './schema-primitives.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, ...options });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  // every date a client sends: one parser, one range (core/time/client-dates.ts)
  ajv.addFormat(CALENDAR_FORMATS.date, { type: 'string', validate: isClientDate });
  ajv.addFormat(CALENDAR_FORMATS.month, { type: 'string', validate: isClientMonth });
  ajv.addFormat(CALENDAR_FORMATS.dateTime, { type: 'string', validate: isClientDateTime });
  // text fields are measured without the spaces around them: "   " is blank, not three characters
  const trimmedMin = (limit: number, data: string): boolean => {
    if (data.trim().length >= limit) return true;
    trimmedMin.errors = [
      {
        keyword: TRIMMED_MIN,
        params: { limit },
        message: limit === 1 ? 'must not be blank' : `must have at least ${limit} characters besides spaces`,
      },
    ];
    return false;
  };
  trimmedMin.errors = null as unknown;
  ajv.addKeyword({
    keyword: TRIMMED_MIN,
    type: 'string',
    schemaType: 'number',
    errors: true,
    validate: trimmedMin as never,
  });
  return ajv;
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where in a value a string PostgreSQL cannot store lies — one holding NUL (U+0000, refused by
 * text and jsonb alike) or an unpaired surrogate (not Unicode: jsonb refuses its escape) — as an
 * instance path, or null.
 */
export function unstorableTextAt(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? at : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${at}/${key}`;
    const found = unstorableTextAt(item, `${at}/${key}`);
    if (found !== null) return found;
  }
  return null;
}

type Validate = ((data: unknown, dataContext?: unknown) => boolean | { error: Error }) & {
  errors?: FastifySchemaValidationError[] | null;
  schemaEnv?: unknown;
};
type Schema = Record<string, unknown>;

const CALENDAR_KIND: Record<string, ClientDateKind> = {
  [CALENDAR_FORMATS.date]: 'date',
  [CALENDAR_FORMATS.month]: 'month',
  [CALENDAR_FORMATS.dateTime]: 'date-time',
};

/** A calendar format's failure says what to send and the range ("must be a month YYYY-MM between …"), not "must match format". */
function explainCalendarFormats(errors: FastifySchemaValidationError[]): void {
  for (const e of errors) {
    const kind = e.keyword === 'format' ? CALENDAR_KIND[String((e.params as { format?: unknown }).format)] : undefined;
    if (kind) e.message = clientDateRule(kind);
  }
}

/**
 * The schemas along an error's schemaPath (`#/properties/period/anyOf/0/format`), outermost first,
 * each with how many levels into the data it sits (so its field can be cut from the instancePath).
 */
function schemasAlong(root: Schema, schemaPath: string): { schema: Schema; depth: number }[] {
  const out = [{ schema: root, depth: 0 }];
  let node: unknown = root;
  let depth = 0;
  let previous = '';
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[part];
    const arrayParent = previous === 'items' || previous === 'prefixItems';
    if (previous === 'properties' || previous === 'patternProperties' || (arrayParent && /^\d+$/.test(part)))
      depth += 1;
    else if (
      (part === 'items' || part === 'additionalProperties') &&
      node !== null &&
      typeof node === 'object' &&
      !Array.isArray(node)
    )
      depth += 1;
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) out.push({ schema: node as Schema, depth });
    previous = part;
  }
  return out;
}

const literalsOf = (schema: Schema): string[] | null => {
  const options = schema.anyOf;
  if (!Array.isArray(options) || !options.every((o) => o && typeof o === 'object' && 'const' in o)) return null;
  return options.map((o) => String((o as { const: unknown }).const));
};

/**
 * A failed literal union (an enumeration) is reported by Ajv once per literal ("must be equal to
 * constant" × n, then "must match a schema in anyOf"); a client developer needs one line naming
 * the allowed values. Rewrites the list in place to that one error per union.
 */
function explainLiteralUnions(root: Schema, errors: FastifySchemaValidationError[]): void {
  const unions = new Map<string, FastifySchemaValidationError>();
  const kept: FastifySchemaValidationError[] = [];
  for (const error of errors) {
    const along = schemasAlong(root, error.schemaPath);
    const union = [...along].reverse().find(({ schema }) => literalsOf(schema) !== null);
    if (!union || (error.keyword !== 'const' && error.keyword !== 'anyOf')) {
      kept.push(error);
      continue;
    }
    if (unions.has(error.instancePath)) continue;
    const values = literalsOf(union.schema)!;
    const merged: FastifySchemaValidationError = {
      instancePath: error.instancePath,
      schemaPath: error.schemaPath.replace(/\/anyOf(\/\d+\/const)?$/, ''),
      keyword: 'enum',
      params: { allowedValues: values },
      message: `must be one of ${values.join(', ')}`,
    };
    unions.set(error.instancePath, merged);
    kept.push(merged);
  }
  errors.splice(0, errors.length, ...kept);
}

/**
 * A refusal with the code a schema names (REFUSAL_CODE) for the failing value, or null. The
 * outermost coded schema on the failure's path decides: a union says what it takes as a whole,
 * while the first error Ajv reports under a union is only its first branch's. The message names
 * the field and what to send: the schema's description, else the first rule broken (a literal
 * union lists its values).
 */
function codedRefusal(
  root: Schema,
  errors: FastifySchemaValidationError[],
  httpPart: string | undefined,
): DomainError | null {
  for (const error of errors) {
    const found = schemasAlong(root, error.schemaPath).find(({ schema }) => typeof schema[REFUSAL_CODE] === 'string');
    if (!found) continue;
    const coded = found.schema;
    const field =
      error.instancePath
        .split('/')
        .slice(1, found.depth + 1)
        .join('.') ||
      httpPart ||
      'request';
    const literals = literalsOf(coded);
    const problem =
      typeof coded.description === 'string'
        ? `must be ${coded.description}`
        : literals
          ? `must be one of ${literals.join(', ')}`
          : (error.message ?? 'is not valid');
    return new DomainError(coded[REFUSAL_CODE] as ErrorCode, `${field} ${problem}`, [{ field, problem }]);
  }
  return null;
}

/**
 * The schema's check, then text the database can store (a 400 VALIDATION_FAILED, not a 500 from
 * the driver). A failure of a calendar format is explained; one under a coded schema answers its code.
 */
function checked(validate: Validate, schema: Schema, httpPart: string | undefined): Validate {
  const check: Validate = (data: unknown, dataContext?: unknown) => {
    if (!validate(data, dataContext)) {
      const errors = validate.errors ?? [];
      explainCalendarFormats(errors);
      explainLiteralUnions(schema, errors);
      const refusal = codedRefusal(schema, errors, httpPart);
      if (refusal) return { error: refusal };
      check.errors = errors;
      return false;
    }
    const at = unstorableTextAt(data);
    if (at === null) return true;
    check.errors = [
      {
        instancePath: at,
        schemaPath: '#',
        keyword: 'storableText',
        params: {},
        message: 'must not contain NUL or unpaired surrogate characters',
      },
    ];
    return false;
  };
  // Fastify hands Ajv's functions the request as the root's parent (so a root value may be coerced)
  check.schemaEnv = validate.schemaEnv;
  return check;
}

export function registerValidators(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    checked((httpPart === 'body' ? strict : coercing).compile(schema) as Validate, schema as Schema, httpPart),
  );
}

/**
 * A check of a value stored earlier as a request once was (an export job's filters): the same
 * schema, formats and rules as the request's, so what is read back is known, not assumed, to be
 * of the request's type.
 */
export function storedValueCheck<S extends TSchema>(schema: S): (value: unknown) => value is Static<S> {
  const validate = storedValues.compile(schema);
  return (value: unknown): value is Static<S> => validate(value) && unstorableTextAt(value) === null;
}

const storedValues = makeAjv({ coerceTypes: false, useDefaults: false });
