/**
 * Authentication, on by default: every route needs a signed-in user unless its config says
 * `public: true`. A session token arrives as the `yw_session` cookie (browser) or as
 * `Authorization: Bearer …` (apps, curl). Only the token's hash is stored.
 *
 * A session ends at its absolute expiry (SESSION_TTL_HOURS), after SESSION_IDLE_MINUTES unused,
 * at sign-out (this one, or everywhere), when the password changes, or when the person is
 * deactivated (the last two by a trigger, migration 012). Sign-in is rate limited per client
 * address and per username and locks a username after repeated wrong passwords. Changes carried
 * by the cookie must come from this site (server/http/security-csrf.ts).
 *
 * After a command centre resets a person's password (账号管理, migration 015), their session serves
 * only the routes of PASSWORD_CHANGE_ROUTES until they set their own: every other route answers
 * PASSWORD_CHANGE_REQUIRED, and public routes treat them as not signed in.
 *
 * This file is the hook: who is calling (server/auth/auth.routes.ts holds sign-in, sign-out and the
 * session routes).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { fail } from '../../core/errors.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { isRole } from '../../core/access/roles.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';
import { SessionRepository } from './session.repository.js';
import { assertSameSite } from '../http/security-csrf.js';
import type { AppDeps } from '../app-deps.js';

export const SESSION_COOKIE = 'yw_session';
/** What a session whose password must be changed may still do: change it, see who and where it is, sign out. */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/auth/password',
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/auth/logout-all',
  'GET /api/auth/sessions',
]);
/** A session's last use is written at most this often (the idle timeout is that coarse). */
const TOUCH_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    /** The signed-in person must set a new password before doing anything else. */
    passwordChangeRequired: boolean;
  }
  interface FastifyContextConfig {
    /** The route may be called without signing in (public citizen intake, login, health). */
    public?: boolean;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session token and how it came: a bearer header wins over the cookie. */
export function credentialOf(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = request.headers.authorization;
  if (header && header.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, via: 'bearer' } : null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/** Sessions unused since this instant have idled out (null: no idle timeout). */
export function idleSince(sessionIdleMinutes: number, now: Date): Date | null {
  return sessionIdleMinutes > 0 ? new Date(now.getTime() - sessionIdleMinutes * 60_000) : null;
}

/** The signed-in user, or a 401 — for handlers of routes that are public but act on a user when there is one. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) fail('AUTH_REQUIRED', 'sign in first');
  return request.user;
}

/** Who is calling, on every request: the session's person as `request.user`, or a 401 unless the route is public. */
export function registerAuthentication(app: FastifyInstance, deps: AppDeps): void {
  const sessions = new SessionRepository(deps.db);
  const trustedOrigins = new Set(deps.config.corsOrigins);
  app.decorateRequest('user', null);
  app.decorateRequest('passwordChangeRequired', false);

  app.addHook('onRequest', async (request) => {
    const credential = credentialOf(request);
    // a change carried by the cookie must come from this site (bearer tokens are never sent by a browser on its own)
    if (credential?.via === 'cookie') assertSameSite(request, trustedOrigins);
    if (credential) {
      const now = deps.now();
      const tokenHash = hashToken(credential.token);
      const person = await sessions.findPersonBySession(tokenHash, now, idleSince(deps.config.sessionIdleMinutes, now));
      if (person && isRole(person.role)) {
        request.user = {
          id: person.id,
          name: person.name,
          role: person.role,
          jurisdictionCode: person.jurisdiction_code,
          jurisdictionLevel: person.jurisdiction_level as JurisdictionLevel,
          jurisdictionName: person.jurisdiction_name,
          departmentId: person.department_id,
        };
        if (now.getTime() - new Date(person.last_used_at).getTime() >= TOUCH_INTERVAL_MS)
          await sessions.touch(tokenHash, now);
        if (person.must_change_password && request.routeOptions.url) {
          request.passwordChangeRequired = true;
          if (request.routeOptions.config?.public === true) request.user = null;
          else if (!PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
            fail(
              'PASSWORD_CHANGE_REQUIRED',
              'your password was reset: set your own password first (POST /api/auth/password)',
            );
          }
        }
      }
    }
    if (!request.user && request.routeOptions.config?.public !== true && request.routeOptions.url) {
      fail(
        credential ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED',
        credential ? 'the session has expired or was revoked; sign in again' : 'sign in first',
      );
    }
  });
}
