/**
 * Request validation: JSON bodies are checked strictly (a string where a number belongs is an
 * error, not silently converted); query strings and path parameters arrive as text and are
 * coerced to the schema's types, a single value to an array where a list is expected.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, ...options });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
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

type Validate = ((data: unknown, dataContext?: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null; schemaEnv?: unknown };

/** The schema's check, then text the database can store (a 400 VALIDATION_FAILED, not a 500 from the driver). */
function withStorableText(validate: Validate): Validate {
  const check: Validate = (data: unknown, dataContext?: unknown) => {
    if (!validate(data, dataContext)) {
      check.errors = validate.errors;
      return false;
    }
    const at = unstorableTextAt(data);
    if (at === null) return true;
    check.errors = [{ instancePath: at, schemaPath: '#', keyword: 'storableText', params: {}, message: 'must not contain NUL or unpaired surrogate characters' }];
    return false;
  };
  // Fastify hands Ajv's functions the request as the root's parent (so a root value may be coerced)
  check.schemaEnv = validate.schemaEnv;
  return check;
}

export function registerValidators(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => withStorableText((httpPart === 'body' ? strict : coercing).compile(schema) as Validate));
}
