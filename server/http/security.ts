/**
 * The HTTP-level protections, registered before any route (docs/ARCHITECTURE.md, "Security"):
 * security headers on every response, CORS closed by default, per-address and per-token rate
 * limits on the public routes, and small body limits on the routes anyone may call. CSRF and the
 * sign-in limits sit in server/auth/auth.routes.ts, which knows how a request is authenticated.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { registerCors } from './security-cors.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerPublicRateLimits } from './security-rate-limit.js';

/** Routes anyone may call whose JSON bodies get PUBLIC_BODY_LIMIT_BYTES (unless a route sets its own limit). */
const SMALL_BODY_PREFIXES = ['/api/public/', '/api/auth/'];

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest n proxies". */
export function fastifyTrustProxy(
  value: boolean | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

export function registerSecurity(app: FastifyInstance, deps: Pick<AppDeps, 'config' | 'now'>): void {
  const { config } = deps;
  registerSecurityHeaders(app, config);
  registerCors(app, config.corsOrigins);
  registerPublicRateLimits(app, config.rateLimits, deps.now);
  // Multipart uploads are bounded by @fastify/multipart's limits (MAX_UPLOAD_BYTES, 5 MB in public),
  // not by bodyLimit, which covers the bodies Fastify reads whole (JSON).
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit === undefined && SMALL_BODY_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.bodyLimit = config.publicBodyLimitBytes;
    }
  });
}
