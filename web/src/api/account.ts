/**
 * The signed-in person's own account (账户安全): change the password, list the live sessions,
 * sign out everywhere. Shapes mirror server/auth/auth.plugin.ts; the password rules are core's
 * (core/access/password-policy.ts), shown before the server checks them.
 */
import { api } from './client';

export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, type PasswordProblem } from '../../../core/access/password-policy';

/** One live session of the user (GET /api/auth/sessions). */
export interface AccountSession {
  /** A prefix of the token's hash: names the session, is no credential. */
  id: string;
  /** The session this browser uses. */
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  clientAddress: string | null;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export const accountApi = {
  /** Every session ends; this browser gets a fresh one (cookie), so it stays signed in. */
  changePassword: (body: PasswordChange) =>
    api.post<{ ok: true; token: string; expiresAt: string }>('/api/auth/password', body),
  sessions: (signal?: AbortSignal) => api.get<{ items: AccountSession[] }>('/api/auth/sessions', undefined, { signal }),
  /** Ends every session of the user, this one included. */
  logoutAll: () => api.post<{ ok: true; revoked: number }>('/api/auth/logout-all'),
};
