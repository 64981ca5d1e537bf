/**
 * Guards the signed-in part of the app: the login page for anonymous users, with `next`; the
 * account page for a user who must first set their own password (the server refuses everything
 * else with PASSWORD_CHANGE_REQUIRED).
 */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Flex } from 'antd';
import { useAuth } from './auth';
import { PageSpinner } from '../components/PageSpinner';
import { ApiErrorAlert } from '../components/ApiErrorAlert';

/** Where a user who must set their own password is kept. */
export const ACCOUNT_PATH = '/account';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'error') {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <ApiErrorAlert error={state.error} onRetry={refresh} />
      </Flex>
    );
  }
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    const query = new URLSearchParams({
      ...(next !== '/' ? { next } : {}),
      ...(state.reason ? { reason: state.reason } : {}),
    }).toString();
    return <Navigate to={`/login${query ? `?${query}` : ''}`} replace />;
  }
  if (state.user.mustChangePassword && location.pathname !== ACCOUNT_PATH)
    return <Navigate to={ACCOUNT_PATH} replace />;
  return <>{children}</>;
}
