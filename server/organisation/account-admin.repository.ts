/**
 * SQL for 账号管理: a person's sign-in as a command centre manages it. Sessions end by the
 * people_revoke_sessions trigger (migration 012) when the password hash changes or the person is
 * deactivated; the sign-in lockout is kept per username in login_failures.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { lockoutKey } from '../auth/login-lockout.repository.js';

export interface AccountRow {
  id: number;
  name: string;
  username: string | null;
  jurisdiction_code: string;
  active: boolean;
  must_change_password: boolean;
}

export class AccountAdminRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  findAccount(personId: number): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'username', 'jurisdiction_code', 'active', 'must_change_password'])
      .where('id', '=', personId)
      .executeTakeFirst();
  }

  /** A temporary password: stored as its hash, marked to be changed; the trigger ends the person's sessions. */
  async setTemporaryPassword(personId: number, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('people')
      .set({ password_hash: passwordHash, must_change_password: true })
      .where('id', '=', personId)
      .execute();
  }

  /** Deactivating ends the person's sessions (trigger); reactivating opens none. */
  async setActive(personId: number, active: boolean): Promise<void> {
    await this.db.updateTable('people').set({ active }).where('id', '=', personId).execute();
  }

  /** Forgets the username's wrong passwords and lock; returns whether there were any. */
  async clearLockout(username: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('login_failures')
      .where('username', '=', lockoutKey(username))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** When the username's lock ends, or null. */
  async lockedUntil(username: string, now: Date): Promise<Date | null> {
    const row = await this.db
      .selectFrom('login_failures')
      .select('locked_until')
      .where('username', '=', lockoutKey(username))
      .where('locked_until', '>', now)
      .executeTakeFirst();
    return row?.locked_until ? new Date(row.locked_until) : null;
  }
}
