/** The SQL of personal-data upkeep: encrypting what earlier versions stored in clear, re-encrypting to a new key. */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export class PersonalDataRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Events still holding a clear phone, oldest first, locked so two processes do not both take them. */
  async plainPhones(limit: number) {
    return this.db
      .selectFrom('events')
      .select(['id', 'reporter_phone'])
      .where('reporter_phone', 'is not', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  async storePhone(
    id: number,
    sealed: {
      reporter_phone_enc: string | null;
      reporter_phone_hash: string | null;
      reporter_phone_masked: string | null;
    },
  ) {
    await this.db
      .updateTable('events')
      .set({ ...sealed, reporter_phone: null })
      .where('id', '=', id)
      .execute();
  }

  /** Events with a value not under the active key (`prefix` = `v1:<kid>:`), after `afterId`. */
  async notUnderKey(prefix: string, afterId: number, limit: number) {
    const stale = (column: 'reporter_phone_enc' | 'reporter_id_number_enc') =>
      sql<boolean>`(${sql.ref(column)} IS NOT NULL AND ${sql.ref(column)} NOT LIKE ${prefix + '%'})`;
    return this.db
      .selectFrom('events')
      .select(['id', 'reporter_phone_enc', 'reporter_id_number_enc'])
      .where('id', '>', afterId)
      .where((eb) => eb.or([stale('reporter_phone_enc'), stale('reporter_id_number_enc')]))
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .execute();
  }

  async storeRotated(
    id: number,
    values: {
      reporter_phone_enc: string | null;
      reporter_phone_hash: string | null;
      reporter_id_number_enc: string | null;
      reporter_id_number_hash: string | null;
    },
  ) {
    await this.db.updateTable('events').set(values).where('id', '=', id).execute();
  }

  /**
   * The key ids the stored envelopes (`v1:<kid>:…`) name, read from the oldest and the newest
   * `sample` encrypted values of each column — cheap at any size (the primary key's order), and
   * enough to tell a database restored without its key file from one with it.
   */
  async keyIdsInUse(sample = 200): Promise<string[]> {
    const rows = await sql<{ kid: string }>`
      SELECT DISTINCT split_part(v, ':', 2) AS kid FROM (
        (SELECT reporter_phone_enc AS v FROM events WHERE reporter_phone_enc IS NOT NULL ORDER BY id LIMIT ${sample})
        UNION ALL (SELECT reporter_phone_enc FROM events WHERE reporter_phone_enc IS NOT NULL ORDER BY id DESC LIMIT ${sample})
        UNION ALL (SELECT reporter_id_number_enc FROM events WHERE reporter_id_number_enc IS NOT NULL ORDER BY id LIMIT ${sample})
        UNION ALL (SELECT reporter_id_number_enc FROM events WHERE reporter_id_number_enc IS NOT NULL ORDER BY id DESC LIMIT ${sample})
      ) envelopes ORDER BY 1`.execute(this.db);
    return rows.rows.map((r) => r.kid);
  }

  /** What is left under other keys or in clear: 0 when a rotation is complete. */
  async countPending(prefix: string): Promise<{ plain: number; otherKey: number }> {
    const row = await this.db
      .selectFrom('events')
      .select([
        sql<string>`count(*) FILTER (WHERE reporter_phone IS NOT NULL)`.as('plain'),
        sql<string>`count(*) FILTER (WHERE (reporter_phone_enc IS NOT NULL AND reporter_phone_enc NOT LIKE ${prefix + '%'}) OR (reporter_id_number_enc IS NOT NULL AND reporter_id_number_enc NOT LIKE ${prefix + '%'}))`.as(
          'other',
        ),
      ])
      .executeTakeFirstOrThrow();
    return { plain: Number(row.plain), otherKey: Number(row.other) };
  }
}
