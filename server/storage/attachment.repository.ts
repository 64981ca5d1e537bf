/** SQL for the attachment index. */
import type { Insertable, Kysely } from 'kysely';
import type { AttachmentsTable, Schema } from '../db/schema.js';

export class AttachmentRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async insert(row: Insertable<AttachmentsTable>): Promise<void> {
    await this.db.insertInto('attachments').values(row).execute();
  }

  find(id: string) {
    return this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
