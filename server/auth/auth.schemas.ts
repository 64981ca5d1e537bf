/**
 * The contract of sign-in and sessions (auth.routes.ts): what signing in, signing out, the session
 * list, a password change and "who am I" take and answer. The web app imports the types, so this file
 * imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import { ROLES } from '../../core/access/roles.js';
import { LEVELS } from '../../core/organisation/division-code.js';
import { Instant, Nullable, literalUnion } from '../http/schema-primitives.js';

// ---- requests ----

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const PasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type PasswordBody = Static<typeof PasswordBody>;

// ---- answers ----

/** The signed-in person: who, in which role, where. */
export const SessionUser = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: literalUnion(ROLES),
  roleName: Type.String(),
  jurisdictionCode: Type.String(),
  jurisdictionLevel: literalUnion(LEVELS),
  jurisdictionName: Type.String(),
  departmentId: Nullable(Type.Integer()),
});
export type SessionUser = Static<typeof SessionUser>;

/**
 * POST /api/auth/login: the session's token (the cookie carries it too) and the person, read as
 * stored: `role` is the stored text (a role this version does not know can sign in, but no route
 * then accepts the session).
 */
export const LoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Instant,
  user: Type.Object({ ...SessionUser.properties, role: Type.String() }),
  /** A command centre reset the password: until the person sets their own, only the account routes work. */
  mustChangePassword: Type.Boolean(),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** POST /api/auth/logout-all: how many sessions ended, this one included. */
export const LogoutAllAnswer = Type.Object({ ok: Type.Literal(true), revoked: Type.Integer() });
export type LogoutAllAnswer = Static<typeof LogoutAllAnswer>;

/** One live session of the caller's. */
export const SessionRow = Type.Object({
  /** A prefix of the token's hash: names the session without being a credential. */
  id: Type.String(),
  /** The session this request came with. */
  current: Type.Boolean(),
  createdAt: Instant,
  lastUsedAt: Instant,
  expiresAt: Instant,
  userAgent: Nullable(Type.String()),
  clientAddress: Nullable(Type.String()),
});
export type SessionRow = Static<typeof SessionRow>;

/** GET /api/auth/sessions */
export const SessionList = Type.Object({ items: Type.Array(SessionRow) });
export type SessionList = Static<typeof SessionList>;

/** POST /api/auth/password: every other session ended; this client's fresh one (cookie and token). */
export const PasswordChangeAnswer = Type.Object({ ok: Type.Literal(true), token: Type.String(), expiresAt: Instant });
export type PasswordChangeAnswer = Static<typeof PasswordChangeAnswer>;

/** GET /api/auth/me */
export const MeAnswer = Type.Object({
  user: Type.Object({
    ...SessionUser.properties,
    /** A command centre reset the password: until the person sets their own, only the account routes work. */
    mustChangePassword: Type.Boolean(),
  }),
});
export type MeAnswer = Static<typeof MeAnswer>;
