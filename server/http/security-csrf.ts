/**
 * CSRF protection for the session cookie. The cookie is SameSite=Strict already; this is the
 * second lock, for browsers that ignore SameSite and for a sibling site on the same registrable
 * domain (which SameSite treats as the same site). A change (POST/PUT/PATCH/DELETE) carried by
 * the cookie must come from this site: its Origin — or, when a browser sends none, its Referer —
 * names this host or an origin in CORS_ORIGINS. With neither, the request must carry the header
 * the web app always sends, `X-Requested-With: yiwang`: a page on another site cannot add a
 * custom header without a CORS preflight, which is refused. A bearer token is not sent by a
 * browser on its own, so bearer requests are not checked.
 *
 * "This host" is the request's Host (X-Forwarded-Host with TRUST_PROXY); the scheme is not
 * compared, so HTTPS ending at a proxy needs no configuration.
 */
import type { FastifyRequest } from 'fastify';
import { fail } from '../../core/errors.js';

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'yiwang';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? new URL(url.origin) : null;
  } catch {
    return null;
  }
}

/** Whether `origin` names the host the request was sent to (ports compared with the scheme's default filled in). */
function isThisHost(origin: URL, requestHost: string): boolean {
  let target: URL;
  try {
    target = new URL(`http://${requestHost}`);
  } catch {
    return false;
  }
  if (origin.hostname !== target.hostname) return false;
  const originPort = origin.port || (origin.protocol === 'https:' ? '443' : '80');
  return target.port === '' ? origin.port === '' : originPort === target.port;
}

/** Why a cookie-authenticated request is refused, or null when it may proceed. */
export function csrfProblem(request: FastifyRequest, trustedOrigins: ReadonlySet<string>): string | null {
  if (!UNSAFE_METHODS.has(request.method)) return null;
  const header = request.headers.origin ?? request.headers.referer;
  const claimed = typeof header === 'string' && header !== '' ? header : null;
  if (claimed === null) {
    return request.headers[CSRF_HEADER] === CSRF_HEADER_VALUE
      ? null
      : `a change without Origin or Referer needs the ${CSRF_HEADER} header`;
  }
  const origin = originOf(claimed);
  if (origin === null) return 'the request comes from an opaque or unknown origin';
  if (isThisHost(origin, request.host) || trustedOrigins.has(origin.origin)) return null;
  return `the request comes from another site (${origin.origin})`;
}

/** Throws CSRF_REJECTED (403) for a cross-site change carried by the session cookie. */
export function assertSameSite(request: FastifyRequest, trustedOrigins: ReadonlySet<string>): void {
  const problem = csrfProblem(request, trustedOrigins);
  if (problem) fail('CSRF_REJECTED', `refused as a possible cross-site request: ${problem}`);
}
