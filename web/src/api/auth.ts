/** Session calls: sign in, who am I, sign out. */
import { api } from './client';
import type { SessionUser } from './types';

export const authApi = {
  login: (username: string, password: string) =>
    api.post<{ user: SessionUser; expiresAt: string; mustChangePassword?: boolean }>(
      '/api/auth/login',
      { username, password },
      { quietUnauthorized: true },
    ),
  /** The signed-in user; rejects with status 401 when there is no session. */
  me: () => api.get<{ user: SessionUser }>('/api/auth/me', undefined, { quietUnauthorized: true }),
  logout: () => api.post<{ ok: true }>('/api/auth/logout'),
};
