/**
 * Reference data the platform cannot run without: the lifecycle states (from the core's
 * definitions, so a state added in code reaches the database on the next start) and, on a new
 * database, the default event taxonomy.
 */
import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';
import { STATUS_DEFINITIONS } from '../../core/events/event-workflow.js';
import { DEFAULT_TAXONOMY } from '../../core/events/default-taxonomy.js';

export async function seedReferenceData(db: Kysely<Schema>): Promise<void> {
  const statuses = Object.entries(STATUS_DEFINITIONS).map(([code, d]) => ({
    code,
    kind: d.kind,
    name_zh: d.zh,
    name_en: d.en,
  }));
  await db
    .insertInto('event_statuses')
    .values(statuses)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        name_zh: eb.ref('excluded.name_zh'),
        name_en: eb.ref('excluded.name_en'),
      })),
    )
    .execute();
  const existing = await db.selectFrom('event_categories').select('code').limit(1).executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('event_categories')
      .values(
        DEFAULT_TAXONOMY.map((c, i) => ({
          code: c.code,
          parent_code: c.parent,
          event_type: c.type,
          name_zh: c.zh,
          name_en: c.en,
          sort_order: i,
        })),
      )
      .execute();
  }
}
