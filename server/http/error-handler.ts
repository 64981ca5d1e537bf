/**
 * The one place where errors become HTTP responses. Domain errors carry a stable code whose kind
 * picks the status; request validation, JSON syntax and size errors get codes of their own; any
 * other error is a 500 that names no internals (it is logged in full).
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type ErrorKind } from '../../core/errors.js';
import { bodyFailureOf, noteClosedConnection } from './upload-body.js';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  timeout: 408,
  headers_too_large: 431,
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
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    send(reply, 400, 'VALIDATION_FAILED', 'the path is not valid percent-encoded UTF-8');
    return;
  }
  // (a path parameter longer than Fastify takes is its 414): one status for the one code
  send(reply, 400, 'VALIDATION_FAILED', `the request could not be routed: ${error.message}`);
}

/** The HTTP/1.1 parser's codes for bytes that are not a request (llhttp's `HPE_…`), but for over-long headers. */
const UNPARSEABLE = /^HPE_(?!HEADER_OVERFLOW$)/;

/**
 * Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses, before or beside a request
 * a route sees. A body the client ended short of its Content-Length (`HPE_INVALID_EOF_STATE`, a
 * half-closed connection) is BODY_INCOMPLETE; other bytes that are not HTTP (those left over when
 * a body is longer than its Content-Length) are VALIDATION_FAILED. Both answer in our shape, logged
 * at debug only (anyone can send them). A reset connection hears nothing; a request timeout and
 * over-long headers keep Fastify's answers (408, 431), which have no code of ours.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: error }, 'client error');
  // The request before the bad bytes arrived whole (its Content-Length fell short of what was sent):
  // its own answer (BODY_INCOMPLETE for a cut form) goes first, then the connection closes. A
  // request still waiting for its body never gets it: it is aborted with the connection below.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished && inFlight.req?.complete) {
    inFlight.once('close', () => socket.destroy());
    return;
  }
  let head: string;
  let body: string;
  if (error.code !== undefined && UNPARSEABLE.test(error.code)) {
    const [code, message] =
      error.code === 'HPE_INVALID_EOF_STATE'
        ? ([
            'BODY_INCOMPLETE',
            'the request body ended before the Content-Length announced: nothing was saved — send it again',
          ] as const)
        : ([
            'VALIDATION_FAILED',
            'the request is not valid HTTP/1.1 (a body longer than its Content-Length leaves bytes that are not a request)',
          ] as const);
    body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
    head = '400 Bad Request';
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    body = JSON.stringify({
      error: {
        code: 'REQUEST_TIMEOUT',
        message: 'the request was not sent in time (REQUEST_TIMEOUT_SECONDS): nothing was saved — send it again',
      },
    } satisfies ErrorBody);
    head = '408 Request Timeout';
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    body = JSON.stringify({
      error: { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' },
    } satisfies ErrorBody);
    head = '431 Request Header Fields Too Large';
  } else {
    body = JSON.stringify({
      error: { code: 'VALIDATION_FAILED', message: 'the request could not be read' },
    } satisfies ErrorBody);
    head = '400 Bad Request';
  }
  // written and closed at once, as Node and Fastify do: the aborted request's own answer, if its
  // route still sends one, then meets a closed connection and is dropped
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      `HTTP/1.1 ${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * One schema failure as a client developer reads it: the field by its dotted path (`location.lat`,
 * not `body/location`), and the problem — what is missing, what is not allowed, the values allowed.
 */
export function describeValidationError(
  v: { instancePath?: string; keyword?: string; params?: unknown; message?: string },
  context: string | undefined,
): { field: string; problem: string } {
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const join = (name: string) => (path ? `${path}.${name}` : name);
  const params = (v.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  if (v.keyword === 'required' && params.missingProperty)
    return { field: join(params.missingProperty), problem: 'is required' };
  if (v.keyword === 'additionalProperties' && params.additionalProperty) {
    return { field: join(params.additionalProperty), problem: 'is not a field this request takes' };
  }
  return { field: path || context || 'request', problem: v.message ?? 'is not valid' };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (isDomainError(error)) {
      return send(reply, STATUS_BY_KIND[error.kind], error.code, error.message, error.details);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => describeValidationError(v, fe.validationContext));
      return send(reply, 400, 'VALIDATION_FAILED', details.map((d) => `${d.field} ${d.problem}`).join('; '), details);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'BAD_JSON', 'the request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'BODY_TOO_LARGE', 'the request is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(
          reply,
          415,
          'CONTENT_TYPE_UNSUPPORTED',
          `this route does not take ${request.headers['content-type'] ? `content of type ${String(request.headers['content-type']).split(';')[0]}` : 'a body without a content type'}: send JSON (application/json), or multipart/form-data for an upload`,
        );
    }
    // A body that ended early, lied about its length or broke the multipart format — read by Fastify's
    // parser before the route, or by the route (server/http/upload-body.ts) — is the client's, and
    // repeatable by anyone: a 4xx, logged at most as info (a closed connection hears no answer).
    const bodyFailure = bodyFailureOf(error);
    if (bodyFailure) {
      noteClosedConnection(request, bodyFailure);
      return send(reply, STATUS_BY_KIND[bodyFailure.kind], bodyFailure.code, bodyFailure.message);
    }
    // text PostgreSQL cannot store (NUL, an unpaired surrogate) that no schema checked, e.g. an upload's file name:
    // the statement failed, its transaction rolled back, nothing was saved
    if ((error as { code?: unknown }).code === '22021' || (error as { code?: unknown }).code === '22P05') {
      return send(
        reply,
        400,
        'VALIDATION_FAILED',
        'the request holds characters that cannot be stored (NUL or unpaired surrogates)',
      );
    }
    // Two transactions waited on each other (e.g. on the same rollup rows): PostgreSQL aborted one
    // and rolled it back whole. Nothing was written; the client may simply retry.
    const sqlState = (error as { code?: unknown }).code;
    if (sqlState === '40P01' || sqlState === '40001') {
      reply.header('retry-after', '1');
      return send(
        reply,
        503,
        'DATABASE_BUSY',
        'the database was busy with a conflicting change; nothing was saved — try again',
      );
    }
    // any other refusal Fastify made of the request itself: each status with a code documented for it
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 413) return send(reply, 413, 'BODY_TOO_LARGE', 'the request is too large');
      if (fe.statusCode === 415) return send(reply, 415, 'CONTENT_TYPE_UNSUPPORTED', fe.message);
      return send(reply, 400, 'VALIDATION_FAILED', fe.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'INTERNAL', 'internal error');
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}
