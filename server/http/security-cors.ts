/**
 * CORS, closed by default: the web app is served from the API's own origin and needs none, so a
 * response carries no Access-Control-Allow-* header and a cross-origin preflight is refused
 * (403 CORS_REJECTED). CORS_ORIGINS lists origins that may call the API from a browser — with a
 * bearer token: no Allow-Credentials, so another origin never rides on the session cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../../core/errors.js';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, accept, idempotency-key, x-requested-with';
const EXPOSED_HEADERS = 'retry-after, content-disposition';

/** The request's Origin when it is one of `allowed`. */
function allowedOrigin(request: FastifyRequest, allowed: ReadonlySet<string>): string | null {
  const origin = request.headers.origin;
  return typeof origin === 'string' && allowed.has(origin) ? origin : null;
}

export function registerCors(app: FastifyInstance, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);

  app.addHook('onRequest', async (request, reply) => {
    const isPreflight =
      request.method === 'OPTIONS' &&
      request.headers.origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined;
    if (!isPreflight) return;
    const origin = allowedOrigin(request, allowed);
    if (!origin) fail('CORS_REJECTED', 'cross-origin requests are not allowed from this origin');
    return reply
      .code(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '600')
      .header('vary', 'Origin')
      .send();
  });

  if (allowed.size === 0) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = allowedOrigin(request, allowed);
    if (origin && !reply.hasHeader('access-control-allow-origin')) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, Origin` : 'Origin');
    }
    return payload;
  });
}
