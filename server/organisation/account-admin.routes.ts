/**
 * 账号管理: a town or county command centre manages the sign-in of the people in its subtree —
 * resets a password to a temporary one (shown once, in this answer only), unlocks a username
 * locked by wrong passwords, deactivates and reactivates. Each route: validate → authorise
 * (core/access/account-admin.ts) → the repository in one transaction → present.
 *
 * A person outside the caller's subtree answers PERSON_NOT_FOUND, as if absent; a role that does
 * not manage accounts answers FORBIDDEN. The audit trail records the call (actor, person, status)
 * but never the answer's body, so the temporary password is not in it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { hashPassword } from '../auth/password.js';
import { fail, type ErrorCode } from '../../core/errors.js';
import {
  canManageAccountOf,
  managesAccounts,
  refusedOnSelf,
  temporaryPassword,
  type AccountAction,
} from '../../core/access/account-admin.js';
import { AccountAdminRepository, type AccountRow } from './account-admin.repository.js';
import {
  AccountAnswer,
  PasswordResetAnswer,
  PersonParams,
  UnlockAnswer,
  type ManagedAccount,
} from './organisation.schemas.js';

/** What every account call may be refused with: not a centre, not in its subtree, not on oneself. */
const ACCOUNT_REFUSALS: ErrorCode[] = ['FORBIDDEN', 'PERSON_NOT_FOUND', 'ACCOUNT_SELF_ACTION'];

export async function accountAdminRoutes(app: App, deps: AppDeps): Promise<void> {
  const accounts = new AccountAdminRepository(deps.db);

  /** The person the call acts on, once the caller may act on them. */
  async function authorise(request: FastifyRequest, id: number, action: AccountAction): Promise<AccountRow> {
    const user = requireUser(request);
    if (!managesAccounts(user)) fail('FORBIDDEN', 'only a town or county command centre manages accounts');
    request.auditTarget = { type: 'people', id };
    const person = await accounts.findAccount(id);
    if (!person || !canManageAccountOf(user, { jurisdictionCode: person.jurisdiction_code }))
      fail('PERSON_NOT_FOUND', `no person ${id} in your area`);
    if (person.id === user.id && refusedOnSelf(action)) {
      fail(
        'ACCOUNT_SELF_ACTION',
        action === 'deactivate'
          ? 'you cannot deactivate your own account'
          : 'change your own password at /account, with the current one',
      );
    }
    return person;
  }

  const present = async (person: AccountRow): Promise<ManagedAccount> => {
    const fresh = (await accounts.findAccount(person.id))!;
    return {
      id: fresh.id,
      name: fresh.name,
      username: fresh.username,
      active: fresh.active,
      mustChangePassword: fresh.must_change_password,
      lockedUntil: fresh.username
        ? ((await accounts.lockedUntil(fresh.username, deps.now()))?.toISOString() ?? null)
        : null,
    };
  };
  const options = <A extends TSchema>(answer: A, ...codes: ErrorCode[]) => ({
    schema: { params: PersonParams, response: { 200: answer, ...errors(...ACCOUNT_REFUSALS, ...codes) } },
  });

  /** 重置密码: a temporary password, to be changed at the next sign-in; the person's sessions and lock end. */
  app.post('/api/people/:id/password-reset', options(PasswordResetAnswer, 'PERSON_HAS_NO_LOGIN'), async (request) => {
    const person = await authorise(request, request.params.id, 'reset_password');
    if (!person.username) fail('PERSON_HAS_NO_LOGIN', `${person.name} has no username, so no password to reset`);
    const username = person.username;
    const password = temporaryPassword((n) => randomBytes(n), username);
    const passwordHash = await hashPassword(password);
    await deps.db.transaction().execute(async (trx) => {
      const repo = new AccountAdminRepository(trx);
      await repo.setTemporaryPassword(person.id, passwordHash);
      await repo.clearLockout(username);
    });
    return { account: await present(person), temporaryPassword: password };
  });

  /** 解锁: the username's wrong passwords are forgotten; the person may sign in at once. */
  app.post('/api/people/:id/unlock', options(UnlockAnswer), async (request) => {
    const person = await authorise(request, request.params.id, 'unlock');
    const cleared = person.username ? await accounts.clearLockout(person.username) : false;
    return { account: await present(person), cleared };
  });

  /** 停用: the person can no longer sign in; their sessions end (trigger). */
  app.post('/api/people/:id/deactivate', options(AccountAnswer), async (request) => {
    const person = await authorise(request, request.params.id, 'deactivate');
    await accounts.setActive(person.id, false);
    return { account: await present(person) };
  });

  /** 启用: the person may sign in again (with the password they had). */
  app.post('/api/people/:id/reactivate', options(AccountAnswer), async (request) => {
    const person = await authorise(request, request.params.id, 'reactivate');
    await accounts.setActive(person.id, true);
    return { account: await present(person) };
  });
}
