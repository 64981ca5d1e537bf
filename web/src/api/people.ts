/**
 * The people of the user's jurisdiction (GET /api/people) and 账号管理 — what a command centre does
 * to a person's sign-in: reset the password (the temporary one is in this answer only), unlock,
 * deactivate, reactivate. The query and the answers are the server's own schemas
 * (server/organisation/organisation.schemas.ts), imported as types.
 */
import type { Static } from 'typebox';
import { api } from './client';
import type {
  AccountAnswer,
  ManagedAccount,
  PasswordResetAnswer,
  PeoplePage,
  PeopleQuery as PeopleQuerySchema,
  PersonRow,
  UnlockAnswer,
} from '../../../server/organisation/organisation.schemas.js';

/** A person as GET /api/people lists them, with the sign-in facts a command centre manages. */
export type PersonItem = PersonRow;

/** GET /api/people's query: `jurisdiction` (12 or 15 digits) within the user's own, its subtree. */
export type PeopleQuery = Static<typeof PeopleQuerySchema>;

/** A person's sign-in as the account actions answer it. */
export type AccountState = ManagedAccount;

export type AccountAction = 'password-reset' | 'unlock' | 'deactivate' | 'reactivate';

export const peopleApi = {
  list: (query: PeopleQuery, signal?: AbortSignal) => api.get<PeoplePage>('/api/people', { ...query }, { signal }),
  /** The answer's `temporaryPassword` is shown once and never stored. */
  resetPassword: (id: number) => api.post<PasswordResetAnswer>(`/api/people/${id}/password-reset`),
  /** `unlock` also answers whether there were wrong passwords to forget (`cleared`). */
  manage: <A extends Exclude<AccountAction, 'password-reset'>>(id: number, action: A) =>
    api.post<A extends 'unlock' ? UnlockAnswer : AccountAnswer>(`/api/people/${id}/${action}`),
};
