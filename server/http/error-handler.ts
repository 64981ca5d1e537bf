/**
 * The one place where errors become HTTP responses. Domain errors carry a stable code whose kind
 * picks the status; request validation, JSON syntax and size errors get codes of their own; any
 * other error is a 500 that names no internals (it is logged in full).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type ErrorKind } from '../../core/errors.js';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).send(body);
}

/**
 * Fastify's `frameworkErrors` option: errors it meets before routing (a path that is not valid
 * percent-encoding, `FST_ERR_BAD_URL`) would otherwise answer in Fastify's own shape, without a code
 * of ours.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') return send(reply, 400, 'VALIDATION_FAILED', 'the path is not valid percent-encoded UTF-8');
  return send(reply, error.statusCode && error.statusCode < 500 ? error.statusCode : 400, 'VALIDATION_FAILED', 'the request could not be routed');
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (isDomainError(error)) {
      return send(reply, STATUS_BY_KIND[error.kind], error.code, error.message, error.details);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => ({
        field: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || (v.params as { missingProperty?: string })?.missingProperty || fe.validationContext,
        problem: v.message,
      }));
      return send(reply, 400, 'VALIDATION_FAILED', `invalid ${fe.validationContext ?? 'request'}: ${fe.message}`, details);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'BAD_JSON', 'the request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
        return send(reply, 413, 'BODY_TOO_LARGE', 'the request is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(reply, 415, 'VALIDATION_FAILED', 'unsupported content type');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, 'VALIDATION_FAILED', 'invalid content length');
    }
    // busboy (under @fastify/multipart) throws plain errors for a malformed multipart body
    if (/^(Multipart: Boundary not found|Unexpected end of multipart data|Malformed part header|Boundary required)/.test(error.message)) {
      return send(reply, 400, 'VALIDATION_FAILED', 'the multipart body is malformed');
    }
    // text PostgreSQL cannot store (NUL, an unpaired surrogate) that no schema checked, e.g. an upload's file name:
    // the statement failed, its transaction rolled back, nothing was saved
    if ((error as { code?: unknown }).code === '22021' || (error as { code?: unknown }).code === '22P05') {
      return send(reply, 400, 'VALIDATION_FAILED', 'the request holds characters that cannot be stored (NUL or unpaired surrogates)');
    }
    // Two transactions waited on each other (e.g. on the same rollup rows): PostgreSQL aborted one
    // and rolled it back whole. Nothing was written; the client may simply retry.
    const sqlState = (error as { code?: unknown }).code;
    if (sqlState === '40P01' || sqlState === '40001') {
      reply.header('retry-after', '1');
      return send(reply, 503, 'DATABASE_BUSY', 'the database was busy with a conflicting change; nothing was saved — try again');
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(reply, fe.statusCode, 'VALIDATION_FAILED', fe.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'INTERNAL', 'internal error');
  });

  app.setNotFoundHandler((request, reply) => send(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
