/** Login sessions and the person lookups that authentication needs. */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface SessionPerson {
  id: number;
  name: string;
  role: string;
  jurisdiction_code: string;
  department_id: number | null;
  jurisdiction_level: string;
  jurisdiction_name: string;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  findLogin(username: string) {
    return this.db
      .selectFrom('people')
      .select(['id', 'password_hash', 'active'])
      .where('username', '=', username)
      .executeTakeFirst();
  }

  async create(tokenHash: string, personId: number, expiresAt: Date): Promise<void> {
    await this.db.insertInto('sessions').values({ token_hash: tokenHash, person_id: personId, expires_at: expiresAt }).execute();
  }

  async revoke(tokenHash: string, at: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  /** The live session's person, or undefined when the token is unknown, revoked or expired. */
  findPersonBySession(tokenHash: string, now: Date): Promise<SessionPerson | undefined> {
    return this.db
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
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('p.active', '=', true)
      .executeTakeFirst();
  }
}
