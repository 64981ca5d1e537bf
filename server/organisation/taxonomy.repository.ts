/** SQL for editing the event taxonomy (事件分类). */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export class TaxonomyRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async insert(row: {
    code: string;
    parent_code: string | null;
    event_type: string;
    name_zh: string;
    name_en: string;
    sort_order: number;
  }) {
    await this.db.insertInto('event_categories').values(row).execute();
  }

  async update(
    code: string,
    fields: Partial<{ name_zh: string; name_en: string; sort_order: number; active: boolean }>,
  ) {
    const result = await this.db
      .updateTable('event_categories')
      .set(fields)
      .where('code', '=', code)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
