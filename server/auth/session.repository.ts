/** Login sessions and the person lookups that authentication needs. */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';

export interface SessionPerson {
  id: number;
  name: string;
  role: string;
  jurisdiction_code: string;
  department_id: number | null;
  jurisdiction_level: JurisdictionLevel;
  jurisdiction_name: string;
  last_used_at: Date;
  /** A command centre reset the password: the session serves only the account routes until the person sets their own. */
  must_change_password: boolean;
}

export interface NewSession {
  tokenHash: string;
  personId: number;
  expiresAt: Date;
  at: Date;
  userAgent: string | null;
  clientAddress: string | null;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  findLogin(username: string) {
    return this.db
      .selectFrom('people')
      .select(['id', 'username', 'password_hash', 'active'])
      .where('username', '=', username)
      .executeTakeFirst();
  }

  findLoginById(personId: number) {
    return this.db
      .selectFrom('people')
      .select(['id', 'username', 'password_hash', 'active'])
      .where('id', '=', personId)
      .executeTakeFirst();
  }

  async create(session: NewSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        person_id: session.personId,
        created_at: session.at,
        expires_at: session.expiresAt,
        last_used_at: session.at,
        user_agent: session.userAgent,
        client_address: session.clientAddress,
      })
      .execute();
  }

  async revoke(tokenHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ends every live session of the person (sign out everywhere); returns how many. */
  async revokeAllOf(personId: number, at: Date): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Sets a new password hash, chosen by the person (so any pending must-change mark from a reset is
   * cleared). The people_revoke_sessions trigger (migration 012) revokes every session of the
   * person in the same statement.
   */
  async setPasswordHash(personId: number, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('people')
      .set({ password_hash: passwordHash, must_change_password: false })
      .where('id', '=', personId)
      .execute();
  }

  /**
   * The live session's person, or undefined when the token is unknown, revoked, expired, unused
   * since `idleSince` (null: no idle timeout) or its person deactivated.
   */
  findPersonBySession(tokenHash: string, now: Date, idleSince: Date | null = null): Promise<SessionPerson | undefined> {
    let query = this.db
      .selectFrom('sessions as s')
      .innerJoin('people as p', 'p.id', 's.person_id')
      .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
      .select([
        'p.id',
        'p.name',
        'p.role',
        'p.jurisdiction_code',
        'p.department_id',
        'j.level as jurisdiction_level',
        'j.name as jurisdiction_name',
        's.last_used_at',
        'p.must_change_password',
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('p.active', '=', true);
    if (idleSince) query = query.where('s.last_used_at', '>', idleSince);
    return query.executeTakeFirst();
  }

  /** Records a use of the session (the idle timeout counts from it). */
  async touch(tokenHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('last_used_at', '<', at)
      .execute();
  }

  /** The person's live sessions, most recently used first. */
  listLive(personId: number, now: Date, idleSince: Date | null) {
    let query = this.db
      .selectFrom('sessions')
      .select(['token_hash', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'client_address'])
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now);
    if (idleSince) query = query.where('last_used_at', '>', idleSince);
    return query
      .orderBy('last_used_at', 'desc')
      .orderBy(sql`token_hash`)
      .limit(100)
      .execute();
  }
}
