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
   * What decides who may read an event's files: the event's placement, reporter, tier and
   * supervising centre, and its assignments (core/events/event-access.ts); undefined without the event.
   */
  async eventAccessFacts(eventId: number) {
    const event = await this.db
      .selectFrom('events')
      .select(['county_code', 'town_code', 'village_code', 'grid_code', 'reporter_id', 'tier', 'supervisor_code'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!event) return undefined;
    const assignments = await this.db
      .selectFrom('event_assignments')
      .select(['person_id', 'department_id', 'centre_code', 'active', 'assignment_role', 'tier'])
      .where('event_id', '=', eventId)
      .orderBy('id')
      .execute();
    return { event, assignments };
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
