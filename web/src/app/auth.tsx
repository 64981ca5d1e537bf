/**
 * Who is signed in. On load the app asks GET /api/auth/me (the session is an http-only cookie,
 * so this is the only way to know); login and logout go through the API; any API call answering
 * 401 signs the user out here, and <RequireAuth> then sends them to the login page, with `next`
 * set to where they were. A user whose password a command centre reset (`mustChangePassword`) is
 * kept on the account page until they have set their own.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth';
import { ApiError, onUnauthorized } from '../api/client';
import type { SessionUser } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'expired' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'error'; error: unknown };

interface AuthContextValue {
  state: AuthState;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  refresh(): void;
  /** The user has set their own password: a reset's must-change mark is gone. */
  passwordChanged(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children, initial }: { children: ReactNode; initial?: AuthState }) {
  const [state, setState] = useState<AuthState>(initial ?? { status: 'loading' });
  const [probe, setProbe] = useState(initial ? 0 : 1);

  useEffect(() => {
    if (!probe) return;
    let cancelled = false;
    authApi.me().then(
      ({ user }) => !cancelled && setState({ status: 'signed-in', user }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [probe]);

  useEffect(() => onUnauthorized(() => setState({ status: 'anonymous', reason: 'expired' })), []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await authApi.login(username, password);
    const user: SessionUser = { ...answer.user, mustChangePassword: answer.mustChangePassword === true };
    setState({ status: 'signed-in', user });
    return user;
  }, []);
  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // signed out locally whatever the server said
    }
    setState({ status: 'anonymous' });
  }, []);
  const refresh = useCallback(() => setProbe((n) => n + 1), []);
  const passwordChanged = useCallback(
    () =>
      setState((current) =>
        current.status === 'signed-in' && current.user.mustChangePassword
          ? { status: 'signed-in', user: { ...current.user, mustChangePassword: false } }
          : current,
      ),
    [],
  );

  const value = useMemo(
    () => ({ state, login, logout, refresh, passwordChanged }),
    [state, login, logout, refresh, passwordChanged],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('wrap the app in <AuthProvider>');
  return value;
}

/** The signed-in user; only inside <RequireAuth>. */
export function useUser(): SessionUser {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useUser() outside <RequireAuth>');
  return state.user;
}
