/**
 * Authentication, on by default: every route needs a signed-in user unless its config says
 * `public: true`. A session token arrives as the `yw_session` cookie (browser) or as
 * `Authorization: Bearer …` (apps, curl). Only the token's hash is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type {} from '@fastify/cookie';
import { fail } from '../../core/errors.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { isRole, ROLE_NAMES_ZH } from '../../core/access/roles.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';
import { SessionRepository } from './session.repository.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import type { AppDeps } from '../app-deps.js';

export const SESSION_COOKIE = 'yw_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** The route may be called without signing in (public citizen intake, login, health). */
    public?: boolean;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie || null;
}

/** The signed-in user, or a 401 — for handlers of routes that are public but act on a user when there is one. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) fail('AUTH_REQUIRED', 'sign in first');
  return request.user;
}

export async function authPlugin(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const sessions = new SessionRepository(deps.db);
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request) => {
    const token = tokenOf(request);
    if (token) {
      const person = await sessions.findPersonBySession(hashToken(token), deps.now());
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
      }
    }
    if (!request.user && request.routeOptions.config?.public !== true && request.routeOptions.url) {
      fail(token ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', token ? 'the session has expired or was revoked; sign in again' : 'sign in first');
    }
  });

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const login = await sessions.findLogin(username);
      const ok = await verifyPassword(password, login?.password_hash ?? DUMMY_HASH);
      if (!login || !ok || !login.active) fail('AUTH_INVALID_CREDENTIALS', 'wrong username or password');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(deps.now().getTime() + deps.config.sessionTtlHours * 3600_000);
      await sessions.create(hashToken(token), login.id, expiresAt);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.cookieSecure,
        expires: expiresAt,
      });
      const person = await sessions.findPersonBySession(hashToken(token), deps.now());
      return { token, expiresAt: expiresAt.toISOString(), user: presentUser(person!) };
    },
  );

  app.post('/api/auth/logout', async (request, reply) => {
    const token = tokenOf(request);
    if (token) await sessions.revoke(hashToken(token), deps.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', async (request) => {
    const user = requireUser(request);
    return {
      user: {
        id: user.id,
        name: user.name,
        role: user.role,
        roleName: ROLE_NAMES_ZH[user.role],
        jurisdictionCode: user.jurisdictionCode,
        jurisdictionLevel: user.jurisdictionLevel,
        jurisdictionName: user.jurisdictionName,
        departmentId: user.departmentId,
      },
    };
  });
}

function presentUser(p: { id: number; name: string; role: string; jurisdiction_code: string; jurisdiction_level: string; jurisdiction_name: string; department_id: number | null }) {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    roleName: isRole(p.role) ? ROLE_NAMES_ZH[p.role] : p.role,
    jurisdictionCode: p.jurisdiction_code,
    jurisdictionLevel: p.jurisdiction_level,
    jurisdictionName: p.jurisdiction_name,
    departmentId: p.department_id,
  };
}
