/**
 * Sign-in lockout (登录锁定): consecutive wrong passwords per username, in the database so a
 * restart does not reset them. Kept for every name typed — existing or not — so a lock says
 * nothing about which usernames exist. A failure more than the lock's length after the previous
 * one starts the count again, as does one after a lock has ended.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the username; 0 turns the lockout off. */
  failures: number;
  minutes: number;
}

/** The key a username is counted under: as typed, trimmed, lower-cased, bounded. */
export function lockoutKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

export class LoginLockoutRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** When the username's lock ends, or null when it is not locked. */
  async lockedUntil(username: string, now: Date): Promise<Date | null> {
    const row = await this.db
      .selectFrom('login_failures')
      .select('locked_until')
      .where('username', '=', lockoutKey(username))
      .where('locked_until', '>', now)
      .executeTakeFirst();
    return row?.locked_until ?? null;
  }

  /**
   * Counts a wrong password (one statement, so concurrent failures all count) and returns when
   * the username is now locked until, or null. Also forgets failures older than a day.
   */
  async recordFailure(username: string, now: Date, policy: LockoutPolicy): Promise<Date | null> {
    const span = new Date(now.getTime() - policy.minutes * 60_000);
    const lockEnds = new Date(now.getTime() + policy.minutes * 60_000);
    const row = await sql<{ locked_until: Date | null }>`
      INSERT INTO login_failures AS f (username, failures, last_failure_at, locked_until)
      VALUES (${lockoutKey(username)}, 1, ${now}, CASE WHEN 1 >= ${policy.failures}::integer THEN ${lockEnds}::timestamptz END)
      ON CONFLICT (username) DO UPDATE SET
        failures = CASE WHEN f.locked_until <= ${now} OR f.last_failure_at < ${span} THEN 1 ELSE f.failures + 1 END,
        last_failure_at = ${now},
        locked_until = CASE
          WHEN f.locked_until > ${now} THEN f.locked_until
          WHEN (CASE WHEN f.locked_until <= ${now} OR f.last_failure_at < ${span} THEN 1 ELSE f.failures + 1 END) >= ${policy.failures}::integer
            THEN ${lockEnds}::timestamptz
        END
      RETURNING locked_until`.execute(this.db);
    await this.db
      .deleteFrom('login_failures')
      .where('last_failure_at', '<', new Date(now.getTime() - 24 * 3600_000))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
    const raw = row.rows[0]?.locked_until ?? null;
    const lockedUntil = raw === null ? null : new Date(raw);
    return lockedUntil && lockedUntil > now ? lockedUntil : null;
  }

  /** A successful sign-in: the count starts again. */
  async clear(username: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('username', '=', lockoutKey(username)).execute();
  }
}
