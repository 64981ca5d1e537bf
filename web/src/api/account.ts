/**
 * The signed-in person's own account (账户安全): change the password, list the live sessions,
 * sign out everywhere. The shapes are the server's own schemas (server/auth/auth.schemas.ts),
 * imported as types; the password rules are core's (core/access/password-policy.ts), shown before
 * the server checks them.
 */
import { api } from './client';
import type {
  LogoutAllAnswer,
  PasswordBody,
  PasswordChangeAnswer,
  SessionList,
  SessionRow,
} from '../../../server/auth/auth.schemas.js';

export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, type PasswordProblem } from '../../../core/access/password-policy';

/** One live session of the user (GET /api/auth/sessions → items[]). */
export type AccountSession = SessionRow;

/** POST /api/auth/password body. */
export type PasswordChange = PasswordBody;

export const accountApi = {
  /** Every session ends; this browser gets a fresh one (cookie), so it stays signed in. */
  changePassword: (body: PasswordChange) => api.post<PasswordChangeAnswer>('/api/auth/password', body),
  sessions: (signal?: AbortSignal) => api.get<SessionList>('/api/auth/sessions', undefined, { signal }),
  /** Ends every session of the user, this one included. */
  logoutAll: () => api.post<LogoutAllAnswer>('/api/auth/logout-all'),
};
