/**
 * 接口契约: the HTTP contract as one typed thing. Every route is declared on an `App` (Fastify with
 * the TypeBox type provider), so its handler's request is typed by its request schemas and its
 * answer checked against its response schemas; Fastify serialises each answer with the schema of its
 * status (fast-json-stringify: quicker than JSON.stringify, and a field the schema does not list is
 * never sent). The OpenAPI document (/api/openapi.json, server/api-docs/openapi.ts) is generated from the
 * same schemas.
 *
 * A route names the error codes it may answer with `errors(...)`: each code's kind (core/errors.ts)
 * picks its status, so the document lists, per status, the codes a client must handle. The codes every
 * route shares (a request that fails its schema, no session, a server fault) are added to every route
 * by `registerContract` so no route has to repeat them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault, RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import fastJsonStringify from 'fast-json-stringify';
import { Type, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from '../../core/errors.js';
import { STATUS_BY_KIND } from './error-handler.js';

/** The app every area's routes are declared on: request and reply typed by the route's schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse<IncomingMessage>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The extension keyword an error answer's schema lists its codes with (read by the OpenAPI test). */
export const ERROR_CODES_KEYWORD = 'x-error-codes';

/** The shape of every refusal: `{ error: { code, message, details? } }` (server/http/error-handler.ts). */
export function ErrorAnswer(codes: readonly string[]) {
  return Type.Object(
    {
      error: Type.Object({
        code: Type.String({ description: 'a stable code listed in docs/errors.md' }),
        message: Type.String({ description: 'what went wrong, for a person' }),
        details: Type.Optional(Type.Unknown({ description: 'what the code documents: fields at fault, limits …' })),
      }),
    },
    { description: `codes: ${codes.join(', ')}`, [ERROR_CODES_KEYWORD]: [...codes] },
  );
}

/** The error answers of a route, by status: each code under the status its kind maps to. */
export function errors(...codes: ErrorCode[]): Record<number, ReturnType<typeof ErrorAnswer>> {
  return Object.fromEntries(Object.entries(codesByStatus(codes)).map(([status, list]) => [status, ErrorAnswer(list)]));
}

/** Codes grouped by the HTTP status their kind maps to. */
function codesByStatus(codes: readonly ErrorCode[]): Record<string, string[]> {
  const byStatus: Record<string, string[]> = {};
  for (const code of codes) (byStatus[String(STATUS_BY_KIND[ERROR_CODES[code]])] ??= []).push(code);
  return byStatus;
}

/** Codes every route may answer besides its own. */
const SHARED_ERRORS: {
  always: ErrorCode[];
  signedIn: ErrorCode[];
  withInput: ErrorCode[];
  withBody: ErrorCode[];
  public: ErrorCode[];
} = {
  // a request from another site's page (CORS, server/http/security-cors.ts); two writers that waited on each other
  always: ['CORS_REJECTED', 'DATABASE_BUSY'],
  signedIn: ['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED', 'PASSWORD_CHANGE_REQUIRED'],
  withInput: ['VALIDATION_FAILED'],
  // a body that is not JSON, too large, of a type the route does not take, cut short, or sent by another site
  withBody: ['BAD_JSON', 'BODY_TOO_LARGE', 'BODY_INCOMPLETE', 'CONTENT_TYPE_UNSUPPORTED', 'CSRF_REJECTED'],
  // the public routes' per-address limits (server/http/security-rate-limit.ts)
  public: ['RATE_LIMITED'],
};

type ResponseSchemas = Record<string, TSchema>;

/** Adds the shared refusals to a route's declared answers, merging codes where the status is taken. */
export function withSharedErrors(route: RouteOptions): void {
  const schema = (route.schema ??= {});
  const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
  const methods = ([] as string[]).concat(route.method);
  const takesBody = methods.some((m) => m !== 'GET' && m !== 'HEAD' && m !== 'DELETE');
  const takesInput = Boolean(schema.body || schema.querystring || schema.params || takesBody);
  const shared = [
    ...SHARED_ERRORS.always,
    ...(isPublic ? SHARED_ERRORS.public : SHARED_ERRORS.signedIn),
    ...(takesInput ? SHARED_ERRORS.withInput : []),
    ...(takesBody ? SHARED_ERRORS.withBody : []),
  ];
  const response = ((schema.response as ResponseSchemas | undefined) ?? {}) as ResponseSchemas;
  const byStatus = Object.entries(codesByStatus(shared));
  // an unexpected fault: INTERNAL, whose message never names internals (not a domain code: nothing throws it)
  byStatus.push(['500', ['INTERNAL']]);
  for (const [status, codes] of byStatus) {
    const declared = response[status] as (TSchema & { [ERROR_CODES_KEYWORD]?: string[] }) | undefined;
    const mine = declared?.[ERROR_CODES_KEYWORD];
    if (declared && !mine) continue; // a status the route answers with a shape of its own
    response[status] = ErrorAnswer([...new Set([...(mine ?? []), ...codes])]);
  }
  schema.response = response;
}

export interface ContractOptions {
  /**
   * Check every answer against its schema before it is sent, and fail the request when it does not
   * match (tests): a schema that drops or mistypes a field a route sends is caught by the suite
   * instead of silently changing what clients get.
   */
  checkAnswers: boolean;
  /** 'json-stringify': ignore the response schemas when writing (benchmarks' baseline only). */
  answersBy?: 'schema' | 'json-stringify';
}

/**
 * Wires the contract into the app: the shared refusals on every route, and the serialiser that
 * writes each answer with its schema (and, when asked, checks it first).
 */
export function registerContract(app: FastifyInstance, options: ContractOptions): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs')) withSharedErrors(route);
  });
  if (options.answersBy === 'json-stringify') {
    app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
    return;
  }
  if (!options.checkAnswers) return;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  app.setSerializerCompiler(({ schema, method, url, httpStatus }) => {
    const stringify = fastJsonStringify(schema as object) as (data: unknown) => string;
    const validate = ajv.compile(schema as object);
    return (data: unknown) => {
      // what JSON.stringify would send: Date objects as strings, undefined fields gone
      const plain = data === undefined ? undefined : (JSON.parse(JSON.stringify(data)) as unknown);
      if (!validate(plain)) {
        const problems = (validate.errors ?? [])
          .slice(0, 5)
          .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
        throw new Error(`answer of ${method} ${url} (${httpStatus}) does not match its schema: ${problems.join('; ')}`);
      }
      const written = stringify(data);
      const lost = droppedFields(plain, JSON.parse(written) as unknown);
      if (lost.length > 0) {
        throw new Error(
          `answer of ${method} ${url} (${httpStatus}) loses fields its schema does not list: ${lost.slice(0, 5).join(', ')}`,
        );
      }
      return written;
    };
  });
}

/** Paths present in what the route built but missing from what the serialiser wrote. */
function droppedFields(built: unknown, written: unknown, path = ''): string[] {
  if (Array.isArray(built)) {
    if (!Array.isArray(written)) return [];
    return built.flatMap((item, i) => droppedFields(item, written[i], `${path}[${i}]`));
  }
  if (built && typeof built === 'object') {
    if (!written || typeof written !== 'object') return [];
    return Object.entries(built as Record<string, unknown>).flatMap(([key, value]) =>
      key in (written as Record<string, unknown>)
        ? droppedFields(value, (written as Record<string, unknown>)[key], `${path}.${key}`)
        : [`${path}.${key}`],
    );
  }
  return [];
}
