/**
 * 登录与会话: sign-in (rate limited per address and per username, a username locked after repeated
 * wrong passwords), sign-out (this session or everywhere), the caller's sessions, changing one's
 * password, and who am I. Who is calling is worked out by the hook (server/auth/auth.hook.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { fail } from '../../core/errors.js';
import { isRole, ROLE_NAMES_ZH } from '../../core/access/roles.js';
import { checkPassword, describePasswordProblems } from '../../core/access/password-policy.js';
import { SessionRepository, type SessionPerson } from './session.repository.js';
import { LoginLockoutRepository, lockoutKey } from './login-lockout.repository.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { enforceLimit, FixedWindowLimiter } from '../http/security-rate-limit.js';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { OkAnswer } from '../http/schema-primitives.js';
import {
  LoginAnswer,
  LoginBody,
  LogoutAllAnswer,
  MeAnswer,
  PasswordBody,
  PasswordChangeAnswer,
  SessionList,
} from './auth.schemas.js';
import { credentialOf, hashToken, idleSince, requireUser, SESSION_COOKIE } from './auth.hook.js';

export async function authRoutes(app: App, deps: AppDeps): Promise<void> {
  const sessions = new SessionRepository(deps.db);
  const lockout = new LoginLockoutRepository(deps.db);
  const { rateLimits, loginLockout } = deps.config;
  const clock = () => deps.now().getTime();
  const loginsPerAddress = new FixedWindowLimiter(rateLimits.loginPerAddress, rateLimits.windowSeconds * 1000, clock);
  const loginsPerUsername = new FixedWindowLimiter(rateLimits.loginPerUsername, rateLimits.windowSeconds * 1000, clock);

  /** Opens a session for the person on this client: the cookie for a browser, the token for others. */
  async function openSession(repo: SessionRepository, request: FastifyRequest, reply: FastifyReply, personId: number) {
    const token = randomBytes(32).toString('base64url');
    const now = deps.now();
    const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
    const userAgent = request.headers['user-agent'];
    await repo.create({
      tokenHash: hashToken(token),
      personId,
      expiresAt,
      at: now,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null,
      clientAddress: request.ip ?? null,
    });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.config.cookieSecure,
      expires: expiresAt,
    });
    return { token, expiresAt };
  }

  /** AUTH_LOCKED (429) with Retry-After until `until`. */
  function refuseLocked(reply: FastifyReply, until: Date): never {
    const seconds = Math.max(1, Math.ceil((until.getTime() - deps.now().getTime()) / 1000));
    reply.header('retry-after', String(seconds));
    fail(
      'AUTH_LOCKED',
      `too many wrong passwords: sign-in for this username is locked for ${Math.ceil(seconds / 60)} min`,
      { retryAfterSeconds: seconds },
    );
  }

  /** A wrong password for `username`: counted, and AUTH_LOCKED when it completes a lock. */
  async function countFailure(reply: FastifyReply, username: string): Promise<void> {
    if (loginLockout.failures <= 0) return;
    const lockedUntil = await lockout.recordFailure(username, deps.now(), loginLockout);
    if (lockedUntil) refuseLocked(reply, lockedUntil);
  }

  async function assertNotLocked(reply: FastifyReply, username: string): Promise<void> {
    if (loginLockout.failures <= 0) return;
    const lockedUntil = await lockout.lockedUntil(username, deps.now());
    if (lockedUntil) refuseLocked(reply, lockedUntil);
  }

  const loginOptions = {
    config: { public: true },
    schema: {
      body: LoginBody,
      response: { 200: LoginAnswer, ...errors('AUTH_INVALID_CREDENTIALS', 'AUTH_LOCKED', 'RATE_LIMITED') },
    },
  };
  app.post('/api/auth/login', loginOptions, async (request, reply) => {
    const { username, password } = request.body;
    enforceLimit(reply, loginsPerAddress.hit(request.ip), 'too many sign-in attempts from your address');
    enforceLimit(reply, loginsPerUsername.hit(lockoutKey(username)), 'too many sign-in attempts for this username');
    await assertNotLocked(reply, username);
    const login = await sessions.findLogin(username);
    const ok = await verifyPassword(password, login?.password_hash ?? DUMMY_HASH);
    if (!login || !ok || !login.active) {
      await countFailure(reply, username);
      fail('AUTH_INVALID_CREDENTIALS', 'wrong username or password');
    }
    if (loginLockout.failures > 0) await lockout.clear(username);
    const { token, expiresAt } = await openSession(sessions, request, reply, login.id);
    const person = await sessions.findPersonBySession(hashToken(token), deps.now());
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: presentUser(person!),
      mustChangePassword: person!.must_change_password,
    };
  });

  app.post('/api/auth/logout', { schema: { response: { 200: OkAnswer } } }, async (request, reply) => {
    const credential = credentialOf(request);
    if (credential) await sessions.revoke(hashToken(credential.token), deps.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  /** Sign out everywhere: every session of the user ends, this one included. */
  app.post('/api/auth/logout-all', { schema: { response: { 200: LogoutAllAnswer } } }, async (request, reply) => {
    const user = requireUser(request);
    const revoked = await sessions.revokeAllOf(user.id, deps.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const, revoked };
  });

  /** The user's own live sessions: when opened and last used, from what client; `current` is this one. */
  app.get('/api/auth/sessions', { schema: { response: { 200: SessionList } } }, async (request) => {
    const user = requireUser(request);
    const now = deps.now();
    const current = credentialOf(request);
    const currentHash = current ? hashToken(current.token) : null;
    const rows = await sessions.listLive(user.id, now, idleSince(deps.config.sessionIdleMinutes, now));
    return {
      items: rows.map((r) => ({
        // a prefix of the token's hash: names the session without being a credential
        id: r.token_hash.slice(0, 12),
        current: r.token_hash === currentHash,
        createdAt: new Date(r.created_at).toISOString(),
        lastUsedAt: new Date(r.last_used_at).toISOString(),
        expiresAt: new Date(r.expires_at).toISOString(),
        userAgent: r.user_agent,
        clientAddress: r.client_address,
      })),
    };
  });

  /**
   * Change one's own password: the current one is required (a wrong one counts towards the
   * lockout), the new one must meet the policy. Every session of the user ends; this client gets
   * a fresh one (cookie and token), so it stays signed in.
   */
  const passwordOptions = {
    schema: {
      body: PasswordBody,
      response: {
        200: PasswordChangeAnswer,
        ...errors('FORBIDDEN', 'AUTH_LOCKED', 'PASSWORD_INCORRECT', 'PASSWORD_TOO_WEAK'),
      },
    },
  };
  app.post('/api/auth/password', passwordOptions, async (request, reply) => {
    const user = requireUser(request);
    const { currentPassword, newPassword } = request.body;
    const login = await sessions.findLoginById(user.id);
    if (!login?.username) fail('FORBIDDEN', 'this account has no password to change');
    await assertNotLocked(reply, login.username);
    if (!(await verifyPassword(currentPassword, login.password_hash))) {
      await countFailure(reply, login.username);
      fail('PASSWORD_INCORRECT', 'the current password is wrong');
    }
    const problems = checkPassword(newPassword, { username: login.username });
    if (problems.length === 0 && (await verifyPassword(newPassword, login.password_hash))) {
      fail('PASSWORD_TOO_WEAK', 'the new password must differ from the current one', { problems: ['same_as_current'] });
    }
    if (problems.length) fail('PASSWORD_TOO_WEAK', describePasswordProblems(problems), { problems });
    const passwordHash = await hashPassword(newPassword);
    const session = await deps.db.transaction().execute(async (trx) => {
      const repo = new SessionRepository(trx);
      await repo.setPasswordHash(user.id, passwordHash);
      return openSession(repo, request, reply, user.id);
    });
    return { ok: true as const, token: session.token, expiresAt: session.expiresAt.toISOString() };
  });

  app.get('/api/auth/me', { schema: { response: { 200: MeAnswer } } }, async (request) => {
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
        mustChangePassword: request.passwordChangeRequired,
      },
    };
  });
}

function presentUser(p: SessionPerson): LoginAnswer['user'] {
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
