/** SQL for the attachment index. */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AttachmentsTable, Schema } from '../db/schema.js';

export class AttachmentRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async insert(row: Insertable<AttachmentsTable>): Promise<void> {
    await this.db.insertInto('attachments').values(row).execute();
  }

  find(id: string) {
    return this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Deletes up to `limit` uploads never linked to an event, public ones (no uploader) created before
   * `publicBefore`, staff ones before `staffBefore`; returns their storage keys. Rows an intake has
   * locked to link are skipped (SKIP LOCKED), and the outer condition is checked again on delete.
   */
  async deleteOrphans(options: { publicBefore: Date; staffBefore: Date; limit: number }): Promise<string[]> {
    const orphan = sql<boolean>`event_id IS NULL AND created_at < CASE WHEN uploaded_by IS NULL THEN ${options.publicBefore}::timestamptz ELSE ${options.staffBefore}::timestamptz END`;
    const rows = await this.db
      .deleteFrom('attachments')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('attachments')
          .select('id')
          .where(orphan)
          .orderBy('created_at')
          .limit(options.limit)
          .forUpdate()
          .skipLocked(),
      )
      .where(orphan)
      .returning('storage_key')
      .execute();
    return rows.map((r) => r.storage_key);
  }
}
