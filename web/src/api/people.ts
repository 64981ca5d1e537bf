/**
 * The people of the user's jurisdiction (GET /api/people) and 账号管理 — what a command centre does
 * to a person's sign-in: reset the password (the temporary one is in this answer only), unlock,
 * deactivate, reactivate. Shapes mirror server/organisation/organisation.routes.ts and
 * account-admin.routes.ts.
 */
import { api } from './client';
import type { Person } from './events';

/** A person as GET /api/people lists them, with the sign-in facts a command centre manages. */
export interface PersonItem extends Omit<Person, 'department'> {
  department: { id: number; name: string | null } | null;
  username: string | null;
  mustChangePassword: boolean;
  /** Locked out of signing in until then; null when not locked. */
  lockedUntil: string | null;
}

export interface PeopleQuery {
  q?: string;
  /** A jurisdiction code (12 or 15 digits) within the user's own: its subtree. */
  jurisdiction?: string;
  page?: number;
  pageSize?: number;
}

export interface AccountState {
  id: number;
  name: string;
  username: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
}

export type AccountAction = 'password-reset' | 'unlock' | 'deactivate' | 'reactivate';

export const peopleApi = {
  list: (query: PeopleQuery, signal?: AbortSignal) =>
    api.get<{ items: PersonItem[]; page: number; pageSize: number }>('/api/people', { ...query }, { signal }),
  /** The answer's `temporaryPassword` is shown once and never stored. */
  resetPassword: (id: number) =>
    api.post<{ account: AccountState; temporaryPassword: string }>(`/api/people/${id}/password-reset`),
  manage: (id: number, action: Exclude<AccountAction, 'password-reset'>) =>
    api.post<{ account: AccountState }>(`/api/people/${id}/${action}`),
};
